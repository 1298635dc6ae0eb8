/**
 * Who is asking: every /api request is matched to its session (cookie or Bearer token) before its
 * route runs; routes then state what they need with requireUser / requireAdmin. Cookie-carried
 * requests that change state must come from Yttra's own origin (CSRF).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { AccountService } from '../auth/accountService';
import { PasswordChangeRequiredError } from '../auth/passwords';
import { tokenFromRequest, type OriginPolicy, type TokenSource } from '../auth/requestToken';
import type { UserRecord } from '../storage/storage';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRecord | null;
    sessionToken: { token: string; source: TokenSource } | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const IGNORES_SESSION = new Set(['POST /api/session/saml/acs']);

/** A one-time password's holder may only choose their own password or sign out. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['PUT /api/session/password', 'DELETE /api/session', 'DELETE /api/session/all']);

export function installAuthentication(app: FastifyInstance, accounts: AccountService, origins: OriginPolicy): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // The SAML provider's answer is a form post from its own origin, and it signs in afresh: a
    // session cookie sent along (a provider on the same site) is neither used nor a CSRF.
    if (IGNORES_SESSION.has(`${request.method} ${request.routeOptions.url}`)) return;
    const found = tokenFromRequest(request.raw);
    if (!found || found.source === 'query') return;
    if (found.source === 'cookie' && !SAFE_METHODS.has(request.method) && !origins.allows(request.raw)) {
      throw new ForbiddenError('Förfrågan kom inte från Yttras egen sida och avvisades.');
    }
    request.sessionToken = found;
    request.user = (await accounts.sessions.userFor(found.token)) ?? null;
    if (
      request.user?.mustChangePassword &&
      !SAFE_METHODS.has(request.method) &&
      !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
    ) {
      throw new PasswordChangeRequiredError();
    }
  });
}

export function requireUser(request: FastifyRequest): UserRecord {
  if (!request.user) {
    throw new UnauthenticatedError(request.sessionToken ? 'Din inloggning har gått ut. Logga in igen.' : 'Du behöver logga in.');
  }
  return request.user;
}

export function requireAdmin(request: FastifyRequest): UserRecord {
  const user = requireUser(request);
  if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan göra det.');
  return user;
}

/** What the client may know about a user. */
export function publicUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    title: user.title,
    party: user.party,
    isAdmin: user.isAdmin,
    isNamndsekreterare: user.isNamndsekreterare ?? false,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
  };
}
