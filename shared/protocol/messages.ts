/**
 * The frames Yttra speaks on /sync/<documentId>. Message types 0–3 are y-websocket's own
 * (y-protocols sync and awareness); Yttra adds one message type, documented in PROTOCOL.md beside
 * this file. A stock y-websocket client never receives a Yttra message unless it asked for it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_YTTRA = 100;

/** Sub-types of MESSAGE_YTTRA. */
export const YTTRA_HELLO = 0;
export const YTTRA_ACK = 1;
export const YTTRA_ERROR = 2;

/** Capabilities a client announces in HELLO (a bit set). */
export const CAPABILITY_ACKS = 1;

/**
 * Close codes. 4400–4499 mean "do not retry this as it is" (the client must change something
 * first, e.g. sign in); 4001 and 4002 mean "reconnect now" (your access changed, or sync again);
 * 1012 and 45xx mean "try again later".
 */
export const CLOSE = {
  accessChanged: 4001,
  /** The server dropped a change it could not place yet; reconnect and sync again. */
  resync: 4002,
  badFrame: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  unknownDocument: 4404,
  structureRefused: 4409,
  tooLarge: 4413,
  rateLimited: 4429,
  storageFailure: 4500,
  serverRestart: 1012,
} as const;

/** Error codes carried by YTTRA_ERROR; the message beside them is Swedish, for the user. */
export type YttraErrorCode =
  | 'bad_frame'
  | 'unauthenticated'
  | 'forbidden'
  | 'read_only'
  | 'document_locked'
  | 'unknown_document'
  | 'structure_refused'
  /** A suggester's change that is not only suggestions of their own (server/sync/guards/suggestionGuard.ts). */
  | 'suggestion_refused'
  | 'too_large'
  | 'rate_limited'
  | 'storage_failure';

/**
 * The one table of what each error means on the wire: the close code of a connection closed for
 * it, and the HTTP status of the same refusal (an upgrade refused before the socket opens, or an
 * API answer). Everything that closes a socket for a reason looks it up here.
 */
export const ERRORS: Record<YttraErrorCode, { close: number; status: number }> = {
  bad_frame: { close: CLOSE.badFrame, status: 400 },
  unauthenticated: { close: CLOSE.unauthenticated, status: 401 },
  forbidden: { close: CLOSE.forbidden, status: 403 },
  read_only: { close: CLOSE.forbidden, status: 403 },
  document_locked: { close: CLOSE.forbidden, status: 423 },
  unknown_document: { close: CLOSE.unknownDocument, status: 404 },
  structure_refused: { close: CLOSE.structureRefused, status: 409 },
  suggestion_refused: { close: CLOSE.structureRefused, status: 409 },
  too_large: { close: CLOSE.tooLarge, status: 413 },
  rate_limited: { close: CLOSE.rateLimited, status: 429 },
  storage_failure: { close: CLOSE.storageFailure, status: 500 },
};

export function closeCodeFor(code: YttraErrorCode): number {
  return ERRORS[code].close;
}

/** The close code for a refusal with this HTTP status (the first error with that status). */
export function closeCodeForStatus(status: number): number {
  const entry = Object.values(ERRORS).find((error) => error.status === status);
  return entry ? entry.close : status >= 500 ? CLOSE.storageFailure : CLOSE.badFrame;
}

export function encodeHello(capabilities: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_YTTRA);
  encoding.writeVarUint(encoder, YTTRA_HELLO);
  encoding.writeVarUint(encoder, capabilities);
  return encoding.toUint8Array(encoder);
}

/** "Every sync frame (SyncStep2 or Update) you sent on this connection, up to `count`, is stored." */
export function encodeAck(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_YTTRA);
  encoding.writeVarUint(encoder, YTTRA_ACK);
  encoding.writeVarUint(encoder, count);
  return encoding.toUint8Array(encoder);
}

export function encodeError(code: YttraErrorCode, message: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_YTTRA);
  encoding.writeVarUint(encoder, YTTRA_ERROR);
  encoding.writeVarString(encoder, code);
  encoding.writeVarString(encoder, message);
  return encoding.toUint8Array(encoder);
}

/** y-protocols' auth message "permission denied", which every y-websocket client understands. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

export type YttraMessage =
  { kind: 'hello'; capabilities: number } | { kind: 'ack'; count: number } | { kind: 'error'; code: YttraErrorCode; message: string };

/** Reads the body of a MESSAGE_YTTRA frame (after its type has been read). Throws on garbage. */
export function readYttraMessage(decoder: decoding.Decoder): YttraMessage {
  const subtype = decoding.readVarUint(decoder);
  switch (subtype) {
    case YTTRA_HELLO:
      return { kind: 'hello', capabilities: decoding.readVarUint(decoder) };
    case YTTRA_ACK:
      return { kind: 'ack', count: decoding.readVarUint(decoder) };
    case YTTRA_ERROR:
      return {
        kind: 'error',
        code: decoding.readVarString(decoder) as YttraErrorCode,
        message: decoding.readVarString(decoder),
      };
    default:
      throw new Error(`Unknown Yttra message subtype ${subtype}`);
  }
}

/** True for a frame that carries document changes: sync SyncStep2 (1) or Update (2). */
export function isDocumentChangeFrame(frame: Uint8Array): boolean {
  return frame.length >= 2 && frame[0] === MESSAGE_SYNC && (frame[1] === 1 || frame[1] === 2);
}
