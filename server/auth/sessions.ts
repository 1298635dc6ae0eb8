/**
 * Sessions: a random token, given to the browser as an HttpOnly cookie and to other clients in
 * the sign-in answer. Only its SHA-256 is stored, so a database copy holds no usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountStore, UserRecord } from '../storage/storage';

export const SESSION_COOKIE = 'yttra_session';
const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class SessionService {
  constructor(private readonly accounts: AccountStore) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.accounts.createSession(hashToken(token), userId, expiresAt.toISOString());
    return { token, expiresAt };
  }

  /** The signed-in user for a token, or undefined for a forged, expired or revoked one. */
  async userFor(token: string | undefined): Promise<UserRecord | undefined> {
    if (!token || token.length > 200) return undefined;
    return this.accounts.sessionUser(hashToken(token), new Date().toISOString());
  }

  revoke(token: string): Promise<void> {
    return this.accounts.deleteSession(hashToken(token));
  }

  revokeAllOf(userId: string): Promise<void> {
    return this.accounts.deleteSessionsOf(userId);
  }
}
