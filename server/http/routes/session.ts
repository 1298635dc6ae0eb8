import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TooManyAttemptsError, type AccountService } from '../../auth/accountService';
import type { OriginPolicy } from '../../auth/requestToken';
import { SESSION_COOKIE } from '../../auth/sessions';
import { ForbiddenError } from '../../errors';
import type { Logger } from '../../log';
import { publicUser, requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { PROVIDER_COOKIE, providerSignOutUrl, registerExternalSessionRoutes, type SignInOptions } from './externalSession';

const signInBody = z.object({ email: z.string().max(320), password: z.string().max(1000) });
const passwordChange = z.object({ currentPassword: z.string().max(1000), newPassword: z.string().max(1000) });

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Expires=${expiresAt.toUTCString()}${secure ? '; Secure' : ''}`;
}

export function registerSessionRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; origins: OriginPolicy; log: Logger; signIn?: SignInOptions },
): void {
  const { accounts } = deps;
  const signIn: SignInOptions = deps.signIn ?? { localPasswords: true };
  // https as seen by this server, or by a trusted proxy (X-Forwarded-Proto), or by the public URL.
  const secure = (request: FastifyRequest): boolean => request.protocol === 'https' || deps.origins.httpsOnly;
  registerExternalSessionRoutes(app, { signIn, log: deps.log, sessionCookie, secure });

  app.post('/api/session', async (request, reply) => {
    const body = parseBody(signInBody, request.body);
    const { user, token, expiresAt } = await accounts.signIn(body.email, body.password, request.ip).catch((error: unknown) => {
      if (error instanceof TooManyAttemptsError) reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    });
    // Without local passwords only the recovery command's one-time administrator password still
    // signs in (the operator's way back in when the identity provider fails).
    if (!signIn.localPasswords && !(user.isAdmin && user.mustChangePassword)) {
      await accounts.sessions.revoke(token);
      throw new ForbiddenError('Inloggning med lösenord är avstängd. Logga in med organisationens konto i stället.');
    }
    reply.header('set-cookie', sessionCookie(token, expiresAt, secure(request)));
    return { token, user: publicUser(user) };
  });

  // Ends every session of the user (their other devices' sockets close) and starts a new one here.
  app.put('/api/session/password', async (request, reply) => {
    const user = requireUser(request);
    const body = parseBody(passwordChange, request.body);
    const { token, expiresAt } = await accounts.changePassword(user, body.currentPassword, body.newPassword, request.ip);
    reply.header('set-cookie', sessionCookie(token, expiresAt, secure(request)));
    return { token };
  });

  app.get('/api/session', async (request) => ({ user: publicUser(requireUser(request)) }));

  // "Logga ut överallt": every session of the user ends, and with them their sockets everywhere.
  app.delete('/api/session/all', async (request, reply) => {
    const user = requireUser(request);
    await accounts.sessions.revokeAllOf(user.id, 'Du har loggat ut på alla enheter. Logga in igen för att fortsätta.');
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return { ok: true };
  });

  // A session from the identity provider answers where to end the provider's session too.
  app.delete('/api/session', async (request, reply) => {
    if (request.sessionToken) await accounts.sessions.revoke(request.sessionToken.token);
    const providerSignOut = await providerSignOutUrl(request, signIn);
    reply.header('set-cookie', [
      `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
      `${PROVIDER_COOKIE}=; HttpOnly; SameSite=Strict; Path=/api/session; Max-Age=0`,
    ]);
    return providerSignOut ? { ok: true, providerSignOut } : { ok: true };
  });
}
