import type { YttraErrorCode } from '../../shared/protocol/messages';
import type { SyncPrincipal } from './access';
import type { Room } from './room';

/** What a room needs of one connected client. Implemented by the WebSocket connection. */
export interface RoomConnection {
  readonly principal: SyncPrincipal;
  /** Awareness client ids this connection has announced; only it may update or remove them. */
  readonly awarenessClients: Set<number>;
  /** The client sent HELLO with the acks capability. */
  wantsAcks: boolean;
  /** Number of this connection's change frames that are stored (echoed in ACK). */
  acknowledgedFrames: number;
  send(frame: Uint8Array): void;
  /** Tells the client why a frame was refused (typed error), and closes it if asked to. */
  refuse(code: YttraErrorCode, message: string, closeConnection: boolean): void;
  close(code: number, reason: string): void;
  /** The room took this connection in while still loading: a SyncStep1 may be answered early. */
  joinedWhileLoading?(room: Room): void;
}
