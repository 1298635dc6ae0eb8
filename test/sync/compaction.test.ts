/**
 * Compaction of a room's log (server/sync/roomLog.ts): a large room's snapshot is built in a
 * worker from what storage holds, while the room goes on storing changes, which stay in the log
 * after it; a small room's is encoded in place; an unload waits for a compaction under way; a
 * worker that fails leaves the log whole and the next snapshot is encoded in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log';
import { Room } from '../../server/sync/room';
import { RoomTakenOver, type CompactionWork } from '../../server/sync/roomLog';
import { CLOSE } from '../../shared/protocol/messages';
import { encodeState, type EncodeStateInput } from '../../server/work/tasks';
import { WorkerPool } from '../../server/work/workerPool';
import { memoryRoomStore, type MemoryRoomStore } from './memoryRoomStore';
import { testWriter } from './testWriter';

const log = createLogger('silent');
/** The log is folded after this many updates (roomLog.ts). */
const COMPACT_AFTER_UPDATES = 1000;

function stateOfText(characters: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'a'.repeat(characters));
  return Y.encodeStateAsUpdate(doc);
}

type Pool = CompactionWork['pool'];
/** Stored bytes from which the snapshot is built in a worker (the default of YTTRA_WORK_INLINE_BELOW_BYTES). */
const INLINE_BELOW_BYTES = 128 * 1024;

/** A worker stand-in that builds the snapshot as the pool's task does, answering when told to. */
function heldWorker(fail = false) {
  const asked: EncodeStateInput[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const work = {
    async run(name: string, input: EncodeStateInput) {
      expect(name).toBe('encodeState');
      asked.push(input);
      await released;
      if (fail) throw new Error('the worker died');
      return encodeState(input);
    },
  } as unknown as Pool;
  return { asked, release, work };
}

const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.unload()));
});

async function openRoom(store: MemoryRoomStore, pool?: Pool) {
  const room = new Room({
    name: 'doc:r',
    store,
    guard: () => ({ accepted: true, changesDocument: true }),
    log,
    maxDocumentBytes: 64 * 1024 * 1024,
    onEmpty: () => undefined,
    work: pool && { pool, inlineBelowBytes: INLINE_BELOW_BYTES },
  });
  rooms.push(room);
  await room.whenLoaded();
  const connection = testWriter();
  room.join(connection);
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
  let frames = 0;
  /** Types `count` characters, one stored update each. */
  const type = async (count: number) => {
    for (let index = 0; index < count; index++) {
      const before = Y.encodeStateVector(replica);
      replica.getText('t').insert(0, 'b');
      await room.receiveChange(connection, Y.encodeStateAsUpdate(replica, before), ++frames);
    }
  };
  return { room, replica, type, connection };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The text a fresh document built from what storage holds has. */
async function storedText(store: MemoryRoomStore): Promise<string> {
  const stored = await store.load('doc:r');
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('compaction of a room', () => {
  it("builds a large room's snapshot in a worker while the room goes on storing changes, which stay in the log after it", async () => {
    const store = memoryRoomStore({ 'doc:r': stateOfText(300_000) });
    const worker = heldWorker();
    const { room, type } = await openRoom(store, worker.work);
    await type(COMPACT_AFTER_UPDATES);
    await until(() => worker.asked.length === 1, 'the worker to be asked');
    expect(worker.asked[0]!.updates).toHaveLength(COMPACT_AFTER_UPDATES);

    // The worker has not answered, and the room stores and acknowledges changes all the same.
    await type(5);
    expect(store.calls.filter((call) => call.startsWith('compact'))).toEqual([]);

    worker.release();
    await until(() => store.calls.includes(`compact doc:r up to ${COMPACT_AFTER_UPDATES}`), 'the snapshot to be stored');
    const stored = await store.load('doc:r');
    expect(stored.updates).toHaveLength(5);
    expect(await storedText(store)).toBe(room.doc.getText('t').toString());
    expect(worker.asked).toHaveLength(1);
  });

  it("encodes a small room's snapshot in place, without the worker", async () => {
    const store = memoryRoomStore({ 'doc:r': stateOfText(100) });
    const worker = heldWorker();
    const { room, type } = await openRoom(store, worker.work);
    await type(COMPACT_AFTER_UPDATES);
    await until(() => store.calls.includes(`compact doc:r up to ${COMPACT_AFTER_UPDATES}`), 'the snapshot to be stored');
    expect(worker.asked).toEqual([]);
    expect((await store.load('doc:r')).updates).toEqual([]);
    expect(await storedText(store)).toBe(room.doc.getText('t').toString());
  });

  it('lets an unload wait for a compaction under way, then folds what came after it', async () => {
    const store = memoryRoomStore({ 'doc:r': stateOfText(300_000) });
    const worker = heldWorker();
    const { room, type } = await openRoom(store, worker.work);
    await type(COMPACT_AFTER_UPDATES);
    await until(() => worker.asked.length === 1, 'the worker to be asked');
    await type(5);
    const text = room.doc.getText('t').toString();
    const unloading = room.unload();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(room.state).toBe('unloading');
    worker.release();
    await unloading;
    expect(store.calls.filter((call) => call.startsWith('compact'))).toEqual([
      `compact doc:r up to ${COMPACT_AFTER_UPDATES}`,
      `compact doc:r up to ${COMPACT_AFTER_UPDATES + 5}`,
    ]);
    expect((await store.load('doc:r')).updates).toEqual([]);
    expect(await storedText(store)).toBe(text);
  });

  it('keeps the log whole when the worker fails, and encodes the next snapshot in place', async () => {
    const store = memoryRoomStore({ 'doc:r': stateOfText(300_000) });
    const worker = heldWorker(true);
    const { room, type } = await openRoom(store, worker.work);
    await type(COMPACT_AFTER_UPDATES);
    await until(() => worker.asked.length === 1, 'the worker to be asked');
    worker.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await type(1);
    await until(() => store.calls.some((call) => call.startsWith('compact')), 'a snapshot to be stored');
    expect(store.calls.filter((call) => call.startsWith('compact'))).toEqual([`compact doc:r up to ${COMPACT_AFTER_UPDATES + 1}`]);
    expect(worker.asked).toHaveLength(1);
    expect(room.state).toBe('active');
    expect(await storedText(store)).toBe(room.doc.getText('t').toString());
  });

  it('gives the room up and sends its clients to reconnect (4002) when another instance took it over while the worker built the snapshot', async () => {
    const store = memoryRoomStore({ 'doc:r': stateOfText(300_000) });
    store.compact = () => Promise.reject(new RoomTakenOver('doc:r'));
    const worker = heldWorker();
    const { room, type, connection } = await openRoom(store, worker.work);
    await type(COMPACT_AFTER_UPDATES);
    await until(() => worker.asked.length === 1, 'the worker to be asked');
    expect(room.state).toBe('active');
    worker.release();
    await until(() => room.state === 'failed', 'the room to be given up');
    expect(connection.closedWith?.code).toBe(CLOSE.resync);
  });

  it("stores the snapshot the pool's worker thread built", async () => {
    const pool = new WorkerPool({ size: 1 });
    try {
      const store = memoryRoomStore({ 'doc:r': stateOfText(300_000) });
      const { room, type } = await openRoom(store, pool);
      await type(COMPACT_AFTER_UPDATES);
      await until(() => store.calls.includes(`compact doc:r up to ${COMPACT_AFTER_UPDATES}`), 'the snapshot to be stored');
      const stored = await store.load('doc:r');
      expect(stored.updates).toEqual([]);
      expect(stored.snapshot).toEqual(Y.encodeStateAsUpdate(room.doc));
    } finally {
      await pool.close();
    }
  });
});
