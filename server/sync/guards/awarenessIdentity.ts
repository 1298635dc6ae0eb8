/**
 * Presence tells the truth: a connection's awareness states carry the signed-in user's identity,
 * whatever the client wrote, and a connection cannot update or remove another connection's
 * awareness client ids.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { RoomConnection } from '../roomConnection';

function controlledByOther(client: number, self: RoomConnection, connections: Iterable<RoomConnection>): boolean {
  for (const connection of connections) {
    if (connection !== self && connection.awarenessClients.has(client)) return true;
  }
  return false;
}

/**
 * Returns the awareness update with every state's `user` replaced by the connection's principal
 * (for signed-in users) and entries for other connections' clients dropped; null if nothing is left.
 * Throws on a malformed update (the caller closes the socket).
 */
export function enforceAwarenessIdentity(
  update: Uint8Array,
  connection: RoomConnection,
  connections: Iterable<RoomConnection>,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const encoder = encoding.createEncoder();
  const kept: Array<{ client: number; clock: number; state: string }> = [];
  const { principal } = connection;
  for (let index = 0; index < count; index++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (controlledByOther(client, connection, connections)) continue;
    let state: unknown = JSON.parse(json);
    if (state !== null && typeof state === 'object' && principal.verified) {
      const claimed = (state as { user?: Record<string, unknown> }).user ?? {};
      state = {
        ...state,
        user: { ...claimed, id: principal.userId, name: principal.name, party: principal.party ?? null, role: principal.access },
      };
    }
    kept.push({ client, clock, state: JSON.stringify(state) });
  }
  if (kept.length === 0) return null;
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.client);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
