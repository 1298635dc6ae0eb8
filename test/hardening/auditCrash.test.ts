/**
 * Finding 19: "edited" audit events are written through, so a crash (kill -9) right after edits
 * were stored cannot keep the edits and lose who made them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { api, createDocument, tempDataDir, wsUrl } from '../helpers/server';

describe('when the server is killed right after edits were stored', () => {
  const clients: TestClient[] = [];
  const processes: ServerProcess[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(processes.splice(0).map((server) => server.kill9()));
  });

  it('still has the "edited" events naming who changed which sections', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    const first = await spawnServer(port, dataDir);
    processes.push(first);
    const id = await createDocument(first);
    const writer = connectClient(wsUrl(first), id, { token: first.adminToken });
    const watcher = connectClient(wsUrl(first), id, { token: first.adminToken });
    clients.push(writer, watcher);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);

    for (let index = 0; index < 50; index++) typeInSection(writer.doc, 'arendet', `ord${index} `);
    typeInSection(writer.doc, 'barnperspektiv', 'Barnen berörs.');
    // The watcher has them: the server stored them before broadcasting.
    await waitFor(
      () => sectionText(watcher.doc, 'barnperspektiv').includes('Barnen berörs.') && sectionText(watcher.doc, 'arendet').includes('ord49'),
      'the edits to be broadcast',
    );
    await first.kill9();
    processes.splice(0);
    writer.provider.disconnect();
    watcher.provider.disconnect();

    const second = await spawnServer(port, dataDir);
    processes.push(second);
    const { body } = await api<{ events: Array<{ action: string; userName: string; detail: { sections?: string[] } }> }>(
      second,
      second.adminToken,
      'GET',
      `/api/documents/${id}/audit`,
    );
    const edited = body.events.filter((event) => event.action === 'edited');
    const seen = JSON.stringify(body.events);
    expect(edited.length, seen).toBeGreaterThan(0);
    expect(
      edited.every((event) => event.userName === 'Administratör'),
      seen,
    ).toBe(true);
    expect([...new Set(edited.flatMap((event) => event.detail.sections ?? []))].sort(), seen).toEqual(['arendet', 'barnperspektiv']);
  });
});
