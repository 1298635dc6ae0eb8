/**
 * Yttra on PostgreSQL as a process: kill -9 while a client types loses nothing that was
 * broadcast (each update is committed before anyone sees it), and the compiled bundle `npm start`
 * runs loads the PostgreSQL driver (a chunk of its own) and never logs the database password.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, SERVER_COMPILED, spawnServer, type ServerProcess } from '../helpers/process';
import { api, createDocument, tempDataDir, wsUrl } from '../helpers/server';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const database = useTestDatabase();
const clients: TestClient[] = [];
const processes: ServerProcess[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(processes.splice(0).map((server) => server.kill9()));
});

describe('Yttra on PostgreSQL as a process', () => {
  beforeAll(() => {
    // `npm test` has built it already; run directly, vitest gets the same build (only if stale).
    const build = spawnSync(process.execPath, ['scripts/build.js'], { cwd: repoRoot, stdio: 'inherit' });
    expect(build.status).toBe(0);
  });

  it('keeps every update that was broadcast before a kill -9', async () => {
    const port = await freePort();
    const env = { YTTRA_DATABASE_URL: database.current.url };
    const first = await spawnServer(port, tempDataDir(), env, SERVER_COMPILED);
    processes.push(first);
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
    // Nothing may be sent again by the old clients: what counts is what PostgreSQL holds.
    writer.provider.disconnect();
    watcher.provider.disconnect();
    const broadcast = [...seen];

    // Another data directory: everything comes from the database.
    const second = await spawnServer(port, tempDataDir(), env, SERVER_COMPILED);
    processes.push(second);
    const reader = connectClient(wsUrl(second), id, { token: first.adminToken });
    clients.push(reader);
    await waitSynced(reader);
    const stored = new Set(sectionText(reader.doc, 'arendet').split(' '));
    expect(broadcast.filter((word) => !stored.has(word))).toEqual([]);

    typeInSection(writer.doc, 'arendet', 'skrivet-offline ');
    writer.provider.connect();
    await waitFor(() => sectionText(reader.doc, 'arendet').includes('skrivet-offline'), 'the offline edit to arrive');
    await waitFor(() => sectionText(reader.doc, 'arendet') === sectionText(writer.doc, 'arendet'), 'writer and reader to converge');
  });

  it('runs compiled, with the demo, and logs the database without its password', async () => {
    const url = new URL(await freshSchemaUrl(database.current));
    url.password = 'hemligt-losenord';
    const server = await spawnServer(
      await freePort(),
      tempDataDir(),
      { YTTRA_DATABASE_URL: url.toString(), YTTRA_DEMO: 'true', LOG_LEVEL: 'info' },
      SERVER_COMPILED,
    );
    processes.push(server);
    const { status, body } = await api<{ documents: unknown[] }>(server, server.adminToken, 'GET', '/api/documents');
    expect(status).toBe(200);
    expect(body.documents.length).toBeGreaterThan(0);
    expect(server.output()).toContain('PostgreSQL schema migrated');
    expect(server.output()).toContain('created the demo documents');
    expect(server.output()).toContain(url.host);
    expect(server.output()).not.toContain('hemligt-losenord');
  });
});
