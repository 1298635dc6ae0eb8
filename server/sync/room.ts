/**
 * A room owns one Y.Doc and its awareness for as long as anyone is connected to it.
 *
 * Lifecycle (an explicit state machine):  loading → active → unloading → closed
 *                                          loading → failed
 * Every operation that reads or changes the document runs on the room's serial work queue, which
 * starts with the load: nothing is accepted before the stored state is applied, and a failed load
 * closes the room instead of serving an empty document that could be stored over good data. The
 * one thing answered during a load is a newcomer's SyncStep1, from the stored bytes themselves
 * (loadingAnswers.ts). Accepted changes are committed to storage before they are broadcast or
 * acknowledged. The stored log's account and its compaction are roomLog.ts's; the full state
 * kept for newcomers is fullStateCache.ts's.
 */
import * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE } from '../../shared/protocol/messages';
import { RoomBroadcaster } from './roomBroadcaster';
import type { Logger } from '../log';
import type { RoomStore } from '../storage/storage';
import type { RoomConnection } from './roomConnection';
import type { Verdict } from './guards/bodyGuard';
import { RoomAwareness } from './roomAwareness';
import { LoadingAnswers, isEmptyStateVector } from './loadingAnswers';
import { FULL_STATE_CACHE_MIN_BYTES, FullStateCache } from './fullStateCache';
import { RoomLog, RoomTakenOver, storedStateOf, type CompactionWork } from './roomLog';
import { syncStep1Frame, syncStep2Frame } from './syncFrames';
import { applySlices, type StoredState } from './slicedLoad';

/**
 * How long a loading room waits for its stored state to be cut into slices (slicedLoad.ts; the
 * 2M-keystroke bench document takes ~1.7 s in a worker) before it loads in one apply instead.
 */
const SLICES_WAIT_MS = 5_000;

export type RoomState = 'loading' | 'active' | 'unloading' | 'closed' | 'failed';

/** Decides whether an update from a connection may be applied (see guards/). */
export type UpdateGuard = (doc: Y.Doc, update: Uint8Array, connection: RoomConnection) => Verdict | Promise<Verdict>;

export interface RoomOptions {
  name: string;
  store: RoomStore;
  guard: UpdateGuard;
  log: Logger;
  maxDocumentBytes: number;
  /** Called after the room's state changed and was stored (for listings, audit, …). */
  onStored?: (room: Room, origin: unknown, update: Uint8Array) => void;
  /**
   * Brings a stored document up to date once it is loaded, before any change is accepted: an
   * older layout, or a status its record holds that the document missed. It may first read what it
   * needs (nothing else runs on the room meanwhile) and changes the document only through
   * `change`; what that changes is stored like any server change (origin `migration`).
   */
  migrate?: (doc: Y.Doc, change: (apply: (doc: Y.Doc) => void) => void) => void | Promise<void>;
  /** Where a large room builds its compacted snapshot, off the event loop (roomLog.ts). */
  work?: CompactionWork;
  /** Called when the last connection has left and the room may be unloaded. */
  onEmpty: (room: Room) => void;
  /** Counts and times every committed update (Prometheus). */
  metrics?: {
    updatesStored: { inc(): void };
    storeSeconds: { startTimer(): () => number };
    relaySeconds: { observe(seconds: number): void };
  };
}

export class StorageFailure extends Error {}

export class Room {
  readonly name: string;
  readonly doc = new Y.Doc();
  private readonly roomAwareness = new RoomAwareness(this.doc, () => this.connections);
  private stateValue: RoomState = 'loading';
  private readonly connections = new Set<RoomConnection>();
  private work: Promise<void>;
  private readonly options: RoomOptions;
  private captured: Uint8Array[] = [];
  private readonly broadcaster = new RoomBroadcaster(
    () => this.connections,
    (heldMs) => this.options.metrics?.relaySeconds.observe(heldMs / 1000),
  );
  private readonly log: RoomLog;
  private readonly fullState = new FullStateCache(() => Y.encodeStateAsUpdate(this.doc));
  private readonly loadingAnswers = new LoadingAnswers();

  constructor(options: RoomOptions) {
    this.options = options;
    this.name = options.name;
    this.log = new RoomLog(options.name, options.store, {
      work: options.work,
      onCompactionFailed: (error) => this.compactionFailed(error),
    });
    this.work = this.load();
  }

  get state(): RoomState {
    return this.stateValue;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Resolves when the room is active; rejects if loading failed. */
  whenLoaded(): Promise<void> {
    return this.work;
  }

  private async load(): Promise<void> {
    try {
      const stored = await this.log.load();
      // A room is exactly its snapshot and its log (a compacted one, its snapshot alone). For a
      // large one, newcomers are answered from those bytes while it integrates, and the first of
      // them after the load needs no encode either; an idle small room stays small.
      const storedState = storedStateOf(stored);
      const large = storedState && stored.bytes > FULL_STATE_CACHE_MIN_BYTES ? storedState : null;
      // A room at or above the worker bound is cut into slices there meanwhile (slicedLoad.ts).
      const work = this.options.work;
      const slicing = storedState && work && stored.bytes >= work.inlineBelowBytes ? this.slicesOf(work, stored) : null;
      if (large) await this.loadingAnswers.offer(large, () => this.connections);
      const slices = slicing && (await slicing);
      if (slices) await applySlices(this.doc, slices);
      else {
        this.doc.transact(() => {
          if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
          for (const update of stored.updates) Y.applyUpdate(this.doc, update);
        }, 'storage');
      }
      // Listened to only from here: with an update listener, Yjs encodes the whole stored state
      // once more as the load's update event (about a tenth of a large load), for nothing.
      this.doc.on('update', (update: Uint8Array) => {
        this.captured.push(update);
        this.fullState.note(update);
      });
      this.fullState.loaded(large);
      if (this.options.migrate) {
        await this.options.migrate(this.doc, (apply) => this.doc.transact(() => apply(this.doc), 'migration'));
        await this.storeCaptured(null, 'migration');
      }
      // SyncStep1s that came before the stored bytes were read and were not answered from them.
      for (const { connection, stateVector } of this.loadingAnswers.takeHeld()) {
        if (this.connections.has(connection)) this.sendState(connection, stateVector);
      }
      this.loadingAnswers.close();
      // An unload that came during the load has waited for it and goes on from here.
      if (this.stateValue === 'loading') this.stateValue = 'active';
    } catch (error) {
      this.loadingAnswers.close();
      this.stateValue = 'failed';
      this.options.log.error({ err: error, room: this.name }, 'room failed to load');
      this.closeAll(CLOSE.storageFailure, 'Dokumentet kunde inte läsas in. Försök igen om en stund.');
      this.destroy();
      throw error;
    }
  }

  /**
   * The stored state as slices to apply one per macrotask, cut in a worker; null when the worker
   * failed or could not cut it safely, and the room then loads it in one apply.
   */
  private async slicesOf(work: CompactionWork, stored: StoredState): Promise<Uint8Array[] | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // Copied, not moved: the loading answers are made from the same bytes.
      const cutting = work.pool.run('sliceState', { snapshot: stored.snapshot, updates: stored.updates });
      // The pool may be busy with other people's exports and comparisons: the people waiting for
      // this room do not wait behind them for longer than this; the room then loads in one apply.
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SLICES_WAIT_MS)));
      const slices = await Promise.race([cutting, late]);
      if (slices === 'late') {
        cutting.catch(() => undefined);
        this.options.log.warn({ room: this.name }, 'the stored state was not cut into slices in time; loading it in one apply');
        return null;
      }
      if (!slices) this.options.log.warn({ room: this.name }, 'stored state could not be cut into slices; loading it in one apply');
      return slices;
    } catch (error) {
      this.options.log.warn({ err: error, room: this.name }, 'cutting the stored state into slices failed; loading it in one apply');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Active, or unloading but still finishing what was queued before the unload. */
  private acceptsWork(): boolean {
    return this.stateValue === 'active' || this.stateValue === 'unloading';
  }

  /** Runs `task` after everything queued before it; a failed load skips it. */
  private enqueue(task: () => Promise<void> | void): Promise<void> {
    const next = this.work.then(task);
    // The queue itself must survive a failed task; the caller still sees the failure.
    this.work = next.catch(() => undefined);
    return next;
  }

  join(connection: RoomConnection): void {
    if (this.stateValue !== 'loading' && this.stateValue !== 'active') {
      throw new Error(`Room ${this.name} is ${this.stateValue}; the registry must not hand it out`);
    }
    this.connections.add(connection);
    if (this.stateValue === 'loading') connection.joinedWhileLoading?.(this);
    void this.enqueue(() => {
      if (!this.connections.has(connection)) return;
      connection.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
      this.roomAwareness.sendTo(connection);
    }).catch(() => undefined);
  }

  leave(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    this.broadcaster.forget(connection);
    this.roomAwareness.forget(connection);
    if (this.connections.size === 0) this.options.onEmpty(this);
  }

  /** Answers a client's SyncStep1 with only what it lacks (a diff, never the full state). */
  replyToSyncStep1(connection: RoomConnection, stateVector: Uint8Array): Promise<void> {
    return this.enqueue(() => this.sendState(connection, stateVector));
  }

  private sendState(connection: RoomConnection, stateVector: Uint8Array): void {
    if (!isEmptyStateVector(stateVector)) {
      connection.send(syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector)));
      return;
    }
    for (const frame of this.fullState.frames()) connection.send(frame);
  }

  /**
   * Answers a SyncStep1 at once, from the stored state, while the room is still integrating it.
   * False when that is not on offer: the request then waits for the room like any other.
   */
  answerWhileLoading(connection: RoomConnection, stateVector: Uint8Array): boolean {
    if (this.stateValue !== 'loading' || !this.connections.has(connection)) return false;
    const frames = this.loadingAnswers.answer(connection, stateVector);
    if (!frames) return this.loadingAnswers.hold(connection, stateVector);
    for (const frame of frames) connection.send(frame);
    return true;
  }

  /**
   * A SyncStep2 or Update from a client: guard, apply, store, then broadcast and acknowledge.
   * `frameNumber` is the connection's running count of change frames, echoed in the ack;
   * `receivedAt` is when the frame arrived (`performance.now()`), for the relay-time metric.
   */
  receiveChange(connection: RoomConnection, update: Uint8Array, frameNumber: number, receivedAt = performance.now()): Promise<void> {
    return this.enqueue(async () => {
      if (!this.acceptsWork() || !this.connections.has(connection)) return;
      // The body guard answers at once; the review guard first reads the document's status.
      const pending = this.options.guard(this.doc, update, connection);
      const verdict = pending instanceof Promise ? await pending : pending;
      if (!this.acceptsWork() || !this.connections.has(connection)) return;
      if (!verdict.accepted) {
        connection.refuse(verdict.code, verdict.message, verdict.closeConnection);
        return;
      }
      if (verdict.changesDocument && this.log.storedBytes + update.byteLength > this.options.maxDocumentBytes) {
        connection.refuse('too_large', 'Dokumentet har nått sin största tillåtna storlek. Ändringen sparades inte.', true);
        return;
      }
      if (verdict.changesDocument) await this.applyAndStore(update, connection, receivedAt);
      connection.acknowledgedFrames = frameNumber;
      this.broadcaster.acknowledge(connection);
    });
  }

  /**
   * Acknowledges a connection's frames up to `frameNumber` that changed nothing, in order with
   * the frames before them (used for readers' sync replies, which are never applied).
   */
  acknowledge(connection: RoomConnection, frameNumber: number): Promise<void> {
    return this.enqueue(() => {
      if (!this.acceptsWork() || !this.connections.has(connection)) return;
      connection.acknowledgedFrames = frameNumber;
      this.broadcaster.acknowledge(connection);
    });
  }

  /**
   * A change made by the server itself (restoring a version, setting the status, linking a
   * bilaga). Stored and broadcast like a client's, bypassing the client guards.
   */
  change(apply: (doc: Y.Doc) => void, origin: unknown = 'server'): Promise<void> {
    return this.changeFrom(async () => undefined, apply, origin);
  }

  /**
   * A server change that first reads what it writes (`read`, e.g. the document's record) in its
   * turn on the room's queue, so that two such changes cannot cross: the later one reads after
   * the earlier one has written (a status read before and written after another's is stale).
   */
  changeFrom<T>(read: () => Promise<T>, apply: (doc: Y.Doc, value: T) => void, origin: unknown = 'server'): Promise<void> {
    return this.enqueue(async () => {
      if (!this.acceptsWork()) throw new Error(`Room ${this.name} is ${this.stateValue}`);
      const value = await read();
      if (!this.acceptsWork()) throw new Error(`Room ${this.name} is ${this.stateValue}`);
      this.doc.transact(() => apply(this.doc, value), origin);
      await this.storeCaptured(null, origin);
    });
  }

  private async applyAndStore(update: Uint8Array, connection: RoomConnection, receivedAt: number): Promise<void> {
    try {
      Y.applyUpdate(this.doc, update, connection);
    } catch (error) {
      // Whatever part did integrate is in memory now and must be stored with the rest.
      await this.storeCaptured(connection, connection, receivedAt);
      this.dropPending();
      connection.refuse('bad_frame', 'Ändringen kunde inte läsas och sparades inte.', true);
      this.options.log.warn({ err: error, room: this.name }, 'update failed to apply');
      return;
    }
    await this.storeCaptured(connection, connection, receivedAt);
    if (this.dropPending()) {
      // Not an error the user can act on: reconnecting makes the client send its state again.
      connection.close(CLOSE.resync, 'Ändringen bygger på något servern inte har fått. Ansluter igen.');
    }
  }

  /**
   * Clients reach the document only through this room, over one ordered socket each, so an
   * honest update never depends on something the room lacks. Structs Yjs keeps pending for a
   * missing dependency therefore come from a broken or hostile client, and they must not stay:
   * the structure guard analyses every later update merged with them, and a malformed pending
   * set would make every honest update fail (one frame could lock everyone out of the room).
   * A client whose pending part was honest sends it again on its next sync.
   */
  private dropPending(): boolean {
    const store = this.doc.store;
    if (store.pendingStructs === null && store.pendingDs === null) return false;
    store.pendingStructs = null;
    store.pendingDs = null;
    return true;
  }

  private async storeCaptured(from: RoomConnection | null, origin: unknown, receivedAt: number | null = null): Promise<void> {
    const captured = this.captured;
    this.captured = [];
    if (captured.length === 0) return;
    const update = captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
    const stopTimer = this.options.metrics?.storeSeconds.startTimer();
    try {
      await this.log.append(update);
      stopTimer?.();
      this.options.metrics?.updatesStored.inc();
    } catch (error) {
      // Memory is now ahead of storage. Close the room: the clients still hold the change and
      // send it again when they reconnect to a room loaded from what was really stored.
      if (error instanceof RoomTakenOver) this.giveUp(error);
      else {
        this.options.log.error({ err: error, room: this.name }, 'storing an update failed');
        this.fail(CLOSE.storageFailure, 'Ändringar kunde inte sparas på servern. Dina ändringar finns kvar hos dig; anslut igen.');
      }
      throw new StorageFailure('could not store update');
    }
    this.broadcaster.update(update, from, receivedAt);
    this.options.onStored?.(this, origin, update);
    if (this.log.takeCompactionDue()) {
      setImmediate(
        () => void this.enqueue(() => this.compact({ background: true })).catch((error: unknown) => this.compactionFailed(error)),
      );
    }
  }

  /** Folds the update log into one snapshot. Starts on the queue, so the doc equals storage. */
  private async compact({ background }: { background: boolean }): Promise<void> {
    if (this.acceptsWork()) await this.log.compact(this.doc, { background });
  }

  private compactionFailed(error: unknown): void {
    if (error instanceof RoomTakenOver) this.giveUp(error);
    // The log stays whole and is folded at the next chance; a failing store fails the room
    // through its appends, so this is only reported.
    else this.options.log.warn({ err: error, room: this.name }, 'compaction of room failed');
  }

  /** Who is here, for the ärende page's presence list. */
  get awareness(): awarenessProtocol.Awareness {
    return this.roomAwareness.awareness;
  }

  receiveAwareness(connection: RoomConnection, update: Uint8Array): void {
    if (this.stateValue !== 'active' && this.stateValue !== 'loading') return;
    this.roomAwareness.receive(connection, update);
  }

  sendAwarenessTo(connection: RoomConnection): void {
    this.roomAwareness.sendTo(connection);
  }

  /** Storage failed: close everyone (they keep their changes) and drop the in-memory copy. */
  private fail(code: number, reason: string): void {
    if (this.stateValue === 'failed' || this.stateValue === 'closed') return;
    this.stateValue = 'failed';
    this.closeAll(code, reason);
    this.destroy();
  }

  /**
   * Another instance owns the room now and has all that was stored. Nothing the user can act on:
   * their clients reconnect at once (4002), reach the new owner and send it what it lacks.
   */
  private giveUp(error: RoomTakenOver): void {
    this.options.log.warn({ err: error, room: this.name }, 'another instance took the room over; this copy gives it up');
    this.fail(CLOSE.resync, 'Dokumentet har flyttat till en annan server. Ansluter igen; dina ändringar finns kvar.');
  }

  /**
   * Final flush and teardown. Waits for queued work, compacts a grown log, closes any connection
   * still open (with `code`), and destroys Doc and Awareness on every path.
   */
  async unload(code: number = CLOSE.serverRestart, reason = 'Servern startar om.'): Promise<void> {
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
    this.stateValue = 'unloading';
    try {
      let tail: Promise<void>;
      do {
        tail = this.work;
        await tail;
      } while (tail !== this.work);
      // Leave one snapshot behind, so the next load applies one update and answers from it.
      await this.compact({ background: false });
    } catch (error) {
      if (error instanceof RoomTakenOver) this.giveUp(error);
      else this.options.log.error({ err: error, room: this.name }, 'final flush of room failed');
    } finally {
      this.broadcaster.flush();
      // A copy given up meanwhile has closed its connections and dropped its document already.
      if (this.stateValue === 'unloading') {
        this.closeAll(code, reason);
        this.destroy();
      }
      this.stateValue = 'closed';
    }
  }

  private closeAll(code: number, reason: string): void {
    for (const connection of [...this.connections]) connection.close(code, reason);
    this.connections.clear();
  }

  private destroy(): void {
    this.roomAwareness.destroy();
    this.doc.destroy();
  }
}
