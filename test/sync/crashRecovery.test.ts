import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir, wsUrl } from '../helpers/server';

describe('when the server process dies', () => {
  const clients: TestClient[] = [];
  const processes: ServerProcess[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(processes.splice(0).map((server) => server.kill9()));
  });

  it('keeps every update that was broadcast before a kill -9', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    const first = await spawnServer(port, dataDir);
    const id = await createDocument(first);
    const writer = connectClient(wsUrl(first), id, { token: first.adminToken });
    const watcher = connectClient(wsUrl(first), id, { token: first.adminToken });
    clients.push(writer, watcher);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);

    const seen = new Set<string>();
    watcher.doc.on('update', () => {
      for (const word of sectionText(watcher.doc, 'arendet').split(' ')) if (word) seen.add(word);
    });
    let written = 0;
    const typing = setInterval(() => {
      if (written < 400) typeInSection(writer.doc, 'arendet', `w${written++} `);
    }, 2);
    await waitFor(() => seen.size >= 100, 'a steady stream of broadcast words');
    await first.kill9();
    clearInterval(typing);
    // Nothing may be re-sent by the old clients: what counts is what the server had stored.
    writer.provider.disconnect();
    watcher.provider.disconnect();
    const broadcast = [...seen];

    processes.push(await spawnServer(port, dataDir));
    const reader = connectClient(wsUrl(first), id, { token: first.adminToken });
    clients.push(reader);
    await waitSynced(reader);
    const stored = new Set(sectionText(reader.doc, 'arendet').split(' '));
    const lost = broadcast.filter((word) => !stored.has(word));
    expect(lost).toEqual([]);

    // The writer kept typing while the server was down; reconnecting brings it in.
    typeInSection(writer.doc, 'arendet', 'skrivet-offline ');
    writer.provider.connect();
    await waitFor(() => sectionText(reader.doc, 'arendet').includes('skrivet-offline'), 'offline edit to arrive');
    await waitFor(() => sectionText(reader.doc, 'arendet') === sectionText(writer.doc, 'arendet'), 'writer and reader to converge');
  });

  it('flushes and exits with code 0 on SIGTERM, keeping everything', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    const server = await spawnServer(port, dataDir);
    const id = await createDocument(server);
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(writer);
    await waitSynced(writer);
    for (let index = 0; index < 30; index++) typeInSection(writer.doc, 'sammanfattning', `s${index} `);
    await new Promise((resolve) => setTimeout(resolve, 200));
    writer.provider.disconnect();
    expect(await server.stop()).toBe(0);

    processes.push(await spawnServer(port, dataDir));
    const reader = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(reader);
    await waitSynced(reader);
    expect(sectionText(reader.doc, 'sammanfattning')).toContain('s29 ');
  });
});
