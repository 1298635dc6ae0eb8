/**
 * What an awareness state may hold (y-protocols awareness, message type 1), defined once for the
 * server, which checks every state before it relays it, and for the client, which reads others'
 * states through the same check. Known keys only, each with its type, and a size limit: a state
 * that does not fit is not relayed, and a reader skips it, so one bad value never reaches a
 * component that would render it.
 *
 *   user     { id, name, color, party, role } — stamped by the server from the session
 *   cursor   null | { anchor, head } — y-prosemirror's caret, relative positions as JSON
 *   section  null | section key — the section the person writes in
 *   field    null | header field key (or `title`) — the header field the person is in
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isRecord, isRelativePositionJson, isText, nullable, oneOf, type ValueCheck } from './ySchema';

/** The largest state relayed, as JSON (a real one is a few hundred bytes). */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;
/**
 * Awareness client ids one connection may announce. A tab has one; a stock client echoes others'
 * states, which the server drops because other connections own them.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;

/** The user as a client may send it; the server fills in id, party and role from the session. */
export interface AwarenessUser {
  id?: string;
  name: string;
  color?: string;
  party?: string | null;
  role?: string | null;
}

export interface AwarenessState {
  user?: AwarenessUser;
  cursor?: { anchor: unknown; head: unknown } | null;
  section?: string | null;
  field?: string | null;
}

const isColor: ValueCheck = (value) => typeof value === 'string' && /^#(?:[\da-f]{3}){1,2}$/i.test(value);

const isUser = isRecord(
  {
    id: isText(100),
    name: isText(200),
    color: isColor,
    colorLight: isText(32),
    party: nullable(isText(20)),
    role: nullable(oneOf('write', 'suggest', 'comment', 'read')),
  },
  ['id', 'color', 'colorLight', 'party', 'role'],
);

const CHECKS: Record<keyof AwarenessState, ValueCheck> = {
  user: isUser,
  cursor: nullable(isRecord({ anchor: isRelativePositionJson, head: isRelativePositionJson })),
  section: nullable(isText(100)),
  field: nullable(isText(100)),
};

/**
 * The state with only its known keys, or null when it is not a state (not an object, a known key
 * of the wrong type, too large). Unknown keys are dropped, not refused: a newer client may add one.
 */
export function readAwarenessState(value: unknown, json?: string): AwarenessState | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  if ((json ?? JSON.stringify(value)).length > MAX_AWARENESS_STATE_BYTES) return null;
  const state: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(CHECKS)) {
    if (!(key in value)) continue;
    const entry = (value as Record<string, unknown>)[key];
    if (!check(entry)) return null;
    state[key] = entry;
  }
  return state as AwarenessState;
}

/** One entry of an awareness update (y-protocols' encoding): a client's clock and state as JSON. */
export interface AwarenessEntry {
  client: number;
  clock: number;
  json: string;
}

/** The entries of an awareness update. Throws on a malformed one. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    entries.push({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.client);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

function fits(entry: AwarenessEntry): boolean {
  if (entry.json === 'null') return true;
  if (entry.json.length > MAX_AWARENESS_STATE_BYTES) return false;
  try {
    return readAwarenessState(JSON.parse(entry.json), entry.json) !== null;
  } catch {
    return false;
  }
}

/**
 * The update without the states that do not fit the schema, for a client to apply: whatever the
 * server relays, a state that would break a reader (the editor's caret rendering among them) never
 * reaches the awareness. Null when nothing is left.
 */
export function filterAwarenessUpdate(update: Uint8Array): Uint8Array | null {
  const entries = decodeAwarenessEntries(update);
  const kept = entries.filter(fits);
  if (kept.length === entries.length) return update;
  return kept.length > 0 ? encodeAwarenessEntries(kept) : null;
}
