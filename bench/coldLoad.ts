/**
 * Cold load: a document with 200,000 keystrokes of history (lib/history.ts) and a new client
 * that joins it. Measured: the time from creating the client's provider to its `sync` event, and
 * the bytes the server sent it until then. From memory (another client keeps the room loaded)
 * on both servers; from storage (the first client after a clean restart) on Yttra only, since
 * the reference server runs without persistence; and after a crash (kill -9 while the room's log
 * holds CRASH_KEYS keystrokes beside its snapshot, so the new process loads both).
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { connectBenchClient, sleep, within, type BenchClient } from './lib/clients';
import { generateHistory, type History } from './lib/history';
import { kib, median, quick, runIfMain, type Row } from './lib/report';
import { pushUpdate, startReference, startYttra, type BenchServer } from './lib/servers';
import { sectionElements } from '../shared/doc/documentState';

const OPERATIONS = 200_000;
const SAMPLES = quick ? 3 : 7;
const RESTARTS = quick ? 1 : 3;
/** Keystrokes stored after the room's last compaction when the process is killed. */
const CRASH_KEYS = 300;

interface Sample {
  ms: number;
  bytes: number;
}

export interface ColdLoadResult {
  fromMemory: Sample[];
  fromStorage: Sample[];
  /** Bare sockets: from opening the socket to the last byte of the SyncStep2 (the server's part alone). */
  bareFromMemory: Sample[];
  bareFromStorage: Sample[];
  /** Bare sockets, the first after a kill -9 with CRASH_KEYS keystrokes in the log. */
  bareAfterCrash: Sample[];
  stateBytes: number;
}

/**
 * A bare socket that sends y-websocket's SyncStep1 with an empty state vector as soon as it
 * opens and stops the clock when the SyncStep2 has arrived whole: the server's own time, without
 * the client's apply of 817 KiB (the same work for both servers, and most of a provider's time).
 */
export function bareSync(server: BenchServer, room: string): Promise<Sample> {
  const query = new URLSearchParams(server.params).toString();
  const started = performance.now();
  const ws = new WebSocket(`${server.providerUrl}/${room}${query ? `?${query}` : ''}`);
  ws.binaryType = 'nodebuffer';
  let bytes = 0;
  return within(
    new Promise<Sample>((resolve, reject) => {
      ws.on('open', () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0); // messageSync
        encoding.writeVarUint(encoder, 0); // SyncStep1
        encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
        ws.send(encoding.toUint8Array(encoder));
      });
      ws.on('message', (data: Buffer) => {
        bytes += data.byteLength;
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (decoding.readVarUint(decoder) !== 0) return;
        if (decoding.readVarUint(decoder) !== 1) return; // not SyncStep2
        resolve({ ms: performance.now() - started, bytes });
        ws.close();
      });
      ws.on('error', reject);
    }),
    30_000,
    'bare socket to receive SyncStep2',
  );
}

/** Sends the history through a stock client, one frame per chunk, and waits until the room has it all. */
export async function upload(server: BenchServer, room: string, history: History): Promise<BenchClient> {
  const uploader = connectBenchClient(server, room);
  await within(uploader.whenSynced(), 30_000, 'uploader to sync');
  for (const chunk of history.chunks) {
    Y.applyUpdate(uploader.doc, chunk);
    // Stay well under Yttra's per-connection frame rate; the upload is not what is measured.
    await sleep(2);
  }
  const target = Y.encodeStateVector(uploader.doc);
  const keeper = connectBenchClient(server, room);
  await within(keeper.whenSynced(), 30_000, 'keeper to sync');
  const deadline = Date.now() + 60_000;
  while (!equalBytes(Y.encodeStateVector(keeper.doc), target)) {
    if (Date.now() > deadline) throw new Error(`${server.kind} did not receive the whole history`);
    await sleep(50);
  }
  uploader.destroy();
  return keeper;
}

/**
 * Types CRASH_KEYS keystrokes through a stock client, one update each, and waits until another
 * client has them all: a room broadcasts only what it has stored.
 */
async function typeKeystrokes(server: BenchServer, room: string): Promise<void> {
  const typist = connectBenchClient(server, room);
  const watcher = connectBenchClient(server, room);
  try {
    await within(Promise.all([typist.whenSynced(), watcher.whenSynced()]), 30_000, 'typist and watcher to sync');
    for (let index = 0; index < CRASH_KEYS; index++) {
      const section = sectionElements(typist.doc)[0]!;
      const paragraph = section.get(section.length - 1);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      if (!(text instanceof Y.XmlText)) throw new Error('no paragraph text to type into');
      text.insert(0, String.fromCharCode(97 + (index % 26)));
      await sleep(4);
    }
    const target = Y.encodeStateVector(typist.doc);
    const deadline = Date.now() + 30_000;
    while (!equalBytes(Y.encodeStateVector(watcher.doc), target)) {
      if (Date.now() > deadline) throw new Error('the keystrokes did not all reach the other client');
      await sleep(20);
    }
  } finally {
    typist.destroy();
    watcher.destroy();
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

export async function newClientSync(server: BenchServer, room: string, expectedVector: Uint8Array): Promise<Sample> {
  const started = performance.now();
  const client = connectBenchClient(server, room);
  try {
    await within(client.whenSynced(), 30_000, 'new client to sync');
    const sample = { ms: performance.now() - started, bytes: client.bytesReceived() };
    if (!equalBytes(Y.encodeStateVector(client.doc), expectedVector)) throw new Error(`${server.kind}: new client is missing history`);
    return sample;
  } finally {
    client.destroy();
  }
}

export async function measureColdLoad(): Promise<{ yttra: ColdLoadResult; reference: ColdLoadResult; history: History }> {
  let yttra = await startYttra();
  const reference = await startReference();
  try {
    const room = await yttra.createRoom();
    // The reference room starts from Yttra's very template bytes, so both hold the same document.
    const probe = connectBenchClient(yttra, room);
    await within(probe.whenSynced(), 30_000, 'probe to sync');
    const base = Y.encodeStateAsUpdate(probe.doc);
    probe.destroy();
    const history = generateHistory(base, OPERATIONS);
    const referenceRoom = 'cold-load';
    await pushUpdate(`${reference.providerUrl}/${referenceRoom}`, base);

    const results: Record<'yttra' | 'reference', ColdLoadResult> = {
      yttra: { fromMemory: [], fromStorage: [], bareFromMemory: [], bareFromStorage: [], bareAfterCrash: [], stateBytes: 0 },
      reference: { fromMemory: [], fromStorage: [], bareFromMemory: [], bareFromStorage: [], bareAfterCrash: [], stateBytes: 0 },
    };
    for (const [server, name] of [
      [yttra, room],
      [reference, referenceRoom],
    ] as const) {
      const keeper = await upload(server, name, history);
      const vector = Y.encodeStateVector(keeper.doc);
      results[server.kind].stateBytes = Y.encodeStateAsUpdate(keeper.doc).byteLength;
      for (let index = 0; index < SAMPLES; index++) {
        results[server.kind].fromMemory.push(await newClientSync(server, name, vector));
        results[server.kind].bareFromMemory.push(await bareSync(server, name));
      }
      keeper.destroy();
      if (server.kind === 'yttra') {
        for (let restart = 0; restart < RESTARTS * 2; restart++) {
          await sleep(500);
          await yttra.stop();
          yttra = await startYttra({ dataDir: yttra.dataDir!, port: yttra.port });
          // Alternately a provider and a bare socket is the first after the restart.
          if (restart % 2 === 0) results.yttra.fromStorage.push(await newClientSync(yttra, name, vector));
          else results.yttra.bareFromStorage.push(await bareSync(yttra, name));
        }
        for (let crash = 0; crash < RESTARTS; crash++) {
          await typeKeystrokes(yttra, name);
          await sleep(500);
          await yttra.process.kill9();
          yttra = await startYttra({ dataDir: yttra.dataDir!, port: yttra.port });
          results.yttra.bareAfterCrash.push(await bareSync(yttra, name));
        }
      }
    }
    return { ...results, history };
  } finally {
    await yttra.stop();
    await reference.stop();
  }
}

export async function coldLoad(): Promise<Row[]> {
  const { yttra, reference, history } = await measureColdLoad();
  const scenario = `cold load ${OPERATIONS / 1000}k ops (${Math.round(history.characters / 1000)}k chars)`;
  const ms = (samples: Sample[]) => (samples.length ? median(samples.map((sample) => sample.ms)) : null);
  const worst = (samples: Sample[]) => (samples.length ? Math.max(...samples.map((sample) => sample.ms)) : null);
  const bytes = (samples: Sample[]) => (samples.length ? kib(median(samples.map((sample) => sample.bytes))) : null);
  const memory: Row = {
    scenario,
    metric: `new client synced, from memory (median of ${SAMPLES})`,
    yttra: ms(yttra.fromMemory),
    reference: ms(reference.fromMemory),
    unit: 'ms',
    target: '≤ 100 ms',
  };
  memory.met = memory.yttra! <= 100;
  const storage: Row = {
    scenario,
    metric: `new client synced, after restart (median of ${RESTARTS})`,
    yttra: ms(yttra.fromStorage),
    reference: null,
    unit: 'ms',
    target: '≤ 300 ms',
  };
  storage.met = storage.yttra! <= 300;
  const bareMemory: Row = {
    scenario,
    metric: `bare socket SyncStep1 → SyncStep2 received, from memory (median of ${SAMPLES})`,
    yttra: ms(yttra.bareFromMemory),
    reference: ms(reference.bareFromMemory),
    unit: 'ms',
    target: '≤ reference',
  };
  bareMemory.met = bareMemory.yttra! <= bareMemory.reference!;
  const bareStorage: Row = {
    scenario,
    metric: `bare socket SyncStep1 → SyncStep2 received, first after restart (median of ${RESTARTS})`,
    yttra: ms(yttra.bareFromStorage),
    reference: null,
    unit: 'ms',
    target: '≤ 50 ms',
  };
  bareStorage.met = bareStorage.yttra! <= 50;
  const bareCrash: Row = {
    scenario,
    metric: `bare socket SyncStep1 → SyncStep2 received, first after kill -9 with ${CRASH_KEYS} keystrokes in the log (median of ${RESTARTS})`,
    yttra: ms(yttra.bareAfterCrash),
    reference: null,
    unit: 'ms',
    target: '≤ 50 ms',
  };
  bareCrash.met = bareCrash.yttra! <= 50;
  console.error(
    `  bare from memory, Yttra: ${yttra.bareFromMemory.map((sample) => sample.ms.toFixed(1)).join(', ')}; reference: ${reference.bareFromMemory
      .map((sample) => sample.ms.toFixed(1))
      .join(
        ', ',
      )}; after restart: ${yttra.bareFromStorage.map((sample) => sample.ms.toFixed(1)).join(', ')}; after kill -9: ${yttra.bareAfterCrash
      .map((sample) => sample.ms.toFixed(1))
      .join(', ')}`,
  );
  return [
    bareMemory,
    {
      scenario,
      metric: 'bare socket, from memory (worst)',
      yttra: worst(yttra.bareFromMemory),
      reference: worst(reference.bareFromMemory),
      unit: 'ms',
    },
    bareStorage,
    bareCrash,
    {
      scenario,
      metric: 'document state (encodeStateAsUpdate)',
      yttra: kib(yttra.stateBytes),
      reference: kib(reference.stateBytes),
      unit: 'KiB',
    },
    memory,
    {
      scenario,
      metric: 'new client synced, from memory (worst)',
      yttra: worst(yttra.fromMemory),
      reference: worst(reference.fromMemory),
      unit: 'ms',
    },
    {
      scenario,
      metric: 'bytes sent to the new client',
      yttra: bytes(yttra.fromMemory),
      reference: bytes(reference.fromMemory),
      unit: 'KiB',
    },
    storage,
    { scenario, metric: 'new client synced, after restart (worst)', yttra: worst(yttra.fromStorage), reference: null, unit: 'ms' },
    { scenario, metric: 'bytes sent after restart', yttra: bytes(yttra.fromStorage), reference: null, unit: 'KiB' },
  ];
}

runIfMain(import.meta.url, coldLoad);
