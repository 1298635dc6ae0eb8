/**
 * Idle memory: the resident memory (VmRSS) of each server's process before any document is open,
 * both started as they run in production: Yttra compiled (`dist/server/main.js`, what `npm start`
 * runs), the reference as plain JavaScript, neither through a TypeScript loader. Read twice: soon
 * after start, and once V8 has settled (Yttra runs one full collection a second after start, and
 * V8's memory reducer hands the young generation back some seconds after that).
 * `BENCH_ONLY=idleMemory npm run bench`
 */
import { sleep } from './lib/clients';
import { median, mib, quick, runIfMain, type Row } from './lib/report';
import { startReference, startYttra, type BenchServer, type ServerKind } from './lib/servers';

const RUNS = quick ? 1 : 3;
const SOON_MS = 2_000;
const SETTLED_MS = 15_000;
const TARGET_MIB = 80;

async function sampleRss(server: BenchServer): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 5; index++) {
    samples.push(server.rssBytes());
    await sleep(100);
  }
  return median(samples);
}

async function idleRss(kind: ServerKind): Promise<{ soon: number; settled: number }> {
  const started = performance.now();
  const server = kind === 'yttra' ? await startYttra() : await startReference();
  try {
    await sleep(Math.max(0, SOON_MS - (performance.now() - started)));
    const soon = await sampleRss(server);
    await sleep(Math.max(0, SETTLED_MS - (performance.now() - started)));
    return { soon, settled: await sampleRss(server) };
  } finally {
    await server.stop();
  }
}

export async function idleMemory(): Promise<Row[]> {
  const results: Record<ServerKind, Array<{ soon: number; settled: number }>> = { yttra: [], reference: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const kind of ['yttra', 'reference'] as const) {
      const result = await idleRss(kind);
      results[kind].push(result);
      console.error(
        `  idleMemory run ${run + 1}, ${kind}: ${mib(result.soon).toFixed(1)} MiB at 2 s, ${mib(result.settled).toFixed(1)} MiB at 15 s`,
      );
    }
  }
  const figure = (kind: ServerKind, when: 'soon' | 'settled') => mib(median(results[kind].map((result) => result[when])));
  const settled = figure('yttra', 'settled');
  return [
    {
      scenario: 'idleMemory',
      metric: `RSS before any document, 2 s after start (median of ${RUNS})`,
      yttra: figure('yttra', 'soon'),
      reference: figure('reference', 'soon'),
      unit: 'MiB',
    },
    {
      scenario: 'idleMemory',
      metric: `RSS before any document, 15 s after start (median of ${RUNS})`,
      yttra: settled,
      reference: figure('reference', 'settled'),
      unit: 'MiB',
      target: `< ${TARGET_MIB} MiB`,
      met: settled < TARGET_MIB,
    },
  ];
}

runIfMain(import.meta.url, idleMemory);
