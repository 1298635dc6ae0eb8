/**
 * A room's awareness (who is here, their carets and selections). A connection may only set or
 * remove the awareness clients it announced itself, a few at most, and only states that fit the
 * awareness schema (guards/awarenessIdentity.ts); every change is relayed to every connection,
 * and a leaving connection's clients are removed for everyone.
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

  /** Which connection announced each awareness client id (only it may change or remove it). */
  private readonly owners = new Map<number, RoomConnection>();
  /** Connections already told that some of their presence was not relayed (told once). */
  private readonly toldAboutDropped = new WeakSet<RoomConnection>();

  receive(connection: RoomConnection, update: Uint8Array): void {
    const guarded = enforceAwarenessIdentity(update, connection, (client) => this.owners.get(client));
    if (guarded.update) awarenessProtocol.applyAwarenessUpdate(this.awareness, guarded.update, connection);
    if (guarded.dropped > 0 && !this.toldAboutDropped.has(connection)) {
      this.toldAboutDropped.add(connection);
      connection.refuse('bad_frame', 'Din närvaroinformation (markör, avsnitt) kunde inte tas emot och visas inte för andra.', false);
    }
  }

  /** Everyone's current awareness, to one connection (on joining, or when it asks). */
  sendTo(connection: RoomConnection): void {
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(this.encode(states));
  }

  /** The connection has left: its clients are gone for everyone. */
  forget(connection: RoomConnection): void {
    const controlled = [...connection.awarenessClients];
    for (const client of controlled) if (this.owners.get(client) === connection) this.owners.delete(client);
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
      for (const client of change.added) {
        connection.awarenessClients.add(client);
        this.owners.set(client, connection);
      }
      for (const client of change.removed) {
        connection.awarenessClients.delete(client);
        if (this.owners.get(client) === connection) this.owners.delete(client);
      }
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const frame = this.encode(changed);
    for (const connection of this.connections()) connection.send(frame);
  };
}
