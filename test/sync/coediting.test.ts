import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentType } from '../../shared/model';
import { readTitle } from '../../shared/doc/headerFields';
import { connectClient, sectionKeys, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createDocument, startTestServer, wsUrl } from '../helpers/server';

const templateKeys = documentType('tjansteskrivelse').sections.map((section) => section.key);

describe('when three stock y-websocket clients edit one document', () => {
  const clients: TestClient[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('receives the template with every section in order', async () => {
    const server = await startTestServer();
    servers.push(server);
    const id = await createDocument(server);
    const client = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(client);
    await waitSynced(client);
    expect(sectionKeys(client.doc)).toEqual(templateKeys);
    expect(readTitle(client.doc)).toBe('Testärende');
  });

  it('converges after concurrent edits in the same and in different sections', async () => {
    const server = await startTestServer();
    servers.push(server);
    const id = await createDocument(server);
    const [a, b, c] = [0, 1, 2].map(() => connectClient(wsUrl(server), id, { token: server.adminToken }));
    clients.push(a!, b!, c!);
    await Promise.all(clients.map(waitSynced));

    for (let round = 0; round < 20; round++) {
      typeInSection(a!.doc, 'sammanfattning', `a${round} `);
      typeInSection(b!.doc, 'sammanfattning', `b${round} `);
      typeInSection(c!.doc, 'arendet', `c${round} `);
    }
    const expectedLength = 20 * 2 * 4 + 20 * 1 * 4 + (20 - 10) * 3;
    const state = (client: TestClient) => sectionText(client.doc, 'sammanfattning') + '|' + sectionText(client.doc, 'arendet');
    await waitFor(
      () => state(a!) === state(b!) && state(b!) === state(c!) && state(a!).length >= expectedLength - 100,
      'all three clients to hold the same text',
    );
    expect(sectionText(a!.doc, 'sammanfattning')).toContain('a19 ');
    expect(sectionText(a!.doc, 'sammanfattning')).toContain('b19 ');
    expect(sectionText(b!.doc, 'arendet')).toContain('c19 ');
    expect(Y.encodeStateVector(a!.doc)).toEqual(Y.encodeStateVector(c!.doc));
    expect(sectionKeys(c!.doc)).toEqual(templateKeys);
  });

  it('keeps every broadcast update across a server restart', async () => {
    const first = await startTestServer();
    const id = await createDocument(first);
    const writer = connectClient(wsUrl(first), id, { token: first.adminToken });
    const watcher = connectClient(wsUrl(first), id, { token: first.adminToken });
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);
    for (let index = 0; index < 50; index++) typeInSection(writer.doc, 'sammanfattning', `ord${index} `);
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('ord49 '), 'watcher to see the last word');
    writer.destroy();
    watcher.destroy();
    await first.close();

    const second = await startTestServer({ dataDir: first.dataDir });
    servers.push(second);
    const reader = connectClient(wsUrl(second), id, { token: second.adminToken });
    clients.push(reader);
    await waitSynced(reader);
    const text = sectionText(reader.doc, 'sammanfattning');
    for (let index = 0; index < 50; index++) expect(text).toContain(`ord${index} `);
    expect(sectionKeys(reader.doc)).toEqual(templateKeys);
  });

  it('answers a document id that does not exist with close code 4404', async () => {
    const server = await startTestServer();
    servers.push(server);
    const client = connectClient(wsUrl(server), 'finns-inte', { token: server.adminToken });
    clients.push(client);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.on('connection-close', (event: CloseEvent | null) =>
        resolve({ code: event?.code ?? 0, reason: String(event?.reason ?? '') }),
      ),
    );
    const { code, reason } = await closed;
    expect(code).toBe(4404);
    expect(reason).toMatch(/finns inte/);
  });
});

describe('the metrics endpoint', () => {
  it('counts rooms, connections, stored updates and how long each edit was held before its broadcast', async () => {
    const server = await startTestServer();
    try {
      const id = await createDocument(server);
      const client = connectClient(wsUrl(server), id, { token: server.adminToken });
      await waitSynced(client);
      typeInSection(client.doc, 'arendet', 'räknas');
      await waitFor(() => sectionText(client.doc, 'arendet').includes('räknas'), 'local edit');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toMatch(/^yttra_rooms 1$/m);
      expect(text).toMatch(/^yttra_connections 1$/m);
      expect(Number(/^yttra_updates_stored_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
      // Only clients' edits are timed (the server's own template write arrived in no frame).
      expect(Number(/^yttra_relay_seconds_count (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
      expect(Number(/^yttra_relay_seconds_sum ([\d.e-]+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
