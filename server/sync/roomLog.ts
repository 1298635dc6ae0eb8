/**
 * A room's account of its stored log: how many bytes it holds (what the document size limit is
 * checked against), the sequence number of its last update, and how much was appended since the
 * last snapshot, which decides when the log is folded into one snapshot (compaction).
 *
 * Appends and compactions start on the room's queue, so the room's document equals what storage
 * holds whenever a compaction starts. A small room's snapshot is its document encoded there and
 * then. A large one's is built in a worker (encoding the 200,000-operation bench document holds
 * the event loop for 14 ms and more) from what storage holds up to the room's last sequence
 * number, which is that same document; the room's queue goes on meanwhile, and the updates
 * appended after that number stay in the log. One compaction runs at a time.
 */
import * as Y from 'yjs';
import type { RoomStore, StoredRoom } from '../storage/storage';
import type { WorkerPool } from '../work/workerPool';

/** Compact the update log into one snapshot after this many appended updates … */
const COMPACT_AFTER_UPDATES = 1000;
/** … or this many appended bytes. */
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/** A room's stored state: its snapshot and the log after it. */
export interface StoredState {
  snapshot: Uint8Array;
  updates: Uint8Array[];
}

/**
 * The stored state, when the room was compacted and its log is no longer than a compaction
 * allows (a room that was never compacted is small or young); null otherwise.
 */
export function storedStateOf(stored: StoredRoom): StoredState | null {
  if (!stored.snapshot || stored.updates.length > COMPACT_AFTER_UPDATES) return null;
  return { snapshot: stored.snapshot, updates: stored.updates };
}

/**
 * What a store refuses an append or a compaction with when another instance owns the room now
 * (server/cluster/fencedRoomStore.ts): this copy must stop serving it, and nothing is wrong with
 * storage.
 */
export class RoomTakenOver extends Error {}

/** Where a large room's snapshot is built: a room holding `inlineBelowBytes` or more uses `pool`. */
export interface CompactionWork {
  pool: Pick<WorkerPool, 'run'>;
  inlineBelowBytes: number;
}

export interface RoomLogOptions {
  work?: CompactionWork;
  /** A compaction that went on after the room's queue had moved on failed. */
  onCompactionFailed(error: unknown): void;
}

export class RoomLog {
  private bytes = 0;
  private seq = 0;
  private updatesSinceSnapshot = 0;
  private bytesSinceSnapshot = 0;
  private compactionDue = false;
  /** The compaction still building or storing its snapshot after the queue moved on. */
  private compaction: Promise<void> | null = null;
  /** The worker failed the last time: the next snapshot is encoded in place. */
  private workerFailed = false;

  constructor(
    private readonly name: string,
    private readonly store: RoomStore,
    private readonly options: RoomLogOptions,
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

  /**
   * Folds the log into one snapshot; `doc` must equal what storage holds. With `background`, a
   * snapshot built in a worker is stored after this resolves (its failure goes to
   * onCompactionFailed); without, this resolves when the log is folded (the final one of an
   * unload). A compaction still going on is waited for first.
   */
  async compact(doc: Y.Doc, { background }: { background: boolean }): Promise<void> {
    await this.compaction;
    try {
      if (this.updatesSinceSnapshot === 0) return;
      const work = this.options.work;
      if (!work || this.workerFailed || this.bytes < work.inlineBelowBytes) return await this.compactInPlace(doc);
      const seq = this.seq;
      const stored = await this.store.load(this.name);
      // Storage holds something else than what this copy appended: fold what the copy holds.
      if (stored.lastSeq !== seq) return await this.compactInPlace(doc);
      const building = this.compactInWorker(work.pool, stored);
      if (!background) {
        await building.catch(() => this.compactInPlace(doc));
        return;
      }
      this.compaction = building
        .catch((error: unknown) => this.options.onCompactionFailed(error))
        .finally(() => {
          this.compaction = null;
          this.compactionDue = false;
        });
      return;
    } finally {
      if (!this.compaction) this.compactionDue = false;
    }
  }

  private async compactInPlace(doc: Y.Doc): Promise<void> {
    const snapshot = Y.encodeStateAsUpdate(doc);
    await this.store.compact(this.name, snapshot, this.seq);
    this.bytes = snapshot.byteLength;
    this.updatesSinceSnapshot = 0;
    this.bytesSinceSnapshot = 0;
  }

  /** Builds the snapshot of `stored` in a worker and stores it; what was appended since stays in the log. */
  private async compactInWorker(work: Pick<WorkerPool, 'run'>, stored: StoredRoom): Promise<void> {
    const folded = { updates: stored.updates.length, bytes: stored.updates.reduce((sum, update) => sum + update.byteLength, 0) };
    const input = { snapshot: stored.snapshot, updates: stored.updates };
    let snapshot: Uint8Array;
    try {
      snapshot = await work.run('encodeState', input, stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
    } catch (error) {
      this.workerFailed = true;
      throw error;
    }
    this.workerFailed = false;
    await this.store.compact(this.name, snapshot, stored.lastSeq);
    this.updatesSinceSnapshot -= folded.updates;
    this.bytesSinceSnapshot -= folded.bytes;
    this.bytes = snapshot.byteLength + this.bytesSinceSnapshot;
  }
}
