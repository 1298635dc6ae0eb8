/** Yttra as a separate process, so a test can kill -9 it the way a crash would. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ADMIN, signIn } from './server';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Ports handed to a child server are taken below Linux's ephemeral range (32768–60999): a port
 * the kernel picked (listen on 0) is free now, but the same range serves every outgoing
 * connection's local port, so another test's client could hold it by the time the child listens
 * (EADDRINUSE, seen in CI). Below it, only another listener can, and one is tried at random.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 };

function listensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (await listensOn(port)) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to} after 50 tries`);
}

export interface ServerProcess {
  url: string;
  adminToken: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no flush, no goodbye. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** The server from its TypeScript source (tests), or as `npm start` runs it (benchmarks; build first). */
export const SERVER_FROM_SOURCE = ['--import', 'tsx', 'server/main.ts'];
export const SERVER_COMPILED = ['dist/server/main.js'];

export async function spawnServer(
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  entry = SERVER_FROM_SOURCE,
  /** Soft and hard limit of open files, as a machine under attack would have (`ulimit -n`). */
  openFileLimit?: number,
): Promise<ServerProcess> {
  const args = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...entry];
  // `exec` keeps one process: killing the child kills the server, not a shell around it.
  const [command, commandArgs] =
    openFileLimit === undefined
      ? [process.execPath, args]
      : ['sh', ['-c', `ulimit -n ${openFileLimit} && exec "$0" "$@"`, process.execPath, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      YTTRA_DATA_DIR: dataDir,
      YTTRA_DEMO: 'false',
      LOG_LEVEL: 'warn',
      YTTRA_ADMIN_EMAIL: ADMIN.email,
      YTTRA_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const adminToken = await signIn({ url }, ADMIN.email, ADMIN.password);
  return {
    url,
    adminToken,
    child,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
