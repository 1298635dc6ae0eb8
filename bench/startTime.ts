/**
 * Start time: `npm start` as a person types it, on a data directory that already holds the demo
 * (so the server has nothing to seed), with the client and the server already built: from the
 * command until /healthz answers. The first start builds what is stale and seeds; it is not counted.
 * `BENCH_ONLY=startTime npm run bench`
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { sleep } from './lib/clients';
import { median, quick, runIfMain, type Row } from './lib/report';
import { freePort } from '../test/helpers/process';
import { tempDataDir } from '../test/helpers/server';

const repoRoot = path.resolve(import.meta.dirname, '..');
const STARTS = quick ? 2 : 5;
const TARGET_MS = 2_000;

/** Milliseconds from `npm start` until /healthz answers; the process group is stopped after. */
async function timedStart(port: number, dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YTTRA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    // The first start may build the client (half a minute on a busy machine) and seed the demo.
    while (performance.now() - started < 180_000) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) return performance.now() - started;
      await sleep(10);
    }
    throw new Error('npm start did not answer /healthz within three minutes');
  } finally {
    // npm and the server it started share the process group.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await sleep(300);
  }
}

export async function startTime(): Promise<Row[]> {
  const port = await freePort();
  const dataDir = tempDataDir();
  const first = await timedStart(port, dataDir);
  console.error(`  startTime: first start (builds what is stale, seeds the demo) ${first.toFixed(0)} ms`);
  const again: number[] = [];
  for (let index = 0; index < STARTS; index++) {
    // Sources edited meanwhile (a working tree in use) would make this start a build: build first.
    spawnSync(process.execPath, ['scripts/build.js'], { cwd: repoRoot, stdio: 'ignore' });
    again.push(await timedStart(port, dataDir));
    console.error(`  startTime: start ${index + 2}: ${again.at(-1)!.toFixed(0)} ms`);
  }
  const typical = median(again);
  return [
    {
      scenario: 'startTime',
      metric: `npm start until /healthz, nothing to build (median of ${STARTS})`,
      yttra: typical,
      reference: null,
      unit: 'ms',
      target: `< ${TARGET_MS} ms`,
      met: typical < TARGET_MS,
    },
  ];
}

runIfMain(import.meta.url, startTime);
