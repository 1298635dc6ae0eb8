/**
 * OpenID Connect sign-in (authorization code with PKCE, state and nonce) through openid-client.
 * The provider's metadata is discovered on first use and kept; a provider that is down at start
 * does not stop Yttra, and is asked again at the next sign-in.
 */
import * as client from 'openid-client';
import type { Logger } from '../log';
import { ExternalSignInError, type ExternalProfile } from './externalAccounts';
import type { OidcSettings } from './externalSignInConfig';

/** What must survive from the redirect to the provider until its answer (see PendingSignIns). */
export interface OidcPending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

function claimText(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function claimList(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  return typeof value === 'string' ? [value] : [];
}

export class OidcSignIn {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly log: Logger,
  ) {}

  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.settings.issuer);
      this.discovered = client
        .discovery(
          issuer,
          this.settings.clientId,
          undefined,
          this.settings.clientSecret ? client.ClientSecretPost(this.settings.clientSecret) : client.None(),
          // Plain http only for a provider on this machine (tests, a local development provider).
          isLoopback(issuer) && issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.discovered = null;
          this.log.error({ err: error, issuer: this.settings.issuer }, 'OpenID provider discovery failed');
          throw new ExternalSignInError('unavailable', 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.');
        });
    }
    return this.discovered;
  }

  /** The provider's sign-in address for a new attempt, and what its answer will be checked against. */
  async begin(redirectUri: string): Promise<{ url: string; pending: OidcPending }> {
    const configuration = await this.configuration();
    const pending: OidcPending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      redirectUri,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code of the provider's answer (`query`: the callback's query string) and
   * verifies the ID token (signature, issuer, audience, time, nonce): the verified profile.
   */
  async finish(query: string, pending: OidcPending, groupsClaim: string): Promise<ExternalProfile> {
    const configuration = await this.configuration();
    const callback = new URL(pending.redirectUri);
    callback.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      this.log.warn({ err: error }, 'OpenID sign-in refused');
      throw new ExternalSignInError('refused', 'Inloggningen kunde inte bekräftas. Försök logga in igen.');
    }
    const claims = tokens.claims() as Record<string, unknown> | undefined;
    if (!claims || typeof claims.sub !== 'string' || typeof claims.iss !== 'string')
      throw new ExternalSignInError('refused', 'Inloggningen kunde inte bekräftas. Försök logga in igen.');
    const given = claimText(claims, 'given_name');
    const family = claimText(claims, 'family_name');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      name: claimText(claims, 'name') ?? ([given, family].filter(Boolean).join(' ') || undefined),
      // Entra ID sends `email` only as an optional claim; its preferred_username is the UPN.
      email: claimText(claims, 'email', 'preferred_username', 'upn'),
      title: claimText(claims, 'jobTitle', 'title', 'job_title'),
      groups: claimList(claims, groupsClaim),
    };
  }

  /** Where to send the browser to end the provider's session too, if the provider offers that. */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | undefined> {
    const configuration = await this.configuration().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      client_id: this.settings.clientId,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  }
}
