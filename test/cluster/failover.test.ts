/**
 * Two Yttra processes on one PostgreSQL database while stock clients on both type (issue 17):
 * - kill -9 of the room's owner: every word any client saw broadcast is stored, and every client
 *   converges after reconnecting (those of the dead instance to the living one, as a load balancer
 *   would send them);
 * - kill -9 of an instance that only forwards: nothing is lost;
 * - the owner stopped (SIGSTOP) past its lease: the other instance takes the room over; when the
 *   first resumes (SIGCONT) its writes are refused by the fence and it gives the room up; nothing
 *   is lost or doubled.
 */
import pg from 'pg';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir, wsUrl } from '../helpers/server';
import { useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const LEASE_MS = 2000;
const processes: ServerProcess[] = [];
const clients: TestClient[] = [];
const moved: WebsocketProvider[] = [];

afterEach(async () => {
  moved.splice(0).forEach((provider) => provider.destroy());
  clients.splice(0).forEach((client) => client.destroy());
  for (const server of processes.splice(0)) {
    server.child.kill('SIGCONT');
    await server.kill9();
  }
});

async function spawnInstance(): Promise<ServerProcess> {
  const server = await spawnServer(await freePort(), tempDataDir(), {
    YTTRA_DATABASE_URL: database.current.url,
    YTTRA_CLUSTER_SECRET: 'ein-geheimnis-fur-die-tests-0123456789',
    YTTRA_CLUSTER_LEASE_MS: String(LEASE_MS),
  });
  processes.push(server);
  return server;
}

function connect(server: ServerProcess, id: string): TestClient {
  const client = connectClient(wsUrl(server), id, { token: server.adminToken });
  clients.push(client);
  return client;
}

/** The client's document, now through `server` (a load balancer sends it to a living instance). */
function moveTo(client: TestClient, server: ServerProcess, id: string): void {
  client.provider.destroy();
  client.provider = new WebsocketProvider(wsUrl(server), id, client.doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: server.adminToken },
    disableBc: true,
    maxBackoffTime: 300,
  });
  moved.push(client.provider);
}

async function lease(room: string): Promise<{ owner: string; epoch: number } | undefined> {
  const client = new pg.Client({ connectionString: database.current.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string; epoch: string }>('SELECT owner, epoch FROM room_lease WHERE room = $1', [room]);
    return rows[0] ? { owner: rows[0].owner, epoch: Number(rows[0].epoch) } : undefined;
  } finally {
    await client.end();
  }
}

/** Words of the form <prefix><n> in a section, each as often as it occurs. */
function words(text: string, prefix: string): string[] {
  return text.split(/\s+/).filter((word) => new RegExp(`^${prefix}\\d+$`).test(word));
}

/** Types a word every `ms` into the client's section until stopped; returns what it typed. */
function typist(client: TestClient, section: string, prefix: string, ms = 25) {
  const typed: string[] = [];
  let index = 0;
  const timer = setInterval(() => {
    const word = `${prefix}${index++}`;
    typeInSection(client.doc, section, ` ${word}`);
    typed.push(word);
  }, ms);
  return {
    typed,
    stop: () => clearInterval(timer),
  };
}

async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('failover between two instances', () => {
  it('keeps every word any client saw broadcast when the owner is killed with -9, and all clients converge', async () => {
    const [first, second] = [await spawnInstance(), await spawnInstance()];
    const id = await createDocument(first);
    const room = `doc:${id}`;
    const onFirst = connect(first, id);
    await waitSynced(onFirst);
    const onSecond = connect(second, id);
    await waitSynced(onSecond);
    const before = await lease(room);
    expect(before).toBeDefined();

    const a = typist(onFirst, 'sammanfattning', 'a');
    const b = typist(onSecond, 'arendet', 'b');
    // Each client has seen some of the other's words broadcast.
    await waitFor(
      () =>
        words(sectionText(onSecond.doc, 'sammanfattning'), 'a').length >= 10 &&
        words(sectionText(onFirst.doc, 'arendet'), 'b').length >= 10,
      'both clients to see the other type',
      30_000,
    );
    await first.kill9();
    processes.splice(processes.indexOf(first), 1);
    // What each client saw of the other's typing: stored by the owner before it was broadcast.
    const seenBroadcast = [...words(sectionText(onSecond.doc, 'sammanfattning'), 'a'), ...words(sectionText(onFirst.doc, 'arendet'), 'b')];
    // They keep typing a little while the room moves.
    await new Promise((resolve) => setTimeout(resolve, 300));
    a.stop();
    b.stop();
    moveTo(onFirst, second, id);

    const everything = [...a.typed, ...b.typed];
    const complete = (client: TestClient) => {
      const text = `${sectionText(client.doc, 'sammanfattning')} ${sectionText(client.doc, 'arendet')}`;
      return everything.every((word) => text.includes(` ${word}`));
    };
    await waitFor(() => complete(onFirst) && complete(onSecond), 'both clients to have every word after reconnecting', 60_000);
    const fresh = connect(second, id);
    await waitSynced(fresh);
    await waitFor(() => complete(fresh), 'a fresh client to get every word from storage', 30_000);
    const stored = `${sectionText(fresh.doc, 'sammanfattning')} ${sectionText(fresh.doc, 'arendet')}`;
    for (const word of seenBroadcast) expect(stored).toContain(` ${word}`);
    for (const client of [onFirst, onSecond]) {
      expect(sectionText(client.doc, 'sammanfattning')).toBe(sectionText(fresh.doc, 'sammanfattning'));
      expect(sectionText(client.doc, 'arendet')).toBe(sectionText(fresh.doc, 'arendet'));
    }
    // The second instance took the room over under a higher epoch.
    const after = await lease(room);
    expect(after!.owner).not.toBe(before!.owner);
    expect(after!.epoch).toBeGreaterThan(before!.epoch);
    expect(await metric(second, 'yttra_cluster_lease_takeovers_total')).toBeGreaterThanOrEqual(1);
  });

  it('loses nothing when an instance that only forwards is killed with -9', async () => {
    const [first, second] = [await spawnInstance(), await spawnInstance()];
    const id = await createDocument(first);
    const onFirst = connect(first, id);
    await waitSynced(onFirst);
    const onSecond = connect(second, id);
    await waitSynced(onSecond);
    const b = typist(onSecond, 'arendet', 'b');
    await waitFor(() => words(sectionText(onFirst.doc, 'arendet'), 'b').length >= 10, 'the owner’s client to see the typing', 30_000);
    await second.kill9();
    processes.splice(processes.indexOf(second), 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    b.stop();
    moveTo(onSecond, first, id);
    const complete = (client: TestClient) => b.typed.every((word) => sectionText(client.doc, 'arendet').includes(` ${word}`));
    await waitFor(() => complete(onFirst) && complete(onSecond), 'every word on both clients', 30_000);
    expect(sectionText(onFirst.doc, 'arendet')).toBe(sectionText(onSecond.doc, 'arendet'));
    expect(await metric(first, 'yttra_cluster_lease_takeovers_total')).toBe(0);
  });

  it('fences the owner stopped past its lease: the other takes over, the resumed one gives the room up, nothing lost or doubled', async () => {
    const [first, second] = [await spawnInstance(), await spawnInstance()];
    const id = await createDocument(first);
    const room = `doc:${id}`;
    const onFirst = connect(first, id);
    await waitSynced(onFirst);
    const onSecond = connect(second, id);
    await waitSynced(onSecond);
    typeInSection(onFirst.doc, 'sammanfattning', ' a-start');
    await waitFor(() => sectionText(onSecond.doc, 'sammanfattning').includes('a-start'), 'the first word to arrive');
    const before = await lease(room);
    // How the stale owner sends its clients away: "moved, reconnect" (4002), not a storage failure.
    const closeCodes: number[] = [];
    onFirst.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });

    first.child.kill('SIGSTOP');
    // Both keep typing: the first client's words wait in the stopped instance's socket.
    const a = typist(onFirst, 'sammanfattning', 'a', 100);
    const b = typist(onSecond, 'arendet', 'b', 100);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const current = await lease(room);
      if (current && current.owner !== before!.owner && current.owner !== '') break;
      if (Date.now() > deadline) throw new Error('the second instance did not take the room over');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitFor(() => onSecond.provider.synced && onSecond.provider.wsconnected, 'the second client back on the new owner', 30_000);
    first.child.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 500));
    a.stop();
    b.stop();

    const everything = [...a.typed, ...b.typed, 'a-start'];
    const complete = (client: TestClient) => {
      const text = `${sectionText(client.doc, 'sammanfattning')} ${sectionText(client.doc, 'arendet')}`;
      return everything.every((word) => text.includes(` ${word}`));
    };
    await waitFor(() => complete(onFirst) && complete(onSecond), 'both clients to have every word', 60_000);
    const fresh = connect(second, id);
    await waitSynced(fresh);
    await waitFor(() => complete(fresh), 'the stored document to have every word', 30_000);
    const stored = `${sectionText(fresh.doc, 'sammanfattning')} ${sectionText(fresh.doc, 'arendet')}`.split(/\s+/);
    for (const word of everything)
      expect(
        stored.filter((entry) => entry === word),
        word,
      ).toHaveLength(1);
    // The resumed instance found its lease gone (a refused write or renewal) and gave the room up.
    expect(await metric(first, 'yttra_cluster_leases_lost_total')).toBeGreaterThanOrEqual(1);
    expect(await metric(first, 'yttra_cluster_rooms_owned')).toBe(0);
    expect(closeCodes).toContain(4002);
    expect(closeCodes).not.toContain(4500);
    const after = await lease(room);
    expect(after!.owner).not.toBe(before!.owner);
    expect(after!.epoch).toBeGreaterThan(before!.epoch);
  });
});
