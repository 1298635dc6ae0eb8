/**
 * One client's WebSocket in a room: decodes y-websocket frames, applies the per-frame guards
 * that need no document (rate, protocol validity, access to awareness) and hands the rest to
 * the room. A malformed frame closes this socket only.
 */
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import {
  CAPABILITY_ACKS,
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  MESSAGE_YTTRA,
  closeCodeFor,
  encodeError,
  encodePermissionDenied,
  readYttraMessage,
  type YttraErrorCode,
} from '../../shared/protocol/messages';
import type { Logger } from '../log';
import type { SyncPrincipal } from './access';
import type { RoomAddress } from './roomNames';
import type { Room } from './room';
import type { RoomConnection } from './roomConnection';
import { RateLimiter } from './guards/rateLimiter';
import { closeReason } from './closeReason';

/** A client that does not read its socket is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export class SyncConnection implements RoomConnection {
  readonly awarenessClients = new Set<number>();
  wantsAcks = false;
  acknowledgedFrames = 0;
  private changeFrames = 0;
  private room: Room | null = null;
  /** Set while the room loads; see Room.answerWhileLoading. */
  private loadingRoom: Room | null = null;
  private readonly backlog: Array<{ frame: Uint8Array; receivedAt: number }> = [];
  private readonly limiter: RateLimiter;
  private closed = false;
  /** Set when the room's owner is another instance: frames go there as they are (server/cluster/). */
  private link: ForwardLink | null = null;

  private readonly ws: WebSocket;
  readonly principal: SyncPrincipal;
  readonly address: RoomAddress;
  private readonly log: Logger;
  private readonly maxFrameBytes: number;
  private readonly onRefused: (code: YttraErrorCode) => void;

  constructor(options: {
    ws: WebSocket;
    principal: SyncPrincipal;
    address: RoomAddress;
    log: Logger;
    framesPerSecond: number;
    maxFrameBytes: number;
    onRefused?: (code: YttraErrorCode) => void;
  }) {
    const { ws, framesPerSecond } = options;
    this.ws = ws;
    this.principal = options.principal;
    this.address = options.address;
    this.log = options.log;
    this.maxFrameBytes = options.maxFrameBytes;
    this.onRefused = options.onRefused ?? (() => undefined);
    this.limiter = new RateLimiter(framesPerSecond, framesPerSecond * 10);
    ws.binaryType = 'nodebuffer';
    // Frames that arrive while the room loads wait here, in order.
    ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    ws.on('close', () => {
      this.closed = true;
      this.room?.leave(this);
      this.link?.close();
    });
    ws.on('error', (error) => this.log.debug({ err: error }, 'socket error'));
  }

  joinedWhileLoading(room: Room): void {
    this.loadingRoom = room;
    // Frames that came while the room was still being placed (on several instances, while its
    // lease is taken) are in the backlog: a SyncStep1 among them is answered from the stored
    // state now, like one that arrives from here on, instead of waiting for the whole load.
    const waiting = this.backlog.splice(0);
    for (const entry of waiting) if (!this.answeredWhileLoading(entry.frame)) this.backlog.push(entry);
  }

  /**
   * The room is owned by another instance: this socket's frames (those held meanwhile first) go
   * to it over `link`, which sends the owner's frames back through `send`.
   */
  forwardTo(link: ForwardLink): void {
    this.link = link;
    if (this.closed) {
      link.close();
      return;
    }
    for (const { frame } of this.backlog.splice(0)) link.send(frame);
  }

  /** Called by the server once the room is active. */
  attach(room: Room): void {
    this.loadingRoom = null;
    this.room = room;
    if (this.closed) {
      room.leave(this);
      return;
    }
    for (const { frame, receivedAt } of this.backlog.splice(0)) this.dispatch(frame, receivedAt);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.refuse('bad_frame', 'Servern tar bara emot binära y-websocket-meddelanden.', true);
      return;
    }
    if (data.byteLength > this.maxFrameBytes) {
      this.refuse('too_large', 'Ändringen är för stor för att tas emot. Dela upp den i mindre delar.', true);
      return;
    }
    if (!this.limiter.take()) {
      this.refuse('rate_limited', 'För många ändringar på kort tid. Anslut igen om en stund.', true);
      return;
    }
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (this.link) this.link.send(frame);
    else if (this.room) this.dispatch(frame);
    else if (!this.answeredWhileLoading(frame)) this.backlog.push({ frame, receivedAt: performance.now() });
  }

  /**
   * A SyncStep1 that the loading room can answer from its stored state. Taking it out of the
   * order of the backlog is safe: the answer is committed state and does not depend on anything
   * this client sent before it. Anything else, or anything unreadable, waits in the backlog.
   */
  private answeredWhileLoading(frame: Uint8Array): boolean {
    if (!this.loadingRoom) return false;
    try {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return false;
      return this.loadingRoom.answerWhileLoading(this, decoding.readVarUint8Array(decoder));
    } catch {
      return false;
    }
  }

  /** `receivedAt`: when the frame arrived; frames held while the room loaded count that wait. */
  private dispatch(frame: Uint8Array, receivedAt = performance.now()): void {
    const room = this.room!;
    try {
      const decoder = decoding.createDecoder(frame);
      const messageType = decoding.readVarUint(decoder);
      switch (messageType) {
        case MESSAGE_SYNC: {
          const syncType = decoding.readVarUint(decoder);
          if (syncType === syncProtocol.messageYjsSyncStep1) {
            void room.replyToSyncStep1(this, decoding.readVarUint8Array(decoder)).catch(this.onTaskError);
          } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
            const update = decoding.readVarUint8Array(decoder);
            this.changeFrames += 1;
            if (!this.mayChange) this.dropChangeFromReader(room, update);
            else void room.receiveChange(this, update, this.changeFrames, receivedAt).catch(this.onTaskError);
          } else {
            throw new Error(`unknown sync message type ${syncType}`);
          }
          break;
        }
        case MESSAGE_AWARENESS:
          room.receiveAwareness(this, decoding.readVarUint8Array(decoder));
          break;
        case MESSAGE_QUERY_AWARENESS:
          room.sendAwarenessTo(this);
          break;
        case MESSAGE_AUTH:
          // Clients have nothing to say in the auth protocol; authentication happened at upgrade.
          break;
        case MESSAGE_YTTRA: {
          const message = readYttraMessage(decoder);
          if (message.kind !== 'hello') throw new Error(`client sent ${message.kind}`);
          this.wantsAcks = (message.capabilities & CAPABILITY_ACKS) !== 0;
          break;
        }
        default:
          throw new Error(`unknown message type ${messageType}`);
      }
    } catch (error) {
      this.log.debug({ err: error }, 'malformed frame');
      this.refuse('bad_frame', 'Meddelandet kunde inte läsas. Anslutningen stängs; ladda om sidan.', true);
    }
  }

  /**
   * Whether this connection may change the room at all (a commenter writes only in the review
   * room; a suggester's body changes are judged as suggestions by the room's guard).
   */
  private get mayChange(): boolean {
    const access = this.principal.access;
    return access === 'write' || access === 'suggest' || (access === 'comment' && this.address.kind === 'review');
  }

  /**
   * A change frame from a connection that may not change this room is never analysed (analysing
   * a large frame is the expensive part of a guard): one varUint tells whether it carries new
   * content at all. A reader's stock client answers the server's SyncStep1 with an update that
   * holds only its delete set; that is acknowledged like any frame that changes nothing (a reader
   * cannot delete, and the room never applies it). Anything with content is refused.
   */
  private dropChangeFromReader(room: Room, update: Uint8Array): void {
    const structClients = decoding.readVarUint(decoding.createDecoder(update));
    if (structClients === 0) {
      void room.acknowledge(this, this.changeFrames).catch(this.onTaskError);
      return;
    }
    const message =
      this.address.kind === 'review'
        ? 'Du kan läsa kommentarerna men inte skriva nya.'
        : 'Du kan läsa men inte ändra texten i det här dokumentet.';
    this.refuse('read_only', message, false);
  }

  /** A failed room task: a malformed update (decode error) closes this socket only. */
  private readonly onTaskError = (error: unknown): void => {
    if (this.closed) return;
    this.log.debug({ err: error }, 'frame refused while processing');
    this.refuse('bad_frame', 'Ändringen kunde inte läsas och sparades inte. Ladda om sidan.', true);
  };

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CLOSE.tooLarge, 'Klienten tar inte emot data i tid.');
      return;
    }
    this.ws.send(frame, (error) => {
      if (error) this.log.debug({ err: error }, 'send failed');
    });
  }

  refuse(code: YttraErrorCode, message: string, closeConnection: boolean): void {
    if (this.closed) return;
    this.onRefused(code);
    if (this.wantsAcks) {
      this.send(encodeError(code, message));
    } else {
      // Stock y-websocket clients understand the auth protocol's "permission denied".
      this.send(encodePermissionDenied(message));
    }
    if (closeConnection) this.close(closeCodeFor(code), message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, closeReason(reason));
    this.room?.leave(this);
    this.link?.close();
  }
}

/** The way to a room's owner on another instance (server/cluster/forwarding.ts). */
export interface ForwardLink {
  send(frame: Uint8Array): void;
  close(): void;
}
