/**
 * A large room's stored state, cut into slices that the room applies one per macrotask, so that
 * loading it never holds the event loop for long (one `Y.applyUpdate` of the 2M-keystroke bench
 * document takes ~700 ms, during which every other room on the process stalls).
 *
 * The cutting runs in a worker (the pool's task `sliceState`): it builds the document from the
 * stored bytes and cuts its structs into causally closed slices: each slice holds, per client, a
 * contiguous run of whole structs after the previous slice's, and every Item in it finds its
 * origin, its right origin and its parent's item either in an earlier slice or in the same one.
 * Applied in order, no slice leaves anything pending. The delete set comes last, in slices too.
 * Before answering, the worker applies the slices to a fresh document and checks that it is the
 * same document, byte for byte; if not, it answers null and the room loads in one apply.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Structs per slice, roughly: applying 2,000 structs of typed text with formatting takes a few
 * milliseconds on the main thread (bench/heavyStalls.ts measures the longest one).
 */
export const SLICE_STRUCTS = 2_000;
/** Deleted ranges per slice of the delete set, per struct of a struct slice (applying one is cheaper). */
const DELETED_RANGES_PER_STRUCT = 2;
/** Structs a client advances by at a time while a slice is filled, so that clients interleave. */
const STEP_STRUCTS = 64;

type Struct = Y.Item | Y.GC;

/** A room's stored state: its snapshot, if any, and the updates after it, in order. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/** The document the stored bytes make, or null when something in them stays pending. */
function storedDoc({ snapshot, updates }: StoredState): Y.Doc | null {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    return null;
  }
  return doc;
}

/**
 * One slice as a v1 update: the number of clients, then per client (highest first, as Yjs writes
 * them) the number of structs, the client, the first struct's clock and each struct whole; then
 * an empty delete set.
 */
function encodeSlice(runs: Array<{ client: number; structs: Struct[]; from: number; to: number }>): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const sorted = runs.filter((run) => run.to > run.from).sort((a, b) => b.client - a.client);
  encoding.writeVarUint(encoder.restEncoder, sorted.length);
  for (const { client, structs, from, to } of sorted) {
    encoding.writeVarUint(encoder.restEncoder, to - from);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[from]!.id.clock);
    for (let index = from; index < to; index++) structs[index]!.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** The IDs an Item needs integrated before it can be: its origins and its parent's item. */
function dependencies(struct: Struct, found: (id: Y.ID) => void): void {
  if (!(struct instanceof Y.Item)) return;
  if (struct.origin) found(struct.origin);
  if (struct.rightOrigin) found(struct.rightOrigin);
  const parent = struct.parent;
  if (parent instanceof Y.AbstractType) {
    if (parent._item) found(parent._item.id);
  } else if (parent instanceof Y.ID) found(parent);
}

/** The document's structs cut into causally closed slices of about `size` structs, then its delete set's. */
export function cutIntoSlices(doc: Y.Doc, size = SLICE_STRUCTS): Uint8Array[] {
  const clients = [...doc.store.clients.entries()].map(([client, structs]) => ({ client, structs: structs as Struct[] }));
  const byClient = new Map(clients.map((entry) => [entry.client, entry]));
  // Per client, how many of its structs the slices so far (and the one being filled) hold.
  const cut = new Map(clients.map(({ client }) => [client, 0]));
  const slices: Uint8Array[] = [];
  let turn = 0;
  for (;;) {
    const from = new Map(cut);
    let count = 0;
    const open: Struct[] = [];
    const include = (client: number, to: number): void => {
      const { structs } = byClient.get(client)!;
      const at = cut.get(client)!;
      for (let index = at; index < to; index++) open.push(structs[index]!);
      count += to - at;
      cut.set(client, to);
    };
    const need = (id: Y.ID): void => {
      const entry = byClient.get(id.client);
      if (!entry) throw new Error(`a struct depends on client ${id.client}, which has none`);
      const at = cut.get(id.client)!;
      const last = at > 0 ? entry.structs[at - 1]! : null;
      if (last && id.clock < last.id.clock + last.length) return;
      include(id.client, Y.findIndexSS(entry.structs, id.clock) + 1);
    };
    while (count < size) {
      let next = -1;
      for (let tried = 0; tried < clients.length; tried++) {
        const candidate = (turn + tried) % clients.length;
        const { client, structs } = clients[candidate]!;
        if (cut.get(client)! < structs.length) {
          next = candidate;
          break;
        }
      }
      if (next < 0) break;
      turn = next + 1;
      const { client, structs } = clients[next]!;
      include(client, Math.min(structs.length, cut.get(client)! + STEP_STRUCTS));
      while (open.length > 0) dependencies(open.pop()!, need);
    }
    if (count === 0) break;
    slices.push(encodeSlice(clients.map(({ client, structs }) => ({ client, structs, from: from.get(client)!, to: cut.get(client)! }))));
  }
  slices.push(...deleteSetSlices(doc, size * DELETED_RANGES_PER_STRUCT));
  return slices;
}

/**
 * The document's delete set as updates without structs, of about `ranges` deleted ranges each
 * (the 200,000-operation bench document's whole delete set took 4–6 ms to apply). Deleting is
 * idempotent and every struct is in by then, so the parts may come in any order; they come last.
 */
function deleteSetSlices(doc: Y.Doc, ranges: number): Uint8Array[] {
  const deleted: Array<{ client: number; clock: number; length: number }> = [];
  for (const [client, structs] of [...doc.store.clients.entries()].sort((a, b) => b[0] - a[0])) {
    let open: { client: number; clock: number; length: number } | null = null;
    for (const struct of structs) {
      if (!struct.deleted) open = null;
      else if (open) open.length += struct.length;
      else deleted.push((open = { client, clock: struct.id.clock, length: struct.length }));
    }
  }
  const slices: Uint8Array[] = [];
  for (let start = 0; start < deleted.length; start += ranges) {
    const part = deleted.slice(start, start + ranges);
    const byClient = new Map<number, typeof part>();
    for (const range of part) {
      const list = byClient.get(range.client);
      if (list) list.push(range);
      else byClient.set(range.client, [range]);
    }
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 0);
    encoding.writeVarUint(encoder.restEncoder, byClient.size);
    for (const [client, list] of byClient) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, list.length);
      for (const range of list) {
        encoder.writeDsClock(range.clock);
        encoder.writeDsLen(range.length);
      }
    }
    slices.push(encoder.toUint8Array());
  }
  return slices;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Yjs tidies the formatting of a text after a remote transaction that integrated formatting
 * (deleting format marks it finds redundant). The full document was tidied, or not, when it was
 * built from the stored bytes in one transaction, and every deletion that made is in its delete
 * set, which comes last; a partial document must not be tidied, since what looks redundant there
 * may not be in the whole. So each slice is applied with that tidying off.
 */
function skipFormattingCleanup(transaction: Y.Transaction): void {
  transaction._needFormattingCleanup = false;
}

/** Applies one slice, as the room and the worker's check both do. */
export function applySlice(doc: Y.Doc, slice: Uint8Array, origin: unknown): void {
  // Emitted just before Yjs looks whether to tidy the formatting (utils/Transaction.js).
  doc.on('afterTransaction', skipFormattingCleanup);
  try {
    Y.applyUpdate(doc, slice, origin);
  } finally {
    doc.off('afterTransaction', skipFormattingCleanup);
  }
}

/**
 * Whether applying `slices` in order to a fresh document never leaves anything pending and ends
 * in exactly `doc` (the same full state update, byte for byte).
 */
export function slicesRebuild(doc: Y.Doc, slices: readonly Uint8Array[]): boolean {
  const rebuilt = new Y.Doc();
  try {
    for (const slice of slices) {
      applySlice(rebuilt, slice, 'storage');
      if (rebuilt.store.pendingStructs !== null || rebuilt.store.pendingDs !== null) return false;
    }
    return sameBytes(Y.encodeStateAsUpdate(rebuilt), Y.encodeStateAsUpdate(doc));
  } finally {
    rebuilt.destroy();
  }
}

/**
 * The pool's task: the stored state as slices to apply in order, or null when it cannot be cut
 * safely (something stays pending, or the slices do not rebuild the same document).
 */
export function sliceState(input: StoredState, size = SLICE_STRUCTS): Uint8Array[] | null {
  const doc = storedDoc(input);
  if (!doc) return null;
  try {
    const slices = cutIntoSlices(doc, size);
    return slicesRebuild(doc, slices) ? slices : null;
  } finally {
    doc.destroy();
  }
}

/** Applies the slices to the room's document, one per macrotask, each as a storage transaction. */
export async function applySlices(doc: Y.Doc, slices: readonly Uint8Array[]): Promise<void> {
  for (let index = 0; index < slices.length; index++) {
    if (index > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    applySlice(doc, slices[index]!, 'storage');
  }
}
