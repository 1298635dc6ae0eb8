/**
 * The awareness guard. Presence tells the truth: a connection's awareness states carry the
 * signed-in user's identity, whatever the client wrote; a connection cannot update or remove
 * another connection's client ids, nor announce more than a few of its own; and every state must
 * fit the awareness schema (shared/protocol/awareness.ts: known keys, their types, a size limit)
 * before it is relayed to anyone.
 */
import {
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_AWARENESS_STATE_BYTES,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  readAwarenessState,
  type AwarenessEntry,
} from '../../../shared/protocol/awareness';
import type { RoomConnection } from '../roomConnection';

export interface GuardedAwareness {
  /** The update to apply and relay, or null if nothing is left of it. */
  update: Uint8Array | null;
  /** Entries dropped for not fitting the schema, their size or the per-connection cap. */
  dropped: number;
}

/** The colour shown for a person whose client sent none that is valid. */
const DEFAULT_COLOR = '#555555';

/**
 * Returns the awareness update with every state checked against the schema, its `user` replaced
 * by the connection's principal (for signed-in users), and entries for other connections' clients
 * dropped (stock clients echo everyone's states; that is not an error). Throws on a malformed
 * update (the caller closes the socket).
 */
export function enforceAwarenessIdentity(
  update: Uint8Array,
  connection: RoomConnection,
  ownerOf: (client: number) => RoomConnection | undefined,
): GuardedAwareness {
  const kept: AwarenessEntry[] = [];
  const newClients = new Set<number>();
  let dropped = 0;
  const { principal } = connection;
  for (const { client, clock, json } of decodeAwarenessEntries(update)) {
    const owner = ownerOf(client);
    if (owner && owner !== connection) continue;
    if (json === 'null') {
      kept.push({ client, clock, json });
      continue;
    }
    const atCap = connection.awarenessClients.size + newClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION;
    if ((!owner && !newClients.has(client) && atCap) || json.length > MAX_AWARENESS_STATE_BYTES) {
      dropped += 1;
      continue;
    }
    const state = readAwarenessState(JSON.parse(json), json);
    if (!state) {
      dropped += 1;
      continue;
    }
    if (!owner) newClients.add(client);
    if (principal.verified) {
      const color = state.user?.color ?? DEFAULT_COLOR;
      state.user = { id: principal.userId, name: principal.name, color, party: principal.party ?? null, role: principal.access };
    }
    kept.push({ client, clock, json: JSON.stringify(state) });
  }
  return { update: kept.length > 0 ? encodeAwarenessEntries(kept) : null, dropped };
}
