/** y-websocket sync frames (y-protocols' sync messages inside MESSAGE_SYNC), built from bytes. */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_SYNC } from '../../shared/protocol/messages';

export function syncFrame(syncType: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Asks the other side for what it has beyond `stateVector`. */
export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep1, stateVector);
}

export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep2, update);
}

export function updateFrame(update: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsUpdate, update);
}
