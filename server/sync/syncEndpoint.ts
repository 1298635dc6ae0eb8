/**
 * The WebSocket endpoint /sync/<room>: authentication and authorisation at the HTTP upgrade,
 * before any byte of the room is sent, then the y-websocket protocol on a SyncConnection.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CLOSE,
  closeCodeForStatus,
  encodePermissionDenied,
  isDocumentChangeFrame,
  type YttraErrorCode,
} from '../../shared/protocol/messages';
import { YttraError } from '../errors';
import type { Logger } from '../log';
import type { Access, SyncPrincipal } from './access';
import type { RoomRegistry } from './roomRegistry';
import { parseRoomPath, type RoomAddress } from './roomNames';
import { SyncConnection } from './syncConnection';
import { closeReason } from './closeReason';
import type { SessionRef } from '../auth/sessions';
import { SocketSessions, type SessionWatch } from '../auth/socketSessions';

export interface SyncEndpointOptions {
  registry: RoomRegistry;
  log: Logger;
  maxFrameBytes: number;
  framesPerSecond: number;
  /** Who is connecting and what they may do; throws a YttraError to refuse. */
  authorize(request: IncomingMessage, address: RoomAddress): Promise<SyncPrincipal>;
  /** Told about every refused frame (for metrics). */
  onRefused?: (code: YttraErrorCode) => void;
  /** What a connected principal may do now (after a change of roles), or null for nothing. */
  reauthorize(principal: SyncPrincipal, address: RoomAddress): Promise<Access | null>;
  /** Whether the upgrade's Origin (if any) is Yttra's own; see OriginPolicy. */
  allowsOrigin(request: IncomingMessage): boolean;
  /** A socket that has not answered the previous ping when the next is due is ended. */
  heartbeatMs: number;
  /** The sessions behind the sockets: a socket closes when its session ends. */
  sessions: SessionWatch;
  /**
   * Several instances (server/cluster/): forwards the connection to its room's owner on another
   * instance and resolves true, or resolves false when this instance serves the room itself.
   */
  place?(address: RoomAddress, connection: SyncConnection): Promise<boolean>;
}

export interface SyncEndpoint {
  /**
   * Re-checks the access of the live connections that match, closing those that lost it
   * (4403) or whose access changed (4001: the client reconnects and gets its new role).
   */
  recheck(matches: (connection: SyncConnection) => boolean): Promise<void>;
  /** Open sync connections. */
  readonly connectionCount: number;
  /**
   * Serves a socket another instance forwards for its client (authenticated there): one more
   * connection of the room here, guarded like any other.
   */
  adopt(ws: WebSocket, principal: SyncPrincipal, address: RoomAddress): void;
  close(): void;
}

export function attachSyncEndpoint(server: Server, options: SyncEndpointOptions): SyncEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    // Frames over maxFrameBytes get a typed error and 4413 from the connection; only frames
    // far beyond it are cut off by ws itself (1009) before they are buffered whole.
    maxPayload: options.maxFrameBytes * 2,
  });
  const live = new Set<SyncConnection>();
  // A socket ends with its session (sign-out, password change, expiry).
  const sessions = new SocketSessions<SyncConnection>(options.sessions, options.log, (connection, reason) => {
    connection.refuse('unauthenticated', reason, false);
    connection.close(CLOSE.unauthenticated, reason);
  });

  // Peers that vanished without a FIN (a closed laptop, a dropped VPN) would otherwise hold their
  // socket, and their share of the per-address cap, for ever.
  const answeredPing = new Map<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const [ws, answered] of answeredPing) {
      if (!answered) {
        ws.terminate();
        continue;
      }
      answeredPing.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  const refuseSocket = (ws: WebSocket, status: number, message: string): void => {
    // Before HELLO we cannot know whether this is a Yttra client, so the reason goes out in the
    // auth protocol's "permission denied" (which stock clients understand) and the close reason.
    ws.send(encodePermissionDenied(message));
    ws.close(closeCodeForStatus(status), closeReason(message));
  };

  const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    if (!options.allowsOrigin(request)) {
      // Cross-site WebSocket hijacking: another site's page would ride on the user's cookie.
      // Refused at the HTTP level, so not one byte of the room is ever framed for it.
      options.log.warn({ origin: request.headers.origin, host: request.headers.host }, 'sync upgrade from a foreign origin refused');
      const body = JSON.stringify({ error: 'Anslutningen kom inte från Yttras egen sida och avvisades.' });
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const address = parseRoomPath(url.pathname.slice('/sync/'.length));
    const checkedAt = Date.now();
    let principal: SyncPrincipal | null = null;
    let session: SessionRef | undefined;
    let refusal: { status: number; message: string } | null = null;
    if (!address) {
      refusal = { status: 404, message: 'Adressen pekar inte på något dokument.' };
    } else {
      try {
        principal = await options.authorize(request, address);
        session = await options.sessions.sessionOf(request);
      } catch (error) {
        if (!(error instanceof YttraError)) options.log.error({ err: error }, 'authorisation failed');
        refusal =
          error instanceof YttraError
            ? { status: error.status, message: error.message }
            : { status: 500, message: 'Servern kunde inte kontrollera din behörighet.' };
      }
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (refusal || !principal || !address) {
        refuseSocket(ws, refusal?.status ?? 500, refusal?.message ?? 'Okänt fel.');
        return;
      }
      const connection = open(ws, principal, address);
      // Writing keeps the session from expiring as idle; an open tab's awareness and pongs do not.
      ws.on('message', (data: Buffer) => {
        if (isDocumentChangeFrame(data)) sessions.used(connection);
      });
      ws.on('close', () => sessions.forget(connection));
      if (!sessions.follow(connection, session, principal.userId, checkedAt)) return;
      if (!options.place) {
        join(connection, address);
        return;
      }
      options.place(address, connection).then(
        (forwarded) => (forwarded ? undefined : join(connection, address)),
        (error: unknown) => {
          options.log.warn({ err: error, room: address.name }, 'could not reach the owner of the room');
          connection.close(CLOSE.storageFailure, 'Dokumentet kunde inte öppnas just nu. Försök igen.');
        },
      );
    });
  };

  const open = (ws: WebSocket, principal: SyncPrincipal, address: RoomAddress): SyncConnection => {
    const connection = new SyncConnection({
      ws,
      principal,
      address,
      log: options.log,
      framesPerSecond: options.framesPerSecond,
      maxFrameBytes: options.maxFrameBytes,
      onRefused: options.onRefused,
    });
    live.add(connection);
    answeredPing.set(ws, true);
    ws.on('pong', () => answeredPing.set(ws, true));
    ws.on('close', () => {
      live.delete(connection);
      answeredPing.delete(ws);
    });
    return connection;
  };

  const join = (connection: SyncConnection, address: RoomAddress): void => {
    options.registry.join(address.name, connection).then(
      (room) => connection.attach(room),
      (error) => {
        options.log.warn({ err: error, room: address.name }, 'could not join room');
        connection.close(CLOSE.storageFailure, 'Dokumentet kunde inte öppnas just nu. Försök igen.');
      },
    );
  };

  const listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    onUpgrade(request, socket, head).catch((error: unknown) => {
      options.log.error({ err: error }, 'sync upgrade failed');
      socket.destroy();
    });
  };
  server.on('upgrade', listener);

  return {
    async recheck(matches) {
      await Promise.all(
        [...live].filter(matches).map(async (connection) => {
          const access = await options.reauthorize(connection.principal, connection.address).catch(() => null);
          if (access === null) {
            connection.refuse('forbidden', 'Din behörighet till dokumentet har tagits bort.', false);
            connection.close(CLOSE.forbidden, 'Din behörighet till dokumentet har tagits bort.');
          } else if (access !== connection.principal.access) {
            connection.close(CLOSE.accessChanged, 'Din behörighet har ändrats. Ansluter igen.');
          }
        }),
      );
    },
    get connectionCount() {
      return live.size;
    },
    adopt(ws, principal, address) {
      join(open(ws, principal, address), address);
    },
    close() {
      sessions.close();
      clearInterval(heartbeat);
      server.off('upgrade', listener);
      wss.close();
    },
  };
}
