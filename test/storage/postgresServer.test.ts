/**
 * A whole Yttra server on PostgreSQL (YTTRA_DATABASE_URL): stock y-websocket clients create and
 * edit a document, the server stops, another starts on the same database with an empty data
 * directory and serves the document with every broadcast word.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(): Promise<TestServer> {
  const server = await startTestServer({ databaseUrl: database.current.url });
  servers.push(server);
  return server;
}

function connect(server: TestServer, id: string): TestClient {
  const client = connectClient(wsUrl(server), id, { token: server.adminToken });
  clients.push(client);
  return client;
}

describe('Yttra on PostgreSQL', () => {
  it('keeps a document created and edited by stock clients across a restart, with nothing in the data directory', async () => {
    const first = await start();
    const id = await createDocument(first, 'tjansteskrivelse', 'Ärende på PostgreSQL');
    const writer = connect(first, id);
    const watcher = connect(first, id);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);
    for (let index = 0; index < 40; index++) typeInSection(writer.doc, 'sammanfattning', `ord${index} `);
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('ord39 '), 'the watcher to see the last word');
    clients.splice(0).forEach((client) => client.destroy());
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    expect(fs.existsSync(path.join(first.dataDir, 'yttra.sqlite'))).toBe(false);

    const client = new pg.Client({ connectionString: database.current.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM room_snapshot WHERE room = $1', [`doc:${id}`]);
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      await client.end();
    }

    const second = await start();
    expect(second.dataDir).not.toBe(first.dataDir);
    const listing = await api<Array<{ id: string; title: string }>>(second, second.adminToken, 'GET', '/api/documents');
    expect(listing.status).toBe(200);
    expect(JSON.stringify(listing.body)).toContain('Ärende på PostgreSQL');
    const reader = connect(second, id);
    await waitSynced(reader);
    const text = sectionText(reader.doc, 'sammanfattning');
    for (let index = 0; index < 40; index++) expect(text).toContain(`ord${index} `);

    // And it goes on: an edit after the restart is stored after the reloaded log.
    typeInSection(reader.doc, 'sammanfattning', 'efter-omstart ');
    const other = connect(second, id);
    await waitSynced(other);
    await waitFor(() => sectionText(other.doc, 'sammanfattning').includes('efter-omstart '), 'the edit after the restart');
  });
});
