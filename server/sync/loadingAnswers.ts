/**
 * Newcomers answered while their room integrates a large stored state.
 *
 * Integrating a large snapshot into the room's Y.Doc holds the event loop for a while (≈ 200 ms
 * for an 817 KiB document in a freshly started process), and the client's own apply of the same
 * bytes takes about as long again: after a restart the first reader waited for both in turn. A
 * SyncStep1 that arrives while the room loads is answered from the stored bytes instead. They are
 * committed state and exactly what the room is about to hold, and no change is accepted before
 * the room has integrated them, so the answer is the one the room would give a moment later; the
 * two applies now overlap. The room waits a little (at most ANSWER_WAIT_MS) for the SyncStep1s of
 * the connections already joined before it starts integrating.
 *
 * A SyncStep1 that arrives before the stored bytes are read (the client asks within a round trip
 * of its socket opening; reading takes a few milliseconds) is held here, not in the connection's
 * backlog, and answered the moment they are offered, or by the room as soon as it holds the
 * state when nothing is offered: otherwise it waited for the whole integration.
 *
 * A room stored as a snapshot and a log (a crash before compaction) is answered with the
 * snapshot as the SyncStep2 and the log, merged, as an update right after it, in one turn: the
 * snapshot is not merged with its log first, which for the 200,000-operation bench document took
 * 60–150 ms (Y.mergeUpdates re-encodes the whole state) while merging the log alone takes about 1.
 */
import * as Y from 'yjs';
import type { RoomConnection } from './roomConnection';
import type { StoredState } from './roomLog';
import { syncStep2Frame, updateFrame } from './syncFrames';

/** An empty state vector is the varUint 0 (no clients): a client that has nothing yet. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** A client asks right after its socket opens: one round trip. Longer, and the room starts anyway. */
const ANSWER_WAIT_MS = 50;

/** A SyncStep1 that came before the state could be offered. */
export interface HeldRequest {
  connection: RoomConnection;
  stateVector: Uint8Array;
}

export class LoadingAnswers {
  private state: StoredState | null = null;
  /** The log merged into one update, and the frames for a client with nothing (made once). */
  private logUpdate: Uint8Array | null = null;
  private fullFrames: Uint8Array[] | null = null;
  private closed = false;
  private held: HeldRequest[] = [];
  private readonly answered = new WeakSet<RoomConnection>();
  private wake: (() => void) | null = null;

  /**
   * Offers `state` until `close`; resolves once every connection has been answered, or after
   * ANSWER_WAIT_MS, or at once when nobody is connected.
   */
  offer(state: StoredState, connections: () => Iterable<RoomConnection>): Promise<void> {
    this.state = state;
    this.logUpdate = state.updates.length === 0 ? null : state.updates.length === 1 ? state.updates[0]! : Y.mergeUpdates(state.updates);
    const joined = new Set(connections());
    for (const { connection, stateVector } of this.takeHeld()) {
      if (joined.has(connection)) for (const frame of this.answer(connection, stateVector)!) connection.send(frame);
    }
    const everyoneAnswered = (): boolean => [...connections()].every((connection) => this.answered.has(connection));
    if (everyoneAnswered()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ANSWER_WAIT_MS);
      this.wake = () => {
        if (everyoneAnswered()) done();
      };
    });
  }

  /**
   * The frames that answer a SyncStep1 with `stateVector` from the offered state (a SyncStep2 with
   * what the snapshot has that the client lacks, then the log), or null when nothing is on offer
   * (the request then waits for the room, as before).
   */
  answer(connection: RoomConnection, stateVector: Uint8Array): Uint8Array[] | null {
    if (!this.state) return null;
    this.answered.add(connection);
    const log = this.logUpdate ? [updateFrame(this.logUpdate)] : [];
    let frames: Uint8Array[];
    if (isEmptyStateVector(stateVector)) {
      this.fullFrames ??= [syncStep2Frame(this.state.snapshot), ...log];
      frames = this.fullFrames;
    } else {
      // The log goes whole: a client skips what it already has of it.
      frames = [syncStep2Frame(Y.diffUpdate(this.state.snapshot, stateVector)), ...log];
    }
    this.wake?.();
    return frames;
  }

  /**
   * Takes a SyncStep1 that came before anything could be offered, to be answered by `offer` or
   * by the room once it holds the state; false once the load is over (it goes through the room).
   */
  hold(connection: RoomConnection, stateVector: Uint8Array): boolean {
    if (this.closed || this.state) return false;
    this.held.push({ connection, stateVector });
    return true;
  }

  /** The requests held so far, for whoever answers them now. */
  takeHeld(): HeldRequest[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** The room holds the state now (or failed to): requests go through it again. */
  close(): void {
    this.closed = true;
    this.state = null;
    this.logUpdate = null;
    this.fullFrames = null;
    this.wake = null;
  }
}
