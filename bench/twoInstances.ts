/**
 * Several instances (issue 17, SCALEOUT.md), measured against one, in the same run:
 *
 * - fan-out: the fan-out scenario's clients and writers (bench/fanOut.ts) on one document, once
 *   all on one Yttra instance and once spread over two instances on the same PostgreSQL database,
 *   every other client on the instance that does not own the room (its socket is forwarded to the
 *   owner). Each repeat alternates which goes first.
 * - cold load: the 200,000-keystroke document (lib/history.ts) read by the first client after a
 *   restart, from PostgreSQL and from SQLite (bench/coldLoad.ts measures the same from SQLite).
 *
 * Each run creates a PostgreSQL database of its own (YTTRA_TEST_POSTGRES_URL, as the tests) and
 * drops it at the end. In the table the "Yttra" column is two instances (or PostgreSQL) and the
 * "reference" column one instance (or SQLite).
 */
import * as Y from 'yjs';
import { createTestDatabase } from '../test/helpers/postgres';
import { bareSync, newClientSync, upload } from './coldLoad';
import { timeFanOut, type FanOutResult } from './fanOut';
import { connectBenchClient, sleep, within, type BenchClient } from './lib/clients';
import { generateHistory } from './lib/history';
import { median, percentile, quick, runIfMain, type Row } from './lib/report';
import { startYttra, type BenchServer } from './lib/servers';

const CLIENTS = Number(process.env.BENCH_TWO_INSTANCES_CLIENTS ?? 50);
const REPEATS = Number(process.env.BENCH_TWO_INSTANCES_REPEATS ?? (quick ? 1 : 3));
const OPERATIONS = 200_000;
const RESTARTS = quick ? 2 : 5;
const SECRET = 'bench-two-instances-secret-0123456789';

type Yttra = Awaited<ReturnType<typeof startYttra>>;

function clusterEnv(databaseUrl: string): Record<string, string> {
  return { YTTRA_DATABASE_URL: databaseUrl, YTTRA_CLUSTER_SECRET: SECRET };
}

/** Count and sum (ms) of the owner's hold per edit and commit per update, scraped from /metrics. */
interface OwnerTimes {
  held: { count: number; sumMs: number };
  committed: { count: number; sumMs: number };
}

async function ownerTimes(owner: Yttra): Promise<OwnerTimes> {
  const text = await (await fetch(`${owner.process.url}/metrics`)).text();
  const read = (name: string) => ({
    count: Number(new RegExp(`^${name}_count (\\d+)$`, 'm').exec(text)?.[1] ?? NaN),
    sumMs: Number(new RegExp(`^${name}_sum ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000,
  });
  return { held: read('yttra_relay_seconds'), committed: read('yttra_store_seconds') };
}

const meanBetween = (before: { count: number; sumMs: number }, after: { count: number; sumMs: number }) =>
  (after.sumMs - before.sumMs) / (after.count - before.count);

interface Run {
  result: Omit<FanOutResult, 'relay'>;
  /** The owner's mean hold per edit (arrival → broadcast: guard, apply, fenced commit). */
  heldMs: number;
  /** The owner's mean time to commit one update (the fenced append in PostgreSQL). */
  commitMs: number;
}

/** Clients spread round-robin over `instances`; the first connects first, so its instance owns the room. */
async function fanOutOver(instances: readonly BenchServer[], owner: Yttra): Promise<Run> {
  const room = await owner.createRoom();
  const clients: BenchClient[] = [];
  try {
    clients.push(connectBenchClient(instances[0]!, room));
    await within(clients[0]!.whenSynced(), 30_000, 'the first client to sync');
    for (let index = 1; index < CLIENTS; index++) clients.push(connectBenchClient(instances[index % instances.length]!, room));
    const before = await ownerTimes(owner);
    const result = await timeFanOut(clients);
    const after = await ownerTimes(owner);
    return { result, heldMs: meanBetween(before.held, after.held), commitMs: meanBetween(before.committed, after.committed) };
  } finally {
    clients.forEach((client) => client.destroy());
  }
}

function describeRun(label: string, run: number, { result, heldMs, commitMs }: Run): string {
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(result.latencies, p).toFixed(2));
  return `  two instances, fan-out N=${CLIENTS} run ${run + 1}/${REPEATS} ${label}: p50 ${p50} p95 ${p95} p99 ${p99} max ${(result.latencies.at(-1) ?? NaN).toFixed(1)} ms, delivered ${result.delivered}/${result.expected}, missing tokens ${result.missingTokens}; owner held each edit ${heldMs.toFixed(3)} ms on average, committed each in ${commitMs.toFixed(3)} ms`;
}

async function fanOutRows(databaseUrl: string): Promise<Row[]> {
  const a = await startYttra({ env: clusterEnv(databaseUrl) });
  const b = await startYttra({ env: clusterEnv(databaseUrl) });
  const runs: Record<'one' | 'two', Run[]> = { one: [], two: [] };
  try {
    for (let run = 0; run < REPEATS; run++) {
      const order: Array<'one' | 'two'> = run % 2 === 0 ? ['one', 'two'] : ['two', 'one'];
      for (const setup of order) {
        const measured = await fanOutOver(setup === 'one' ? [a] : [a, b], a);
        runs[setup].push(measured);
        console.error(describeRun(setup === 'one' ? 'one instance' : 'two instances', run, measured));
      }
    }
  } finally {
    await b.stop();
    await a.stop();
  }
  const scenario = `two instances, fan-out N=${CLIENTS} (PostgreSQL, half the sockets forwarded, median of ${REPEATS})`;
  const medianOf = (setup: 'one' | 'two', p: number) => median(runs[setup].map((run) => percentile(run.result.latencies, p)));
  const rows: Row[] = [50, 95, 99].map((p) => ({
    scenario,
    metric: `latency p${p}: two instances (Yttra) / one (reference)`,
    yttra: medianOf('two', p),
    reference: medianOf('one', p),
    unit: 'ms',
  }));
  const p99 = rows[2]!;
  Object.assign(p99, { target: '≤ 1.5 × one instance', met: p99.yttra! <= 1.5 * p99.reference! });
  rows.push({
    scenario,
    metric: 'owner: arrival → broadcast, mean (guard, apply, fenced commit)',
    yttra: median(runs.two.map((run) => run.heldMs)),
    reference: median(runs.one.map((run) => run.heldMs)),
    unit: 'ms',
  });
  const total = (setup: 'one' | 'two', field: 'delivered' | 'expected' | 'missingTokens') =>
    runs[setup].reduce((sum, run) => sum + run.result[field], 0);
  rows.push({
    scenario,
    metric: 'owner: commit of one update (fenced append), mean',
    yttra: median(runs.two.map((run) => run.commitMs)),
    reference: median(runs.one.map((run) => run.commitMs)),
    unit: 'ms',
  });
  rows.push({
    scenario,
    metric: 'tokens missing in final text',
    yttra: total('two', 'missingTokens'),
    reference: total('one', 'missingTokens'),
    unit: 'count',
    target: '0',
    met: total('two', 'missingTokens') === 0 && total('two', 'delivered') === total('two', 'expected'),
  });
  return rows;
}

interface ColdSamples {
  provider: number[];
  bare: number[];
  bytes: number;
}

/** Uploads the history to a new document, then restarts the server RESTARTS × 2 times on its data. */
async function coldLoadOn(start: (port?: number) => Promise<Yttra>): Promise<ColdSamples> {
  let server = await start();
  try {
    const room = await server.createRoom();
    const probe = connectBenchClient(server, room);
    await within(probe.whenSynced(), 30_000, 'probe to sync');
    const base = Y.encodeStateAsUpdate(probe.doc);
    probe.destroy();
    const keeper = await upload(server, room, generateHistory(base, OPERATIONS));
    const vector = Y.encodeStateVector(keeper.doc);
    keeper.destroy();
    const samples: ColdSamples = { provider: [], bare: [], bytes: 0 };
    for (let restart = 0; restart < RESTARTS * 2; restart++) {
      await sleep(500);
      await server.stop();
      server = await start(server.port);
      // Alternately a provider and a bare socket is the first after the restart (as bench/coldLoad.ts).
      if (restart % 2 === 0) {
        const sample = await newClientSync(server, room, vector);
        samples.provider.push(sample.ms);
        samples.bytes = sample.bytes;
      } else {
        samples.bare.push((await bareSync(server, room)).ms);
      }
    }
    return samples;
  } finally {
    await server.stop();
  }
}

async function coldLoadRows(databaseUrl: string): Promise<Row[]> {
  let sqliteDir: string | undefined;
  const sqlite = await coldLoadOn(async (port) => {
    const server = await startYttra({ dataDir: sqliteDir, port });
    sqliteDir = server.dataDir!;
    return server;
  });
  const postgres = await coldLoadOn((port) => startYttra({ env: clusterEnv(databaseUrl), port }));
  console.error(
    `  two instances, cold load first after restart (ms): provider PostgreSQL ${postgres.provider.map((ms) => ms.toFixed(0)).join(', ')}, SQLite ${sqlite.provider
      .map((ms) => ms.toFixed(0))
      .join(
        ', ',
      )}; bare PostgreSQL ${postgres.bare.map((ms) => ms.toFixed(1)).join(', ')}, SQLite ${sqlite.bare.map((ms) => ms.toFixed(1)).join(', ')}`,
  );
  const scenario = `cold load ${OPERATIONS / 1000}k ops, first client after a restart (median of ${RESTARTS})`;
  const provider: Row = {
    scenario,
    metric: 'new client synced: PostgreSQL (Yttra) / SQLite (reference)',
    yttra: median(postgres.provider),
    reference: median(sqlite.provider),
    unit: 'ms',
    target: '≤ 1.5 × SQLite',
  };
  provider.met = provider.yttra! <= 1.5 * provider.reference!;
  return [
    provider,
    {
      scenario,
      metric: 'bare socket SyncStep1 → SyncStep2: PostgreSQL / SQLite',
      yttra: median(postgres.bare),
      reference: median(sqlite.bare),
      unit: 'ms',
    },
    { scenario, metric: 'bytes sent to the new client', yttra: postgres.bytes / 1024, reference: sqlite.bytes / 1024, unit: 'KiB' },
  ];
}

export async function twoInstances(): Promise<Row[]> {
  const database = await createTestDatabase();
  try {
    const only = process.env.BENCH_TWO_INSTANCES_ONLY;
    return [...(only === 'coldLoad' ? [] : await fanOutRows(database.url)), ...(only === 'fanOut' ? [] : await coldLoadRows(database.url))];
  } finally {
    await database.drop();
  }
}

runIfMain(import.meta.url, twoInstances);
