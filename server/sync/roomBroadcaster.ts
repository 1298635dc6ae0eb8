/**
 * A room's outgoing updates and acknowledgements, coalesced per tick: the updates stored in one
 * turn of the event loop go out as one merged frame per connection, and the acknowledgements
 * ("stored up to here") follow them, so a client never hears "saved" before others could see it.
 */
import * as Y from 'yjs';
import { encodeAck } from '../../shared/protocol/messages';
import type { RoomConnection } from './roomConnection';
import { updateFrame } from './syncFrames';

export class RoomBroadcaster {
  private outbox: Array<{ update: Uint8Array; origin: RoomConnection | null; receivedAt: number | null }> = [];
  private readonly acksDue = new Set<RoomConnection>();
  private scheduled = false;

  constructor(
    private readonly connections: () => Iterable<RoomConnection>,
    /** Told, per client frame, how long it was held before its broadcast began (ms). */
    private readonly onRelayed: (heldMs: number) => void = () => undefined,
  ) {}

  /**
   * A stored update, to go to every connection but the one it came from. `receivedAt` is when
   * its frame arrived (`performance.now()`), for a client's change; null for the server's own.
   */
  update(update: Uint8Array, origin: RoomConnection | null, receivedAt: number | null = null): void {
    this.outbox.push({ update, origin, receivedAt });
    this.schedule();
  }

  /** The connection's frames up to `connection.acknowledgedFrames` are stored. */
  acknowledge(connection: RoomConnection): void {
    this.acksDue.add(connection);
    this.schedule();
  }

  forget(connection: RoomConnection): void {
    this.acksDue.delete(connection);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  readonly flush = (): void => {
    this.scheduled = false;
    const outbox = this.outbox;
    this.outbox = [];
    if (outbox.length > 0) {
      const merged = outbox.length === 1 ? outbox[0]!.update : Y.mergeUpdates(outbox.map((entry) => entry.update));
      const frame = updateFrame(merged);
      // A client need not get its own change back; with several origins in one tick the
      // merged frame goes to everyone (Yjs ignores what it already has).
      const origins = new Set(outbox.map((entry) => entry.origin));
      const skip = origins.size === 1 ? outbox[0]!.origin : null;
      const relayedAt = performance.now();
      for (const entry of outbox) if (entry.receivedAt !== null) this.onRelayed(relayedAt - entry.receivedAt);
      for (const connection of this.connections()) {
        if (connection !== skip) connection.send(frame);
      }
    }
    for (const connection of this.acksDue) {
      if (connection.wantsAcks) connection.send(encodeAck(connection.acknowledgedFrames));
    }
    this.acksDue.clear();
  };
}
