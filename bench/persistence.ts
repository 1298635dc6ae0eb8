/**
 * Persistence: how many keystroke updates per second a server takes in when writers keep it
 * busy, and what 1,000 keystrokes cost on disk. Twenty stock writers type one character per
 * transaction (one frame each), each keeping a window of keystrokes in flight; a watcher counts
 * what arrives. Yttra broadcasts an update only after its SQLite commit, so what the watcher
 * sees is committed; the reference server keeps everything in memory, so its figure is the
 * relay ceiling without storage, for scale. Yttra's per-connection frame limit is raised for
 * this run: it is the storage path being measured, not the rate guard.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { documentType } from '../shared/model';
import { typeInSection } from '../test/helpers/clients';
import { connectBenchClient, sleep, within, type BenchClient } from './lib/clients';
import { kib, quick, runIfMain, type Row } from './lib/report';
import { startReference, startYttra, type BenchServer } from './lib/servers';

const WRITERS = 20;
const IN_FLIGHT_PER_WRITER = 8;
const DURATION_MS = quick ? 3_000 : 10_000;
const SECTIONS = documentType('tjansteskrivelse').sections.map((section) => section.key);

export interface PersistenceResult {
  keystrokes: number;
  seconds: number;
  committedByMetrics: number | null;
  bytesBefore: number;
  bytesLive: number;
  bytesAfterStop: number;
}

function storageBytes(dataDir: string | null): number {
  if (!dataDir) return NaN;
  return fs
    .readdirSync(dataDir)
    .filter((name) => name.startsWith('yttra.sqlite'))
    .reduce((sum, name) => sum + fs.statSync(path.join(dataDir, name)).size, 0);
}

async function storedUpdates(server: BenchServer): Promise<number | null> {
  if (server.kind !== 'yttra') return null;
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const match = /^yttra_updates_stored_total (\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

export async function measurePersistence(server: BenchServer): Promise<PersistenceResult> {
  const clients: BenchClient[] = [];
  try {
    const room = await server.createRoom();
    const watcher = connectBenchClient(server, room);
    clients.push(watcher);
    const writers = Array.from({ length: WRITERS }, () => connectBenchClient(server, room));
    clients.push(...writers);
    await within(Promise.all(clients.map((client) => client.whenSynced())), 30_000, 'clients to sync');
    await sleep(500);
    const bytesBefore = storageBytes(server.dataDir);
    const committedBefore = await storedUpdates(server);

    const endClocks: number[][] = writers.map(() => []);
    const confirmed = writers.map(() => 0);
    let running = true;
    const topUp = () => {
      writers.forEach((writer, index) => {
        const clocks = endClocks[index]!;
        const seen = Y.getState(watcher.doc.store, writer.doc.clientID);
        while (confirmed[index]! < clocks.length && clocks[confirmed[index]!]! <= seen) confirmed[index]! += 1;
        while (running && clocks.length - confirmed[index]! < IN_FLIGHT_PER_WRITER) {
          typeInSection(writer.doc, SECTIONS[index % SECTIONS.length]!, String.fromCharCode(97 + (clocks.length % 26)));
          clocks.push(Y.getState(writer.doc.store, writer.doc.clientID));
        }
      });
    };
    watcher.doc.on('update', topUp);
    const started = performance.now();
    topUp();
    await sleep(DURATION_MS);
    running = false;
    const seconds = (performance.now() - started) / 1000;
    await sleep(500);
    topUp();
    const keystrokes = confirmed.reduce((sum, count) => sum + count, 0);
    const committedAfter = await storedUpdates(server);
    const bytesLive = storageBytes(server.dataDir);
    clients.splice(0).forEach((client) => client.destroy());
    await server.stop();
    return {
      keystrokes,
      seconds,
      committedByMetrics: committedAfter !== null && committedBefore !== null ? committedAfter - committedBefore : null,
      bytesBefore,
      bytesLive,
      bytesAfterStop: storageBytes(server.dataDir),
    };
  } finally {
    clients.forEach((client) => client.destroy());
  }
}

export async function persistence(): Promise<Row[]> {
  const yttra = await measurePersistence(await startYttra({ env: { YTTRA_FRAMES_PER_SECOND: '1000000' } }));
  const reference = await measurePersistence(await startReference());
  const scenario = `persistence (${WRITERS} writers, 1 char/frame)`;
  const perThousand = (bytes: number) => kib(((bytes - yttra.bytesBefore) / yttra.keystrokes) * 1000);
  const metricsShare = yttra.committedByMetrics === null ? null : (100 * yttra.committedByMetrics) / yttra.keystrokes;
  return [
    {
      scenario,
      metric: 'keystroke updates/s (Yttra: committed to SQLite)',
      yttra: yttra.keystrokes / yttra.seconds,
      reference: reference.keystrokes / reference.seconds,
      unit: '/s',
    },
    {
      scenario,
      metric: 'commits counted by /metrics ÷ keystrokes seen',
      yttra: metricsShare,
      reference: null,
      unit: '%',
      target: '≥ 100 %',
      met: metricsShare !== null && metricsShare >= 100,
    },
    { scenario, metric: 'keystrokes committed in the run', yttra: yttra.keystrokes, reference: reference.keystrokes, unit: 'count' },
    // The WAL grows to its checkpoint size (about 4 MiB) and is reused, not grown further, so the
    // live growth is shown whole rather than per keystroke.
    {
      scenario,
      metric: 'SQLite file + WAL growth during the run (live)',
      yttra: (yttra.bytesLive - yttra.bytesBefore) / 2 ** 20,
      reference: null,
      unit: 'MiB',
    },
    {
      scenario,
      metric: 'SQLite file per 1,000 keystrokes, after clean stop',
      yttra: perThousand(yttra.bytesAfterStop),
      reference: null,
      unit: 'KiB',
    },
  ];
}

runIfMain(import.meta.url, persistence);
