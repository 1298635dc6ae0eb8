/**
 * When PostgreSQL refuses a room's writes, nothing is broadcast or acknowledged that was not
 * committed: the room closes (4500), the clients keep their edits and send them again once the
 * database takes writes again. The outage is the room_update table renamed away, which fails
 * exactly the appends while the server and the rest of the database stay up.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.current.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => codes.push(event?.code ?? 0));
  return codes;
}

describe('Yttra on PostgreSQL when the database refuses writes', () => {
  it('broadcasts no uncommitted edit, and stores every edit once writes work again', async () => {
    const server = await startTestServer({ databaseUrl: database.current.url });
    servers.push(server);
    const id = await createDocument(server, 'tjansteskrivelse', 'Avbrott');
    const connect = () => {
      const client = connectClient(wsUrl(server), id, { token: server.adminToken });
      clients.push(client);
      return client;
    };
    const writer = connect();
    const watcher = connect();
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);
    typeInSection(writer.doc, 'sammanfattning', 'före ');
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('före '), 'the first edit to be stored and relayed');

    await sql('ALTER TABLE room_update RENAME TO room_update_away');
    const writerCloses = closeCodes(writer);
    typeInSection(writer.doc, 'sammanfattning', 'under-avbrottet ');
    await waitFor(() => writerCloses.includes(4500), 'the room to close for the failed write');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sectionText(watcher.doc, 'sammanfattning')).not.toContain('under-avbrottet');

    await sql('ALTER TABLE room_update_away RENAME TO room_update');
    await waitFor(
      () => sectionText(watcher.doc, 'sammanfattning').includes('under-avbrottet '),
      'the refused edit once writes work',
      15_000,
    );

    await server.close();
    servers.splice(0);
    const restarted = await startTestServer({ databaseUrl: database.current.url });
    servers.push(restarted);
    const reader = connectClient(wsUrl(restarted), id, { token: restarted.adminToken });
    clients.push(reader);
    await waitSynced(reader);
    expect(sectionText(reader.doc, 'sammanfattning')).toContain('före ');
    expect(sectionText(reader.doc, 'sammanfattning')).toContain('under-avbrottet ');
  });
});
