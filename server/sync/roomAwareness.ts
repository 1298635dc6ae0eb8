/**
 * A room's awareness (who is here, their carets and selections). A connection may only set or
 * remove the awareness clients it announced itself (guards/awarenessIdentity.ts); every change is
 * relayed to every connection, and a leaving connection's clients are removed for everyone.
 */
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS } from '../../shared/protocol/messages';
import { enforceAwarenessIdentity } from './guards/awarenessIdentity';
import type { RoomConnection } from './roomConnection';

export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    doc: Y.Doc,
    private readonly connections: () => Iterable<RoomConnection>,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // Server-side awareness has no local user.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.relay);
  }

  receive(connection: RoomConnection, update: Uint8Array): void {
    const own = enforceAwarenessIdentity(update, connection, this.connections());
    if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, connection);
  }

  /** Everyone's current awareness, to one connection (on joining, or when it asks). */
  sendTo(connection: RoomConnection): void {
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(this.encode(states));
  }

  /** The connection has left: its clients are gone for everyone. */
  forget(connection: RoomConnection): void {
    const controlled = [...connection.awarenessClients];
    if (controlled.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, controlled, null);
  }

  destroy(): void {
    this.awareness.off('update', this.relay);
    this.awareness.destroy();
  }

  private encode(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private readonly relay = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin instanceof Object && 'awarenessClients' in origin) {
      const connection = origin as RoomConnection;
      for (const client of change.added) connection.awarenessClients.add(client);
      for (const client of change.removed) connection.awarenessClients.delete(client);
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const frame = this.encode(changed);
    for (const connection of this.connections()) connection.send(frame);
  };
}
