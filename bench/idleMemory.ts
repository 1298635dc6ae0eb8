/**
 * Idle memory: the resident memory (VmRSS) of each server's process before any document is open,
 * both started as they run in production: Yttra compiled (`dist/server/main.js`, what `npm start`
 * runs), the reference as plain JavaScript, neither through a TypeScript loader. Read twice: soon
 * after start, and once V8 has settled (Yttra runs one full collection a second after start, and
 * V8's memory reducer hands the young generation back some seconds after that).
 * `BENCH_ONLY=idleMemory npm run bench`
 */
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './lib/clients';
import { median, mib, quick, runIfMain, type Row } from './lib/report';
import { startReference, startYttra, type BenchServer, type ServerKind } from './lib/servers';

const RUNS = quick ? 1 : 3;
const SOON_MS = 2_000;
const SETTLED_MS = 15_000;
const TARGET_MIB = 80;
/** Packages the server needs only for a DOCX export or import: each loads with `import()` on first use. */
const LOADED_ON_FIRST_USE = ['docx', 'mammoth'];

/**
 * Which of LOADED_ON_FIRST_USE the compiled server loads at start anyway: follows the static
 * imports from dist/server/main.js through its chunks (a barrel re-exporting a lazily loaded
 * module pulls it in; docx alone is ~2 MB of source and 5–9 MiB of RSS at idle).
 */
export function loadedAtStart(entry = path.resolve(import.meta.dirname, '..', 'dist', 'server', 'main.js')): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    // Static import statements only (`import(` is the first-use path); the bundle has no comments.
    for (const match of source.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{][^;]*?from\s*)?["']([^"']+)["']/g)) {
      const target = match[1] ?? '';
      if (target.startsWith('.')) visit(path.resolve(path.dirname(file), target));
      else if (LOADED_ON_FIRST_USE.includes(target)) found.add(target);
    }
  };
  visit(entry);
  return [...found];
}

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
  const eager = loadedAtStart();
  if (eager.length > 0) console.error(`  idleMemory: the compiled server loads ${eager.join(', ')} at start, not on first use`);
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
    {
      scenario: 'idleMemory',
      metric: `packages for DOCX export/import loaded at start (${LOADED_ON_FIRST_USE.join(', ')})`,
      yttra: eager.length,
      reference: null,
      unit: 'count',
      target: '0',
      met: eager.length === 0,
    },
  ];
}

runIfMain(import.meta.url, idleMemory);
