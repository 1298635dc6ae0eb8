/**
 * The internal connection that carries one client's socket from the instance it reached to its
 * room's owner: the client's frames go there untouched, the owner's frames (sync replies,
 * broadcasts, acknowledgements, refusals) come back, and a close on either end closes the other.
 * On the owner it is one more connection of the room, guarded like any other.
 */
import WebSocket from 'ws';
import { CLOSE } from '../../shared/protocol/messages';
import type { SyncPrincipal } from '../sync/access';
import type { SyncConnection, ForwardLink } from '../sync/syncConnection';
import type { RoomAddress } from '../sync/roomNames';

export const SECRET_HEADER = 'x-yttra-cluster-secret';
export const PRINCIPAL_HEADER = 'x-yttra-principal';

/** The part of /sync/<…> that names the room. */
export function roomPath(address: RoomAddress): string {
  return address.kind === 'review' ? `${address.documentId}:review` : address.documentId;
}

export function encodePrincipal(principal: SyncPrincipal): string {
  return Buffer.from(JSON.stringify(principal)).toString('base64url');
}

export function decodePrincipal(header: string | string[] | undefined): SyncPrincipal | null {
  if (typeof header !== 'string') return null;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<SyncPrincipal>;
    const accesses = ['write', 'suggest', 'comment', 'read'];
    if (typeof value.userId !== 'string' || typeof value.name !== 'string' || !accesses.includes(String(value.access))) return null;
    return {
      userId: value.userId,
      name: value.name,
      party: typeof value.party === 'string' ? value.party : undefined,
      access: value.access!,
      verified: value.verified === true,
    };
  } catch {
    return null;
  }
}

/** A code a WebSocket may send in a close frame (1005, 1006 and 1015 only describe what happened). */
function sendable(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

export class OwnerLink implements ForwardLink {
  private readonly ws: WebSocket;
  private readonly queue: Uint8Array[] = [];
  private closed = false;

  constructor(
    ownerAddress: string,
    address: RoomAddress,
    principal: SyncPrincipal,
    secret: string,
    private readonly connection: SyncConnection,
    onClosed: () => void,
    /** An owner that answers no ping for this long has stalled: the client goes elsewhere. */
    heartbeatMs: number,
  ) {
    const url = `${ownerAddress.replace(/^http/, 'ws')}/room/${encodeURIComponent(roomPath(address))}`;
    this.ws = new WebSocket(url, {
      headers: { [SECRET_HEADER]: secret, [PRINCIPAL_HEADER]: encodePrincipal(principal) },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      for (const frame of this.queue.splice(0)) this.ws.send(frame);
    });
    this.ws.on('message', (data: Buffer) => connection.send(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.ws.on('error', () => undefined); // a close follows
    let answered = true;
    this.ws.on('pong', () => (answered = true));
    const heartbeat = setInterval(() => {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      if (!answered) {
        this.ws.terminate();
        return;
      }
      answered = false;
      this.ws.ping();
    }, heartbeatMs);
    heartbeat.unref();
    this.ws.on('close', (code: number, reason: Buffer) => {
      clearInterval(heartbeat);
      this.closed = true;
      onClosed();
      // The owner went away without a word (died, unreachable): the client tries again later,
      // by when another instance has taken the room over.
      if (sendable(code) && code !== 1000) connection.close(code, reason.toString('utf8'));
      else connection.close(CLOSE.storageFailure, 'Servern som har dokumentet svarar inte. Ansluter igen.');
    });
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    else if (this.ws.readyState === WebSocket.CONNECTING) this.queue.push(frame);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(1000);
  }
}
