/**
 * Sign-in through the organisation's identity provider over HTTP (auth/externalSignIn.ts): the
 * browser is sent to the provider and comes back to a callback (OpenID Connect) or posts the
 * provider's answer (SAML ACS); both end on the start page, signed in or with the reason why not
 * (`?inloggningsfel=<reason>`, worded by the sign-in page).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ExternalSignInError } from '../../auth/externalAccounts';
import type { ExternalSignIn } from '../../auth/externalSignIn';
import { cookieValue } from '../../auth/requestToken';
import type { Logger } from '../../log';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';

/** Holds the key of an OpenID Connect sign-in under way (its state is in the database). */
export const SIGN_IN_COOKIE = 'yttra_signin';
/** Which provider the session came from: signing out also ends the provider's session. */
export const PROVIDER_COOKIE = 'yttra_provider';

export interface SignInOptions {
  external?: ExternalSignIn;
  /** YTTRA_PUBLIC_URL's first origin; absent: the request's own (development, tests). */
  publicUrl?: string;
  /** false: password sign-in is refused (YTTRA_LOCAL_PASSWORDS=false). */
  localPasswords: boolean;
}

const acsBody = z.object({
  SAMLResponse: z
    .string()
    .min(1)
    .max(512 * 1024),
  RelayState: z.string().max(1000).optional(),
});

export function baseUrlOf(request: FastifyRequest, options: SignInOptions): string {
  return options.publicUrl ?? `${request.protocol}://${request.host}`;
}

export function registerExternalSessionRoutes(
  app: FastifyInstance,
  deps: {
    signIn: SignInOptions;
    log: Logger;
    sessionCookie(token: string, expiresAt: Date, secure: boolean): string;
    secure(request: FastifyRequest): boolean;
  },
): void {
  const { signIn } = deps;
  const external = signIn.external;

  app.get('/api/session/providers', async () => ({
    password: signIn.localPasswords,
    providers: external?.providers() ?? [],
  }));
  const cookieFlags = (request: FastifyRequest) => (deps.secure(request) ? '; Secure' : '');

  const notConfigured = (reply: FastifyReply, kind: string) =>
    reply.status(404).send({ error: `Inloggning via ${kind} är inte inställd.` });

  /** The person's browser goes to the start page: signed in, or told why not. */
  const finish = async (
    request: FastifyRequest,
    reply: FastifyReply,
    provider: 'oidc' | 'saml',
    work: () => Promise<{ token: string; expiresAt: Date; linked?: boolean }>,
  ) => {
    const cookies = [`${SIGN_IN_COOKIE}=; HttpOnly; SameSite=Lax; Path=/api/session/oidc; Max-Age=0`];
    try {
      const { token, expiresAt, linked } = await work();
      cookies.push(
        deps.sessionCookie(token, expiresAt, deps.secure(request)),
        `${PROVIDER_COOKIE}=${provider}; HttpOnly; SameSite=Strict; Path=/api/session; Expires=${expiresAt.toUTCString()}${cookieFlags(request)}`,
      );
      // Linking was started on Byt lösenord by someone signed in: they go back there, told how it went.
      return reply.header('set-cookie', cookies).redirect(linked ? '/losenord?koppling=klar' : '/?inloggning=klar', 303);
    } catch (error) {
      if (!(error instanceof ExternalSignInError)) throw error;
      deps.log.info({ reason: error.reason, provider }, 'external sign-in refused');
      return reply
        .header('set-cookie', cookies)
        .redirect(error.linking ? `/losenord?kopplingsfel=${error.reason}` : `/?inloggningsfel=${error.reason}`, 303);
    }
  };

  app.get('/api/session/oidc', async (request, reply) => {
    if (!external?.oidc) return notConfigured(reply, 'OpenID Connect');
    try {
      const { url, browserKey } = await external.beginOidc(baseUrlOf(request, signIn));
      // Lax: the provider's redirect back is a top-level navigation from another site.
      reply.header(
        'set-cookie',
        `${SIGN_IN_COOKIE}=${browserKey}; HttpOnly; SameSite=Lax; Path=/api/session/oidc; Max-Age=600${cookieFlags(request)}`,
      );
      return reply.redirect(url, 303);
    } catch (error) {
      if (!(error instanceof ExternalSignInError)) throw error;
      return reply.redirect(`/?inloggningsfel=${error.reason}`, 303);
    }
  });

  // A signed-in person links their account to the provider: the answer comes back to the callback.
  // A POST from Yttra's own page (the Origin check), so no other site can start it.
  app.post('/api/session/oidc/link', async (request, reply) => {
    const user = requireUser(request);
    if (!external?.oidc) return reply.status(400).send({ error: 'Inloggning via OpenID Connect är inte inställd.' });
    const { url, browserKey } = await external.beginOidc(baseUrlOf(request, signIn), user.id);
    reply.header(
      'set-cookie',
      `${SIGN_IN_COOKIE}=${browserKey}; HttpOnly; SameSite=Lax; Path=/api/session/oidc; Max-Age=600${cookieFlags(request)}`,
    );
    return { url };
  });

  app.get('/api/session/oidc/callback', async (request, reply) => {
    if (!external?.oidc) return notConfigured(reply, 'OpenID Connect');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const browserKey = cookieValue(request.headers.cookie, SIGN_IN_COOKIE);
    return finish(request, reply, 'oidc', () => external.finishOidc(browserKey, query));
  });

  app.get('/api/session/saml', async (request, reply) => {
    const saml = external?.saml(baseUrlOf(request, signIn));
    if (!saml) return notConfigured(reply, 'SAML');
    return reply.redirect(await saml.signInUrl(), 303);
  });

  app.get('/api/session/saml/metadata', async (request, reply) => {
    const saml = external?.saml(baseUrlOf(request, signIn));
    if (!saml) return notConfigured(reply, 'SAML');
    return reply.type('application/samlmetadata+xml').send(saml.metadata());
  });

  // The provider's answer is a form post; only this route reads form bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    scope.post('/api/session/saml/acs', async (request, reply) => {
      if (!external?.saml(baseUrlOf(request, signIn))) return notConfigured(reply, 'SAML');
      const body = parseBody(acsBody, request.body);
      return finish(request, reply, 'saml', () => external.finishSaml(baseUrlOf(request, signIn), body.SAMLResponse));
    });
  });
}

/** Where to end the provider's session after Yttra's, for a session that came from OpenID Connect. */
export async function providerSignOutUrl(request: FastifyRequest, signIn: SignInOptions): Promise<string | undefined> {
  if (cookieValue(request.headers.cookie, PROVIDER_COOKIE) !== 'oidc' || !signIn.external?.oidc) return undefined;
  return signIn.external.oidc.endSessionUrl(`${baseUrlOf(request, signIn)}/`);
}
