/**
 * Cold load, the server's own work alone, in this process: the 200,000-keystroke document of
 * coldLoad.ts in a Yttra Room on SQLite, and a newcomer's SyncStep1 answered (a fake connection,
 * no socket). Sockets, the client's apply and the machine's other load do not enter, which on a
 * shared, loaded machine is the only way to see milliseconds. The reference column is what the
 * reference server does for each newcomer on the same Y.Doc: encode the state for the client's
 * state vector and frame it as SyncStep2 (y-protocols' writeSyncStep2), every time.
 *
 * - from memory, idle: newcomers one after another, nothing typed between them;
 * - from memory, typing: one keystroke committed before each newcomer;
 * - after a restart: a new Room on the same storage, the newcomer joins and asks at once; the
 *   time until its SyncStep2 is sent, and until the room has integrated the state;
 * - after a crash: the same, from a snapshot with a log of CRASH_LOG_UPDATES keystrokes beside
 *   it (a process killed before its room compacted), until the newcomer has been sent the log too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { createLogger } from '../server/log';
import { openSqliteStorage } from '../server/storage/sqlite';
import { Room } from '../server/sync/room';
import type { RoomConnection } from '../server/sync/roomConnection';
import { sectionElements } from '../shared/doc/documentState';
import { generateHistory } from './lib/history';
import { median, quick, runIfMain, type Row } from './lib/report';
import { templateState } from './lib/servers';

const OPERATIONS = 200_000;
const SAMPLES = quick ? 5 : 15;
const RESTARTS = quick ? 3 : 7;
const log = createLogger('silent');
const EMPTY_VECTOR = new Uint8Array([0]);
/** Keystrokes stored after the last compaction when the process is killed. */
const CRASH_LOG_UPDATES = 300;

interface FakeConnection extends RoomConnection {
  /** performance.now() when the first SyncStep2 was sent. */
  answeredAt: number | null;
  /** performance.now() when the last sync frame (SyncStep2 or update) was sent. */
  lastSyncAt: number | null;
  syncBytes: number;
}

function fakeConnection(): FakeConnection {
  return {
    principal: { access: 'write' } as RoomConnection['principal'],
    awarenessClients: new Set(),
    wantsAcks: false,
    acknowledgedFrames: 0,
    answeredAt: null,
    lastSyncAt: null,
    syncBytes: 0,
    send(frame: Uint8Array) {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 0) return;
      const syncType = decoding.readVarUint(decoder);
      if (syncType === 1 || syncType === 2) {
        this.syncBytes += frame.byteLength;
        this.lastSyncAt = performance.now();
      }
      if (syncType === 1 && this.answeredAt === null) this.answeredAt = performance.now();
    },
    refuse() {},
    close() {},
  } as FakeConnection;
}

function openRoom(storage: ReturnType<typeof openSqliteStorage>): Room {
  return new Room({
    name: 'doc:cold-load',
    store: storage.rooms,
    log,
    maxDocumentBytes: 256 * 1024 * 1024,
    guard: () => ({ accepted: true, changesDocument: true }),
    onEmpty: () => undefined,
  });
}

/** What the reference server does for a newcomer's SyncStep1: encode and frame, every time. */
function referenceAnswer(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

async function yttraAnswer(room: Room): Promise<number> {
  const connection = fakeConnection();
  const started = performance.now();
  room.join(connection);
  await room.replyToSyncStep1(connection, EMPTY_VECTOR);
  const ms = performance.now() - started;
  room.leave(connection);
  return ms;
}

/** One keystroke at the start of the first section's last paragraph. */
function typeOneKey(doc: Y.Doc, index: number): void {
  const section = sectionElements(doc)[0]!;
  const paragraph = section.get(section.length - 1);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new Error('no paragraph text to type into');
  text.insert(0, String.fromCharCode(97 + (index % 26)));
}

export async function coldLoadServerSide(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yttra-bench-cold-'));
  const storage = openSqliteStorage(dataDir, log);
  try {
    const base = templateState();
    const history = generateHistory(base, OPERATIONS);
    let room = openRoom(storage);
    await room.whenLoaded();
    await room.change((doc) => Y.applyUpdate(doc, base));
    for (const chunk of history.chunks) await room.change((doc) => Y.applyUpdate(doc, chunk));
    const keeper = fakeConnection();
    room.join(keeper);

    const idle = { yttra: [] as number[], reference: [] as number[] };
    const typing = { yttra: [] as number[], reference: [] as number[] };
    for (let index = 0; index < SAMPLES; index++) {
      idle.yttra.push(await yttraAnswer(room));
      const started = performance.now();
      referenceAnswer(room.doc, EMPTY_VECTOR);
      idle.reference.push(performance.now() - started);
    }
    for (let index = 0; index < SAMPLES; index++) {
      await room.change((doc) => typeOneKey(doc, index));
      typing.yttra.push(await yttraAnswer(room));
      const started = performance.now();
      referenceAnswer(room.doc, EMPTY_VECTOR);
      typing.reference.push(performance.now() - started);
    }
    room.leave(keeper);
    await room.unload();

    /** A new Room on the storage and a newcomer that asks at once: when it was answered, when the room had integrated. */
    const restartOnce = async (crashed: boolean) => {
      const started = performance.now();
      room = openRoom(storage);
      const newcomer = fakeConnection();
      room.join(newcomer);
      if (!room.answerWhileLoading(newcomer, EMPTY_VECTOR)) void room.replyToSyncStep1(newcomer, EMPTY_VECTOR);
      await room.whenLoaded();
      const integratedMs = performance.now() - started;
      while (newcomer.answeredAt === null) await new Promise((resolve) => setImmediate(resolve));
      room.leave(newcomer);
      // A crashed process leaves its log as it was: the next copy is loaded without compacting it.
      if (!crashed) await room.unload();
      return { answered: newcomer.lastSyncAt! - started, integrated: integratedMs };
    };
    const answered: number[] = [];
    const integrated: number[] = [];
    for (let restart = 0; restart < RESTARTS; restart++) {
      const times = await restartOnce(false);
      answered.push(times.answered);
      integrated.push(times.integrated);
    }
    room = openRoom(storage);
    await room.whenLoaded();
    for (let index = 0; index < CRASH_LOG_UPDATES; index++) await room.change((doc) => typeOneKey(doc, index));
    const crash = { answered: [] as number[], integrated: [] as number[] };
    for (let restart = 0; restart < RESTARTS; restart++) {
      const times = await restartOnce(true);
      crash.answered.push(times.answered);
      crash.integrated.push(times.integrated);
    }
    console.error(
      `  server side, idle: Yttra ${idle.yttra.map((ms) => ms.toFixed(1)).join(', ')}; reference ${idle.reference.map((ms) => ms.toFixed(1)).join(', ')}`,
    );
    console.error(
      `  server side, typing: Yttra ${typing.yttra.map((ms) => ms.toFixed(1)).join(', ')}; reference ${typing.reference.map((ms) => ms.toFixed(1)).join(', ')}`,
    );
    console.error(
      `  after restart: answered ${answered.map((ms) => ms.toFixed(1)).join(', ')}; integrated ${integrated.map((ms) => ms.toFixed(1)).join(', ')}`,
    );
    console.error(
      `  after a crash: answered ${crash.answered.map((ms) => ms.toFixed(1)).join(', ')}; integrated ${crash.integrated.map((ms) => ms.toFixed(1)).join(', ')}`,
    );

    const scenario = `cold load ${OPERATIONS / 1000}k ops, server side (in process)`;
    const memory: Row = {
      scenario,
      metric: `newcomer's SyncStep2 from memory, idle room (median of ${SAMPLES})`,
      yttra: median(idle.yttra),
      reference: median(idle.reference),
      unit: 'ms',
      target: '≤ reference',
    };
    memory.met = memory.yttra! <= memory.reference!;
    const whileTyping: Row = {
      scenario,
      metric: `newcomer's SyncStep2 from memory, one keystroke before each (median of ${SAMPLES})`,
      yttra: median(typing.yttra),
      reference: median(typing.reference),
      unit: 'ms',
      target: '≤ reference',
    };
    whileTyping.met = whileTyping.yttra! <= whileTyping.reference!;
    const restart: Row = {
      scenario,
      metric: `newcomer's SyncStep2 after a restart, from join (median of ${RESTARTS})`,
      yttra: median(answered),
      reference: null,
      unit: 'ms',
      target: '≤ 50 ms',
    };
    restart.met = restart.yttra! <= 50;
    const afterCrash: Row = {
      scenario,
      metric: `newcomer sent the state after a crash (log of ${CRASH_LOG_UPDATES} updates), from join (median of ${RESTARTS})`,
      yttra: median(crash.answered),
      reference: null,
      unit: 'ms',
      target: '≤ 50 ms',
    };
    afterCrash.met = afterCrash.yttra! <= 50;
    return [
      memory,
      whileTyping,
      restart,
      {
        scenario,
        metric: `room integrated after a restart (median of ${RESTARTS})`,
        yttra: median(integrated),
        reference: null,
        unit: 'ms',
      },
      afterCrash,
      {
        scenario,
        metric: `room integrated after a crash (median of ${RESTARTS})`,
        yttra: median(crash.integrated),
        reference: null,
        unit: 'ms',
      },
    ];
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, coldLoadServerSide);
