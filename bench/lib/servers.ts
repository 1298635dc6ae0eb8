/**
 * The two servers under test, each in its own child process (so RSS and CPU are theirs alone),
 * behind one small interface: where clients connect, how a room with the template comes to exist,
 * and the process's resident memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { initialiseDocument } from '../../shared/doc/documentState';
import { freePort, SERVER_COMPILED, spawnServer, type ServerProcess } from '../../test/helpers/process';
import { createDocument, tempDataDir } from '../../test/helpers/server';

export type ServerKind = 'yttra' | 'reference';

export interface BenchServer {
  kind: ServerKind;
  pid: number;
  port: number;
  /** The base URL a stock WebsocketProvider is given; the room name is appended by it. */
  providerUrl: string;
  /** Query parameters a client sends (Yttra's bearer token). */
  params: Record<string, string>;
  dataDir: string | null;
  /** A new room holding a fresh tjänsteskrivelse; returns the provider's room name. */
  createRoom(): Promise<string>;
  rssBytes(): number;
  /** Yttra only: how long it held each relayed edit before broadcasting (its own metric). */
  relayHistogram?(): Promise<RelayHistogram>;
  stop(): Promise<void>;
}

/** `yttra_relay_seconds` as scraped: count, sum and cumulative buckets (upper bound in ms). */
export interface RelayHistogram {
  count: number;
  sumMs: number;
  buckets: Array<{ leMs: number; cumulative: number }>;
}

export async function scrapeRelayHistogram(url: string): Promise<RelayHistogram> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const buckets = [...text.matchAll(/^yttra_relay_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)]
    .filter((match) => match[1] !== '+Inf')
    .map((match) => ({ leMs: Number(match[1]) * 1000, cumulative: Number(match[2]) }));
  return { count: number(/^yttra_relay_seconds_count (\d+)$/m), sumMs: number(/^yttra_relay_seconds_sum ([\d.e+-]+)$/m) * 1000, buckets };
}

/** The smallest bucket bound that `p` percent of the observations are under. */
export function bucketPercentile(histogram: RelayHistogram, p: number): number {
  const wanted = (p / 100) * histogram.count;
  return histogram.buckets.find((bucket) => bucket.cumulative >= wanted)?.leMs ?? Infinity;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

let built = false;

/** Compiles the server when its sources are newer than dist/server (once per bench run). */
function buildServer(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.js', 'server'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('could not compile the server');
  built = true;
}

/**
 * The variables `npm start` sets before `node dist/server/main.js` (package.json's start script),
 * so the bench measures the server exactly as started there; BENCH_SERVER_ENV="NAME=value …"
 * overrides them for a side-by-side comparison (e.g. another MALLOC_MMAP_THRESHOLD_).
 */
export function startScriptEnv(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = pkg.scripts.start.split('&&').find((part) => part.includes('dist/server/main.js'));
  if (!command) throw new Error('package.json start script does not run dist/server/main.js');
  const assignments = (text: string) =>
    Object.fromEntries([...text.matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((match) => [match[1], match[2]]));
  return { ...assignments(command.split(' node ')[0] ?? ''), ...assignments(process.env.BENCH_SERVER_ENV ?? '') };
}

export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

export async function startYttra(
  options: { env?: Record<string, string>; dataDir?: string; port?: number } = {},
): Promise<BenchServer & { process: ServerProcess }> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDataDir();
  buildServer();
  // As `npm start` runs it: compiled JavaScript, no TypeScript loader.
  // The per-person document quotas (60 an hour) are for people; a bench creates 1,000 at once.
  const quotas = { YTTRA_QUOTA_DOCUMENTS_PER_HOUR: '100000', YTTRA_QUOTA_DOCUMENTS_PER_DAY: '100000' };
  const child = await spawnServer(port, dataDir, { ...startScriptEnv(), LOG_LEVEL: 'error', ...quotas, ...options.env }, SERVER_COMPILED);
  const server = { url: child.url, adminToken: child.adminToken };
  return {
    kind: 'yttra',
    process: child,
    pid: child.child.pid!,
    port,
    providerUrl: `ws://127.0.0.1:${port}/sync`,
    params: { token: child.adminToken },
    dataDir,
    createRoom: () => createDocument(server),
    rssBytes: () => rssOf(child.child.pid!),
    relayHistogram: () => scrapeRelayHistogram(child.url),
    async stop() {
      await child.stop();
    },
  };
}

/** The template state every reference room starts from, built by the same code as Yttra's. */
export function templateState(): Uint8Array {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', { title: 'Benchmark' });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

let referenceRooms = 0;

export async function startReference(): Promise<BenchServer> {
  const env = { ...process.env };
  delete env.YPERSISTENCE;
  const child = spawn(process.execPath, ['bench/referenceServer.mjs'], {
    cwd: repoRoot,
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const providerUrl = `ws://127.0.0.1:${port}`;
  return {
    kind: 'reference',
    pid: child.pid!,
    port,
    providerUrl,
    params: {},
    dataDir: null,
    async createRoom() {
      referenceRooms += 1;
      const name = `bench-${process.pid}-${referenceRooms}`;
      await pushUpdate(`${providerUrl}/${name}`, templateState());
      return name;
    },
    rssBytes: () => rssOf(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Sends one y-websocket update frame on a bare socket, then closes it. The server reads frames in
 * order, so the update is applied before it sees the close.
 */
export async function pushUpdate(url: string, update: Uint8Array): Promise<void> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(encoding.toUint8Array(encoder));
      ws.close();
    });
    ws.once('close', () => resolve());
  });
}

export function startServer(kind: ServerKind, yttraEnv: Record<string, string> = {}): Promise<BenchServer> {
  return kind === 'yttra' ? startYttra({ env: yttraEnv }) : startReference();
}
