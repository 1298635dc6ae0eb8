/**
 * A large room's stored state cut into causally closed slices (server/sync/slicedLoad.ts): applied
 * in order, the slices never leave anything pending and build the very document the stored
 * bytes make; a room loaded through them serves that document and goes on accepting changes.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log';
import { Room } from '../../server/sync/room';
import { applySlice, cutIntoSlices, sliceState, type StoredState } from '../../server/sync/slicedLoad';
import { encodeState } from '../../server/work/tasks';
import { WorkerPool } from '../../server/work/workerPool';
import { memoryRoomStore, type MemoryRoomStore } from './memoryRoomStore';
import { testWriter } from './testWriter';

const log = createLogger('silent');

type Op =
  | { kind: 'insert'; who: number; at: number; text: string }
  | { kind: 'delete'; who: number; at: number; length: number }
  | { kind: 'format'; who: number; at: number; length: number; mark: string }
  | { kind: 'paragraph'; who: number; at: number }
  | { kind: 'dropParagraph'; who: number; at: number }
  | { kind: 'field'; who: number; key: string; value: number | null }
  | { kind: 'sync'; from: number; to: number };

const op = (people: number): fc.Arbitrary<Op> => {
  const who = fc.nat(people - 1);
  const at = fc.nat(40);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), who, at, text: fc.string({ minLength: 1, maxLength: 6 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), who, at, length: fc.integer({ min: 1, max: 5 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('format' as const),
        who,
        at,
        length: fc.integer({ min: 1, max: 8 }),
        mark: fc.constantFrom('bold', 'italic', 'suggestion'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('paragraph' as const), who, at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropParagraph' as const), who, at }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('field' as const),
        who,
        key: fc.constantFrom('status', 'diarienummer', 'handlaggare'),
        value: fc.option(fc.nat(99)),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(people - 1), to: fc.nat(people - 1) }) },
  );
};

/** A text somewhere in the body: a paragraph's, or one nested in a list item inside it. */
function texts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const walk = (element: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) found.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment('body'));
  return found;
}

function apply(docs: Y.Doc[], step: Op): void {
  if (step.kind === 'sync') {
    const [from, to] = [docs[step.from]!, docs[step.to]!];
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    return;
  }
  const doc = docs[step.who]!;
  const body = doc.getXmlFragment('body');
  if (step.kind === 'field') {
    if (step.value === null) doc.getMap('fields').delete(step.key);
    else doc.getMap('fields').set(step.key, step.value);
    return;
  }
  if (step.kind === 'paragraph') {
    const paragraph = new Y.XmlElement('paragraph');
    const inner = new Y.XmlElement('listItem');
    inner.insert(0, [new Y.XmlText('punkt')]);
    paragraph.insert(0, [new Y.XmlText('stycke'), inner]);
    body.insert(step.at % (body.length + 1), [paragraph]);
    return;
  }
  if (step.kind === 'dropParagraph') {
    if (body.length > 1) body.delete(step.at % body.length, 1);
    return;
  }
  const all = texts(doc);
  if (all.length === 0) return;
  const text = all[step.at % all.length]!;
  const at = step.at % (text.length + 1);
  if (step.kind === 'insert') text.insert(at, step.text, step.at % 3 === 0 ? { bold: true } : undefined);
  else if (step.kind === 'delete') text.delete(Math.min(at, text.length), Math.min(step.length, text.length - Math.min(at, text.length)));
  else text.format(Math.min(at, text.length), step.length, { [step.mark]: step.at % 2 === 0 ? true : null });
}

/** Two to four people editing concurrently, exchanging changes in random order. */
const histories = fc
  .integer({ min: 2, max: 4 })
  .chain((people) => fc.tuple(fc.constant(people), fc.array(op(people), { minLength: 1, maxLength: 80 })));

function edited(people: number, ops: Op[]): Y.Doc[] {
  const docs = Array.from({ length: people }, (_, index) => {
    const doc = new Y.Doc();
    doc.clientID = 1000 + index * 7;
    return doc;
  });
  docs[0]!.getXmlFragment('body').insert(0, [new Y.XmlElement('paragraph')]);
  (docs[0]!.getXmlFragment('body').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Början')]);
  for (const doc of docs.slice(1)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(docs[0]!));
  for (const step of ops) apply(docs, step);
  return docs;
}

/** Applies the slices to a fresh document, failing at the first that leaves something pending. */
function rebuilt(slices: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  slices.forEach((slice, index) => {
    applySlice(doc, slice, 'storage');
    expect(doc.store.pendingStructs, `slice ${index} of ${slices.length}`).toBeNull();
    expect(doc.store.pendingDs, `slice ${index} of ${slices.length}`).toBeNull();
  });
  return doc;
}

describe('cutting a stored state into slices', () => {
  it('gives slices that, applied in order, never leave anything pending and build the same document', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 1, max: 12 }), ([people, ops], size) => {
        const docs = edited(people, ops);
        const whole = new Y.Doc();
        for (const doc of docs) Y.applyUpdate(whole, Y.encodeStateAsUpdate(doc));
        // Stored as a compacted snapshot would be: deleted content collected.
        const stored = new Y.Doc();
        Y.applyUpdate(stored, Y.encodeStateAsUpdate(whole));
        const slices = cutIntoSlices(stored, size);
        const doc = rebuilt(slices);
        expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(stored));
        expect(doc.getXmlFragment('body').toString()).toBe(whole.getXmlFragment('body').toString());
        expect(doc.getMap('fields').toJSON()).toEqual(whole.getMap('fields').toJSON());
        // The worker's task checks the same before it answers, from a snapshot and a log alike.
        const snapshot = Y.encodeStateAsUpdate(docs[0]!);
        const updates = docs.slice(1).map((other) => Y.encodeStateAsUpdate(other));
        const answered = sliceState({ snapshot, updates }, size);
        expect(answered).not.toBeNull();
        expect(Y.encodeStateAsUpdate(rebuilt(answered!))).toEqual(encodeState({ snapshot, updates }));
      }),
      { seed: 20261204, numRuns: 150 },
    );
  });

  it('cuts a long typed document into many slices of bounded size', () => {
    const doc = typedDocument(3000);
    const slices = cutIntoSlices(doc, 200);
    expect(slices.length).toBeGreaterThan(5);
    const counts = slices.slice(0, -1).map((slice) => Y.decodeUpdate(slice).structs.length);
    // A slice may exceed its size by what closing it under its dependencies adds, not by much here.
    expect(Math.max(...counts)).toBeLessThan(400);
    expect(Y.encodeStateAsUpdate(rebuilt(slices))).toEqual(Y.encodeStateAsUpdate(doc));
  });

  it('answers null for stored bytes that leave something pending, so the room loads them as they are', () => {
    const doc = typedDocument(50);
    const before = Y.encodeStateVector(doc);
    doc.getXmlFragment('body').insert(0, [new Y.XmlText('sent after a change that is missing')]);
    const later = Y.encodeStateAsUpdate(doc, before);
    expect(sliceState({ snapshot: null, updates: [later] })).toBeNull();
  });
});

/** Typing at scattered places in several paragraphs, with deletions and formatting, by two people. */
function typedDocument(keys: number): Y.Doc {
  const a = new Y.Doc();
  a.clientID = 11;
  const b = new Y.Doc();
  b.clientID = 12;
  const body = a.getXmlFragment('body');
  for (let index = 0; index < 5; index++) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Stycke ')]);
    body.insert(index, [paragraph]);
  }
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  for (let key = 0; key < keys; key++) {
    const doc = key % 5 < 3 ? a : b;
    const paragraphs = doc.getXmlFragment('body');
    const text = (paragraphs.get(key % paragraphs.length) as Y.XmlElement).get(0) as Y.XmlText;
    const at = (key * 7919) % (text.length + 1);
    if (key % 11 === 0 && text.length > 2) text.delete(Math.min(at, text.length - 1), 1);
    else if (key % 13 === 0) text.format(0, Math.min(3, text.length), { bold: true });
    else text.insert(at, 'abcdefg'[key % 7]!);
    if (key % 17 === 0) {
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  const stored = new Y.Doc();
  Y.applyUpdate(stored, Y.encodeStateAsUpdate(a));
  return stored;
}

describe('a large room loaded through slices', () => {
  const pools: WorkerPool[] = [];
  const rooms: Room[] = [];
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map((room) => room.unload()));
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  function openRoom(store: MemoryRoomStore, pool: Pick<WorkerPool, 'run'>): Room {
    const room = new Room({
      name: 'doc:r',
      store,
      guard: () => ({ accepted: true, changesDocument: true }),
      log,
      maxDocumentBytes: 64 * 1024 * 1024,
      onEmpty: () => undefined,
      work: { pool, inlineBelowBytes: 1024 },
    });
    rooms.push(room);
    return room;
  }

  it('serves the same document, applied in many macrotasks, and accepts an edit afterwards', async () => {
    const original = typedDocument(4000);
    const store = memoryRoomStore({ 'doc:r': Y.encodeStateAsUpdate(original) });
    const pool = new WorkerPool();
    pools.push(pool);
    const run = vi.spyOn(pool, 'run');
    const room = openRoom(store, pool);
    let storageTransactions = 0;
    room.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === 'storage') storageTransactions++;
    });
    await room.whenLoaded();
    expect(run.mock.calls.map(([name]) => name)).toEqual(['sliceState']);
    const slices = (await run.mock.results[0]!.value) as Uint8Array[] | null;
    expect(slices).not.toBeNull();
    expect(slices!.length).toBeGreaterThan(2);
    // One transaction per slice, none with the stored bytes whole.
    expect(storageTransactions).toBe(slices!.length);
    expect(room.state).toBe('active');
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(original));
    expect(room.doc.getXmlFragment('body').toString()).toBe(original.getXmlFragment('body').toString());

    const connection = testWriter();
    room.join(connection);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(replica);
    ((replica.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Ny text. ');
    await room.receiveChange(connection, Y.encodeStateAsUpdate(replica, before), 1);
    expect(room.doc.getXmlFragment('body').toString()).toBe(replica.getXmlFragment('body').toString());
    const stored = await store.load('doc:r');
    const fromStorage = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(fromStorage, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(fromStorage, update);
    expect(fromStorage.getXmlFragment('body').toString()).toBe(replica.getXmlFragment('body').toString());
  });

  it('loads in one apply when the worker fails, losing nothing', async () => {
    const original = typedDocument(1000);
    const store = memoryRoomStore({ 'doc:r': Y.encodeStateAsUpdate(original) });
    const room = openRoom(store, {
      run: () => Promise.reject(new Error('the worker died')),
    } as unknown as Pick<WorkerPool, 'run'>);
    await room.whenLoaded();
    expect(room.state).toBe('active');
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(original));
  });

  it('loads in one apply when the pool does not answer in time (busy with other people’s work)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const original = typedDocument(1000);
      const store = memoryRoomStore({ 'doc:r': Y.encodeStateAsUpdate(original) });
      const room = openRoom(store, { run: () => new Promise(() => undefined) } as unknown as Pick<WorkerPool, 'run'>);
      await vi.advanceTimersByTimeAsync(5_000);
      await room.whenLoaded();
      expect(room.state).toBe('active');
      expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(original));
    } finally {
      vi.useRealTimers();
    }
  });

  it('finishes an unload asked for during a sliced load: the room ends closed, its document dropped', async () => {
    const original = typedDocument(1000);
    const store = memoryRoomStore({ 'doc:r': Y.encodeStateAsUpdate(original) });
    // The pool's task in this thread, with small slices: many macrotasks to unload in between.
    const room = openRoom(store, {
      run: (_name: string, input: StoredState) => Promise.resolve(sliceState(input, 50)),
    } as unknown as Pick<WorkerPool, 'run'>);
    const connection = testWriter();
    const closed: number[] = [];
    connection.close = (code: number) => void closed.push(code);
    room.join(connection);
    let unloading: Promise<void> | null = null;
    let stateAtUnload: string | null = null;
    room.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== 'storage' || unloading) return;
      stateAtUnload = room.state;
      unloading = room.unload();
    });
    await room.whenLoaded();
    expect(stateAtUnload).toBe('loading');
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(original));
    await unloading;
    expect(room.state).toBe('closed');
    expect(closed).toHaveLength(1);
    expect(room.doc.isDestroyed).toBe(true);
    rooms.splice(0);
  });
});
