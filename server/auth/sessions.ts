/**
 * Sessions: a random token, given to the browser as an HttpOnly cookie and to other clients in
 * the sign-in answer. Only its SHA-256 is stored, so a database copy holds no usable token.
 * Whoever holds live sockets listens for sessions that end (sign-out, password change, a
 * disabled account) and closes them; expiry is known in advance (`describe`).
 *
 * A session also ends when it has not been used for the idle time (YTTRA_SESSION_IDLE_MINUTES):
 * a computer left signed in overnight is not an open door. Every authenticated request is a use,
 * and so is a change sent over a sync socket (SocketSessions reports those); awareness and pings
 * are not, since an open tab sends them by itself. The last use is written at most once per
 * tenth of the idle time, so a burst of requests costs one write.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountStore, UserRecord } from '../storage/storage';
import { PasswordChangeRequiredError } from './passwords';

export const SESSION_COOKIE = 'yttra_session';
export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Eight hours: a working day, so nobody is signed out at lunch, and nobody stays signed in overnight. */
export const DEFAULT_SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** The most often the last use of one session is written. */
const TOUCH_INTERVAL_MAX_MS = 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Sessions that ended: one (by its key, the token's hash) or every one of a user. */
export interface EndedSessions {
  key?: string;
  userId?: string;
  /** Swedish, for the person whose sockets close. */
  reason: string;
}

/** A live session as a socket holder follows it: the key is never the token itself. */
export interface SessionRef {
  key: string;
  userId: string;
  expiresAt: number;
}

export class SessionService {
  private readonly listeners = new Set<(ended: EndedSessions) => void>();
  /** When each session's last use was written, by key, to write it again only after a while. */
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
    private readonly idleMs: number = DEFAULT_SESSION_IDLE_MS,
  ) {}

  private idleSince(now: number): string {
    return new Date(now - this.idleMs).toISOString();
  }

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.accounts.createSession(hashToken(token), userId, expiresAt.toISOString());
    return { token, expiresAt };
  }

  /**
   * The signed-in user for a token, or undefined for a forged, expired, idle or revoked one.
   * Asking is using: the session's idle time starts again.
   */
  async userFor(token: string | undefined): Promise<UserRecord | undefined> {
    if (!token || token.length > 200) return undefined;
    const key = hashToken(token);
    const now = Date.now();
    const user = await this.accounts.sessionUser(key, new Date(now).toISOString(), this.idleSince(now));
    if (user) await this.used(key, now);
    return user;
  }

  /** Records a use of the session `key` (a request, or a change sent over a socket). */
  async used(key: string, now = Date.now()): Promise<void> {
    const interval = Math.min(TOUCH_INTERVAL_MAX_MS, this.idleMs / 10);
    if (now - (this.lastTouched.get(key) ?? 0) < interval) return;
    this.lastTouched.set(key, now);
    // Sessions long gone are not remembered for ever.
    if (this.lastTouched.size > 10_000) {
      for (const [known, at] of this.lastTouched) if (now - at > this.idleMs) this.lastTouched.delete(known);
    }
    await this.accounts.touchSession(key, new Date(now).toISOString());
  }

  /**
   * The valid session of a token, to be followed while a socket opened with it lives. A holder of
   * a one-time password opens no socket (it could edit) until they have chosen their own.
   */
  async describe(token: string | undefined): Promise<SessionRef | undefined> {
    const user = await this.userFor(token);
    if (!token || !user) return undefined;
    if (user.mustChangePassword) throw new PasswordChangeRequiredError();
    const key = hashToken(token);
    const expiresAt = await this.accounts.sessionExpiresAt(key);
    return expiresAt ? { key, userId: user.id, expiresAt: Date.parse(expiresAt) } : undefined;
  }

  /** Still signed in (not expired, idle, revoked, nor its account disabled)? Keyed as in SessionRef. */
  async isValid(key: string): Promise<boolean> {
    const now = Date.now();
    return (await this.accounts.sessionUser(key, new Date(now).toISOString(), this.idleSince(now))) !== undefined;
  }

  /** `listener` hears every session that ends in this process; returns the way to stop. */
  onEnded(listener: (ended: EndedSessions) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async revoke(token: string, reason = 'Du har loggat ut. Logga in igen för att fortsätta.'): Promise<void> {
    const key = hashToken(token);
    await this.accounts.deleteSession(key);
    this.announce({ key, reason });
  }

  async revokeAllOf(userId: string, reason = 'Din inloggning gäller inte längre. Logga in igen.'): Promise<void> {
    await this.accounts.deleteSessionsOf(userId);
    this.announce({ userId, reason });
  }

  private announce(ended: EndedSessions): void {
    for (const listener of this.listeners) listener(ended);
  }
}
