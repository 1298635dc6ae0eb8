/**
 * Live sockets end with the session they were opened with: at sign-out, a password change or a
 * disabled account (told at once by SessionService), at the session's expiry (checked every
 * second), and when storage no longer knows the session (asked every 30 s: another instance or
 * an operator may have ended it).
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log';
import type { EndedSessions, SessionRef } from './sessions';

/** What is needed of the sessions (SessionService). */
export interface SessionWatch {
  /** The session the upgrade was authorised with. */
  sessionOf(request: IncomingMessage): Promise<SessionRef | undefined>;
  /** Still valid in storage (idle sessions are not). */
  isValid(key: string): Promise<boolean>;
  /** The session was used: a change sent over a socket keeps it from expiring as idle. */
  used?(key: string): Promise<void>;
  onEnded(listener: (ended: EndedSessions) => void): () => void;
}

const EXPIRY_CHECK_MS = 1000;
const REVALIDATE_MS = 30_000;
/** How long an ended session is remembered for upgrades that were checked before it ended. */
const RECENT_MS = 60_000;

export class SocketSessions<Socket> {
  private readonly followed = new Map<Socket, SessionRef>();
  private readonly recentlyEnded: Array<EndedSessions & { at: number }> = [];
  private readonly stopListening: () => void;
  private readonly timer: NodeJS.Timeout;
  private sinceRevalidation = 0;

  constructor(
    private readonly watch: SessionWatch,
    private readonly log: Logger,
    /** Closes a socket whose session ended, telling its user why. */
    private readonly end: (socket: Socket, reason: string) => void,
  ) {
    this.stopListening = watch.onEnded((ended) => {
      const now = Date.now();
      this.recentlyEnded.push({ ...ended, at: now });
      while (this.recentlyEnded.length > 0 && this.recentlyEnded[0]!.at < now - RECENT_MS) this.recentlyEnded.shift();
      for (const [socket, session] of this.followed) {
        if (session.key === ended.key || session.userId === ended.userId) this.endOne(socket, ended.reason);
      }
    });
    this.timer = setInterval(() => this.tick(), EXPIRY_CHECK_MS);
    this.timer.unref();
  }

  /**
   * Follows `socket`, opened with `session` by `userId` after a check that began at `checkedAt`.
   * If the session ended since that check, the socket is ended at once and false returned.
   */
  follow(socket: Socket, session: SessionRef | undefined, userId: string, checkedAt: number): boolean {
    if (session) this.followed.set(socket, session);
    const endedMeanwhile = this.recentlyEnded.find(
      (ended) => ended.at >= checkedAt && ((ended.key !== undefined && ended.key === session?.key) || ended.userId === userId),
    );
    if (!endedMeanwhile) return true;
    this.endOne(socket, endedMeanwhile.reason);
    return false;
  }

  /** The socket sent a change: its session is in use (see SessionService on idle expiry). */
  used(socket: Socket): void {
    const session = this.followed.get(socket);
    if (!session || !this.watch.used) return;
    this.watch.used(session.key).catch((error: unknown) => this.log.warn({ err: error }, 'could not record the use of a session'));
  }

  forget(socket: Socket): void {
    this.followed.delete(socket);
  }

  close(): void {
    clearInterval(this.timer);
    this.stopListening();
    this.followed.clear();
  }

  private endOne(socket: Socket, reason: string): void {
    this.followed.delete(socket);
    this.end(socket, reason);
  }

  private tick(): void {
    const now = Date.now();
    for (const [socket, session] of this.followed) {
      if (session.expiresAt <= now) this.endOne(socket, 'Din inloggning har gått ut. Logga in igen.');
    }
    this.sinceRevalidation += EXPIRY_CHECK_MS;
    if (this.sinceRevalidation < REVALIDATE_MS || this.followed.size === 0) return;
    this.sinceRevalidation = 0;
    this.revalidate().catch((error: unknown) => this.log.warn({ err: error }, 'could not re-check the sessions of live sockets'));
  }

  private async revalidate(): Promise<void> {
    for (const key of new Set([...this.followed.values()].map((session) => session.key))) {
      if (await this.watch.isValid(key)) continue;
      for (const [socket, session] of this.followed) {
        if (session.key === key) this.endOne(socket, 'Din inloggning gäller inte längre. Logga in igen.');
      }
    }
  }
}
