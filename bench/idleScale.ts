/**
 * Idle scale: 1,000 documents with 2 stock clients each, nobody typing. The server's resident
 * memory (VmRSS of its process) is read before any client connects, after the first client of
 * every document (1,000 rooms, 1,000 connections) and after the second (1,000 more connections
 * to rooms already loaded); the difference of the two steps separates a room from a connection.
 * Both servers start every room from the same template state: Yttra from its own storage, the
 * reference from the first client, whose local document already holds the template.
 */
import * as Y from 'yjs';
import { connectBenchClient, sleep, within, type BenchClient } from './lib/clients';
import { kib, median, quick, runIfMain, type Row } from './lib/report';
import { startReference, startYttra, templateState, type BenchServer, type ServerKind } from './lib/servers';

const DOCUMENTS = quick ? 200 : 1_000;

export interface IdleScaleResult {
  rssBefore: number;
  rssOneClient: number;
  rssTwoClients: number;
  firstClientsSyncMs: number;
  secondClientsSyncMs: number;
}

/** RSS once the process has settled: the median of a few samples, after a pause for GC to run. */
async function settledRss(server: BenchServer): Promise<number> {
  await sleep(2_000);
  const samples: number[] = [];
  for (let index = 0; index < 5; index++) {
    samples.push(server.rssBytes());
    await sleep(200);
  }
  return median(samples);
}

async function createYttraRooms(server: BenchServer): Promise<string[]> {
  const rooms: string[] = [];
  // A few requests in flight at a time, as a busy office would create them.
  for (let start = 0; start < DOCUMENTS; start += 10) {
    const batch = Math.min(10, DOCUMENTS - start);
    rooms.push(...(await Promise.all(Array.from({ length: batch }, () => server.createRoom()))));
  }
  return rooms;
}

async function connectAll(server: BenchServer, rooms: string[], seed: Uint8Array | null): Promise<{ clients: BenchClient[]; ms: number }> {
  const started = performance.now();
  const clients = rooms.map((room) => {
    const doc = new Y.Doc();
    if (seed) Y.applyUpdate(doc, seed);
    return connectBenchClient(server, room, doc);
  });
  await within(Promise.all(clients.map((client) => client.whenSynced())), 120_000, `${rooms.length} clients to sync`);
  return { clients, ms: performance.now() - started };
}

/**
 * The server and its documents. Yttra's are created through the API by a first process; the
 * measured process is a fresh one on the same data directory, so that memory the API calls left
 * behind (and that rooms would later reuse) does not flatter the per-room figure.
 */
async function serverWithRooms(kind: ServerKind): Promise<{ server: BenchServer; rooms: string[] }> {
  if (kind === 'reference') {
    const rooms = Array.from({ length: DOCUMENTS }, (_, index) => `idle-${process.pid}-${index}`);
    return { server: await startReference(), rooms };
  }
  const creator = await startYttra();
  const rooms = await createYttraRooms(creator);
  await creator.stop();
  return { server: await startYttra({ dataDir: creator.dataDir! }), rooms };
}

export async function measureIdleScale(kind: ServerKind): Promise<IdleScaleResult> {
  const { server, rooms } = await serverWithRooms(kind);
  const clients: BenchClient[] = [];
  try {
    const rssBefore = await settledRss(server);
    const first = await connectAll(server, rooms, kind === 'reference' ? templateState() : null);
    clients.push(...first.clients);
    const rssOneClient = await settledRss(server);
    const second = await connectAll(server, rooms, null);
    clients.push(...second.clients);
    const rssTwoClients = await settledRss(server);
    return { rssBefore, rssOneClient, rssTwoClients, firstClientsSyncMs: first.ms, secondClientsSyncMs: second.ms };
  } finally {
    clients.forEach((client) => client.destroy());
    await server.stop();
  }
}

export async function idleScale(): Promise<Row[]> {
  const yttra = await measureIdleScale('yttra');
  const reference = await measureIdleScale('reference');
  const scenario = `idle ${DOCUMENTS} docs × 2 clients`;
  const perRoomWithClients = (result: IdleScaleResult) => kib(result.rssTwoClients - result.rssBefore) / DOCUMENTS;
  const perConnection = (result: IdleScaleResult) => kib(result.rssTwoClients - result.rssOneClient) / DOCUMENTS;
  const perRoomAlone = (result: IdleScaleResult) => perRoomWithClients(result) - 2 * perConnection(result);
  const row = (metric: string, unit: string, of: (result: IdleScaleResult) => number): Row => ({
    scenario,
    metric,
    yttra: of(yttra),
    reference: of(reference),
    unit,
  });
  const idleRoom = row('RSS per idle room with its 2 connections', 'KiB', perRoomWithClients);
  Object.assign(idleRoom, { target: '≤ reference', met: idleRoom.yttra! <= idleRoom.reference! });
  return [
    row('server RSS before clients', 'MiB', (result) => result.rssBefore / 2 ** 20),
    row('server RSS with 2 clients per doc', 'MiB', (result) => result.rssTwoClients / 2 ** 20),
    idleRoom,
    row('  of which per connection', 'KiB', perConnection),
    row('  of which the room itself', 'KiB', perRoomAlone),
    row('time for first clients to sync (rooms load)', 'ms', (result) => result.firstClientsSyncMs),
    row('time for second clients to sync', 'ms', (result) => result.secondClientsSyncMs),
  ];
}

runIfMain(import.meta.url, idleScale);
