/**
 * The whole document for every client that arrives with nothing (a new tab, a new reader): one
 * SyncStep2 frame, encoded once, and the updates the room integrated since (the tail), merged and
 * sent after it as one update frame. A large document is not re-encoded for each newcomer nor
 * after each keystroke (encoding the 200,000-operation bench document takes tens of ms); only
 * when the tail has grown past TAIL_MAX_* is the frame made anew. The stored state a room was
 * loaded from stands in for the first encode: its snapshot is the frame (made on first use) and
 * its log the tail.
 *
 * The room asks for frames on its queue, where the document equals storage, so everything sent
 * is committed state.
 */
import * as Y from 'yjs';
import type { StoredState } from './roomLog';
import { syncStep2Frame, updateFrame } from './syncFrames';

/** Documents smaller than this are encoded on demand rather than kept encoded while idle. */
export const FULL_STATE_CACHE_MIN_BYTES = 64 * 1024;
/** The cached full state is re-encoded once the updates after it pass either bound. */
const TAIL_MAX_UPDATES = 500;
const TAIL_MAX_BYTES = 1024 * 1024;

export class FullStateCache {
  /** The stored state the room was loaded from, not yet framed. */
  private fromStorage: Uint8Array | null = null;
  private frame: Uint8Array | null = null;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;

  /** `encode` is the document's full state now (Y.encodeStateAsUpdate). */
  constructor(private readonly encode: () => Uint8Array) {}

  /**
   * The room has integrated its stored state; `state` is that state when it is large enough to
   * keep (it then stands in for the first encode), otherwise null.
   */
  loaded(state: StoredState | null): void {
    this.fromStorage = state?.snapshot ?? null;
    this.tail = [];
    this.tailBytes = 0;
    for (const update of state?.updates ?? []) this.note(update);
  }

  /** An update the document integrated. */
  note(update: Uint8Array): void {
    if (!this.frame && !this.fromStorage) return;
    this.tail.push(update);
    this.tailBytes += update.byteLength;
    if (this.tail.length > TAIL_MAX_UPDATES || this.tailBytes > TAIL_MAX_BYTES) this.forget();
  }

  private forget(): void {
    this.frame = null;
    this.fromStorage = null;
    this.tail = [];
    this.tailBytes = 0;
  }

  /** The frames that bring a client with an empty state vector up to the document. */
  frames(): Uint8Array[] {
    if (!this.frame) {
      const fromStorage = this.fromStorage;
      const state = fromStorage ?? this.encode();
      this.fromStorage = null;
      if (!fromStorage) {
        this.tail = [];
        this.tailBytes = 0;
      }
      if (state.byteLength <= FULL_STATE_CACHE_MIN_BYTES) return [syncStep2Frame(state)];
      this.frame = syncStep2Frame(state);
    }
    if (this.tail.length === 0) return [this.frame];
    if (this.tail.length > 1) this.tail = [Y.mergeUpdates(this.tail)];
    return [this.frame, updateFrame(this.tail[0]!)];
  }
}
