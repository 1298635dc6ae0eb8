/**
 * The WebSocket endpoint /sync/<room>: authentication and authorisation at the HTTP upgrade,
 * before any byte of the room is sent, then the y-websocket protocol on a SyncConnection.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE, closeCodeForStatus, encodePermissionDenied, type YttraErrorCode } from '../../shared/protocol/messages';
import { YttraError } from '../errors';
import type { Logger } from '../log';
import type { Access, SyncPrincipal } from './access';
import type { RoomRegistry } from './roomRegistry';
import { parseRoomPath, type RoomAddress } from './roomNames';
import { SyncConnection } from './syncConnection';
import { closeReason } from './closeReason';
import type { EndedSessions, SessionRef } from '../auth/sessions';

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
  /** The sessions behind the sockets: a socket closes when its session ends. */
  sessions: SessionWatch;
}

/** What the endpoint needs of the sessions (SessionService). */
export interface SessionWatch {
  /** The session the upgrade was authorised with. */
  sessionOf(request: IncomingMessage): Promise<SessionRef | undefined>;
  /** Still valid in storage (catches what this process was not told: another instance, an operator). */
  isValid(key: string): Promise<boolean>;
  onEnded(listener: (ended: EndedSessions) => void): () => void;
}

/** Expiry is checked this often; storage is asked about every followed session every REVALIDATE_MS. */
const EXPIRY_CHECK_MS = 1000;
const REVALIDATE_MS = 30_000;

export interface SyncEndpoint {
  /**
   * Re-checks the access of the live connections that match, closing those that lost it
   * (4403) or whose access changed (4001: the client reconnects and gets its new role).
   */
  recheck(matches: (connection: SyncConnection) => boolean): Promise<void>;
  /** Open sync connections. */
  readonly connectionCount: number;
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
  const sessionOf = new Map<SyncConnection, SessionRef>();

  const endSession = (connection: SyncConnection, reason: string): void => {
    sessionOf.delete(connection);
    connection.refuse('unauthenticated', reason, false);
    connection.close(CLOSE.unauthenticated, reason);
  };
  // Sessions that ended while an upgrade was between its check and its socket (kept briefly).
  const recentlyEnded: Array<EndedSessions & { at: number }> = [];
  const stopFollowing = options.sessions.onEnded((ended) => {
    const now = Date.now();
    recentlyEnded.push({ ...ended, at: now });
    while (recentlyEnded.length > 0 && recentlyEnded[0]!.at < now - 60_000) recentlyEnded.shift();
    for (const [connection, session] of sessionOf) {
      if (session.key === ended.key || session.userId === ended.userId) endSession(connection, ended.reason);
    }
  });
  const revalidate = async (): Promise<void> => {
    for (const key of new Set([...sessionOf.values()].map((session) => session.key))) {
      if (await options.sessions.isValid(key)) continue;
      for (const [connection, session] of sessionOf) {
        if (session.key === key) endSession(connection, 'Din inloggning gäller inte längre. Logga in igen.');
      }
    }
  };
  let sinceRevalidation = 0;
  const sessionTimer = setInterval(() => {
    const now = Date.now();
    for (const [connection, session] of sessionOf) {
      if (session.expiresAt <= now) endSession(connection, 'Din inloggning har gått ut. Logga in igen.');
    }
    sinceRevalidation += EXPIRY_CHECK_MS;
    if (sinceRevalidation < REVALIDATE_MS || sessionOf.size === 0) return;
    sinceRevalidation = 0;
    void revalidate().catch((error: unknown) => options.log.warn({ err: error }, 'could not re-check the sessions of live sockets'));
  }, EXPIRY_CHECK_MS);
  sessionTimer.unref();

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
      if (session) sessionOf.set(connection, session);
      ws.on('close', () => {
        live.delete(connection);
        sessionOf.delete(connection);
      });
      const endedMeanwhile = recentlyEnded.find(
        (ended) => ended.at >= checkedAt && ((ended.key !== undefined && ended.key === session?.key) || ended.userId === principal.userId),
      );
      if (endedMeanwhile) {
        endSession(connection, endedMeanwhile.reason);
        return;
      }
      options.registry.join(address.name, connection).then(
        (room) => connection.attach(room),
        (error) => {
          options.log.warn({ err: error, room: address.name }, 'could not join room');
          connection.close(CLOSE.storageFailure, 'Dokumentet kunde inte öppnas just nu. Försök igen.');
        },
      );
    });
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
    close() {
      clearInterval(sessionTimer);
      stopFollowing();
      server.off('upgrade', listener);
      wss.close();
    },
  };
}
