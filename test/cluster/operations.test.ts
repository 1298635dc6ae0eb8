/**
 * Operating several instances: GET /readyz on both backends, and SIGTERM hands the rooms over
 * (their leases released, so the next instance takes them at once rather than after the lease).
 */
import pg from 'pg';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir, useServersAndClients, wsUrl } from '../helpers/server';
import { useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const processes: ServerProcess[] = [];
const clients: TestClient[] = [];
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  providers.splice(0).forEach((provider) => provider.destroy());
  clients.splice(0).forEach((client) => client.destroy());
  for (const server of processes.splice(0)) await server.kill9();
});

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('operating several instances', () => {
  const { start } = useServersAndClients();

  it('answers GET /readyz on SQLite and on PostgreSQL', async () => {
    const onSqlite = await start();
    const sqlite = await fetch(`${onSqlite.url}/readyz`);
    expect(sqlite.status).toBe(200);
    expect(await sqlite.json()).toEqual({ ok: true });
    expect(await metric(onSqlite.url, 'yttra_cluster_rooms_owned')).toBe(0);
    const onPostgres = await start({ databaseUrl: database.current.url });
    const postgres = await fetch(`${onPostgres.url}/readyz`);
    expect(postgres.status).toBe(200);
    expect(await postgres.json()).toEqual({ ok: true });
  });

  it('hands its rooms over on SIGTERM: their leases are released and the other instance serves them without waiting', async () => {
    const env = {
      YTTRA_DATABASE_URL: database.current.url,
      YTTRA_CLUSTER_SECRET: 'ein-geheimnis-fur-die-tests-0123456789',
      // Long: the other instance could only take the room this soon if it was handed over.
      YTTRA_CLUSTER_LEASE_MS: '60000',
    };
    const first = await spawnServer(await freePort(), tempDataDir(), env);
    processes.push(first);
    const second = await spawnServer(await freePort(), tempDataDir(), env);
    processes.push(second);
    const id = await createDocument(first);
    const client = connectClient(wsUrl(first), id, { token: first.adminToken });
    clients.push(client);
    await waitSynced(client);
    const watcher = connectClient(wsUrl(second), id, { token: second.adminToken });
    clients.push(watcher);
    await waitSynced(watcher);
    typeInSection(client.doc, 'sammanfattning', ' före avstängningen');
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('före avstängningen'), 'the word through the owner');
    expect(await metric(first.url, 'yttra_cluster_rooms_owned')).toBe(1);

    const firstPid = first.child.pid;
    expect(await first.stop()).toBe(0);
    processes.splice(processes.indexOf(first), 1);
    const db = new pg.Client({ connectionString: database.current.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ owner: string }>('SELECT owner FROM room_lease WHERE room = $1', [`doc:${id}`]);
      // Released ('') or already taken by the second instance for its reconnecting watcher; not the first's.
      expect(rows[0]!.owner.startsWith(`${firstPid}-`)).toBe(false);
      const { rows: instances } = await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM cluster_instance');
      expect(Number(instances[0]!.n)).toBe(1);
    } finally {
      await db.end();
    }

    // The client, sent to the living instance, edits at once: far sooner than the 60 s lease.
    const doc = client.doc;
    client.provider.destroy();
    const moved = new WebsocketProvider(wsUrl(second), id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: second.adminToken },
      disableBc: true,
      maxBackoffTime: 300,
    });
    providers.push(moved);
    typeInSection(doc, 'sammanfattning', ' efter avstängningen');
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('efter avstängningen'), 'the edit on the new owner', 20_000);
    expect(Y.encodeStateVector(watcher.doc)).toEqual(Y.encodeStateVector(doc));
    expect(await metric(second.url, 'yttra_cluster_rooms_owned')).toBe(1);
    expect(await metric(second.url, 'yttra_cluster_lease_takeovers_total')).toBe(0);
  });
});
