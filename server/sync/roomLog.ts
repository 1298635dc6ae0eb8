/**
 * A room's account of its stored log: how many bytes it holds (what the document size limit is
 * checked against), the sequence number of its last update, and how much was appended since the
 * last snapshot, which decides when the log is folded into one snapshot (compaction).
 *
 * Appends and compactions run on the room's queue, so the room's document equals what storage
 * holds whenever a compaction encodes it.
 */
import * as Y from 'yjs';
import type { RoomStore, StoredRoom } from '../storage/storage';

/** Compact the update log into one snapshot after this many appended updates … */
const COMPACT_AFTER_UPDATES = 1000;
/** … or this many appended bytes. */
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * The stored state as one update, when that is cheap: the snapshot itself when the log after it
 * is empty, merged with a log no longer than a compaction allows; null when there is no snapshot
 * or the log is longer (a room that was never compacted is small or young).
 */
export function storedStateOf(stored: StoredRoom): Uint8Array | null {
  if (!stored.snapshot || stored.updates.length > COMPACT_AFTER_UPDATES) return null;
  return stored.updates.length === 0 ? stored.snapshot : Y.mergeUpdates([stored.snapshot, ...stored.updates]);
}

/**
 * What a store refuses an append or a compaction with when another instance owns the room now
 * (server/cluster/fencedRoomStore.ts): this copy must stop serving it, and nothing is wrong with
 * storage.
 */
export class RoomTakenOver extends Error {}

export class RoomLog {
  private bytes = 0;
  private seq = 0;
  private updatesSinceSnapshot = 0;
  private bytesSinceSnapshot = 0;
  private compactionDue = false;

  constructor(
    private readonly name: string,
    private readonly store: RoomStore,
  ) {}

  /** Reads the room's stored state, and takes the account from it. */
  async load(): Promise<StoredRoom> {
    const stored = await this.store.load(this.name);
    this.seq = stored.lastSeq;
    this.bytes = stored.bytes;
    this.updatesSinceSnapshot = stored.updates.length;
    this.bytesSinceSnapshot = stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
    return stored;
  }

  /** Bytes held for the room (snapshot plus log). */
  get storedBytes(): number {
    return this.bytes;
  }

  /** Appends one update; resolves once storage has committed it (rejects if it did not). */
  async append(update: Uint8Array): Promise<void> {
    this.seq = await this.store.append(this.name, [update]);
    this.bytes += update.byteLength;
    this.updatesSinceSnapshot += 1;
    this.bytesSinceSnapshot += update.byteLength;
  }

  /**
   * True once when the log has grown past a compaction bound, for the room to queue a
   * compaction; false again until that compaction has run.
   */
  takeCompactionDue(): boolean {
    if (this.compactionDue) return false;
    if (this.updatesSinceSnapshot < COMPACT_AFTER_UPDATES && this.bytesSinceSnapshot < COMPACT_AFTER_BYTES) return false;
    this.compactionDue = true;
    return true;
  }

  /** Folds the log into one snapshot of `doc`, which must equal what storage holds. */
  async compact(doc: Y.Doc): Promise<void> {
    this.compactionDue = false;
    if (this.updatesSinceSnapshot === 0) return;
    const snapshot = Y.encodeStateAsUpdate(doc);
    await this.store.compact(this.name, snapshot, this.seq);
    this.bytes = snapshot.byteLength;
    this.updatesSinceSnapshot = 0;
    this.bytesSinceSnapshot = 0;
  }
}
