/**
 * Sign-in through the organisation's identity provider, as one service for the HTTP routes:
 * which providers are offered, the OpenID Connect round trip (its state kept in the database
 * under a key only the starting browser holds), the SAML answer, and the Yttra session at the
 * end. Nothing lives in process memory between the redirect and the answer, so any instance may
 * receive it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { IdentityStore, UserRecord } from '../storage/storage';
import { ExternalAccounts, ExternalSignInError, type ExternalAccountsDeps } from './externalAccounts';
import type { ExternalSignInConfig } from './externalSignInConfig';
import { OidcSignIn, type OidcPending } from './oidc';
import { SamlSignIn } from './saml';
import type { SessionService } from './sessions';

/** How long a person may spend at the provider's sign-in page. */
const PENDING_LIFETIME_MS = 10 * 60 * 1000;

export interface SignInProvider {
  id: 'oidc' | 'saml';
  /** "Logga in med <name>". */
  name: string;
  /** Where the browser goes to start. */
  url: string;
}

type StoredPending = OidcPending & { linkTo?: string };

function keyOf(browserKey: string): string {
  return `oidc:${createHash('sha256').update(browserKey).digest('base64url')}`;
}

export class ExternalSignIn {
  readonly oidc?: OidcSignIn;
  private readonly samlByAcs = new Map<string, SamlSignIn>();
  private readonly accounts: ExternalAccounts;

  private readonly identities: IdentityStore;
  private readonly sessions: SessionService;
  private readonly log: Logger;

  constructor(
    private readonly config: ExternalSignInConfig,
    deps: ExternalAccountsDeps & { sessions: SessionService },
  ) {
    this.identities = deps.identities;
    this.sessions = deps.sessions;
    this.log = deps.log;
    if (config.oidc) this.oidc = new OidcSignIn(config.oidc, deps.log);
    this.accounts = new ExternalAccounts(deps);
  }

  providers(): SignInProvider[] {
    const offered: SignInProvider[] = [];
    if (this.config.oidc) offered.push({ id: 'oidc', name: this.config.oidc.name, url: '/api/session/oidc' });
    if (this.config.saml) offered.push({ id: 'saml', name: this.config.saml.name, url: '/api/session/saml' });
    return offered;
  }

  /** The SAML side for the ACS at `baseUrl` (the public URL), or undefined when SAML is off. */
  saml(baseUrl: string): SamlSignIn | undefined {
    if (!this.config.saml) return undefined;
    const acs = `${baseUrl}/api/session/saml/acs`;
    let found = this.samlByAcs.get(acs);
    if (!found) {
      found = new SamlSignIn(this.config.saml, acs, this.identities, this.log);
      this.samlByAcs.set(acs, found);
    }
    return found;
  }

  /**
   * Starts an OpenID Connect sign-in: the provider's address, and the key for the browser's
   * cookie. `linkTo`: the signed-in user whose account the provider's answer will be linked to.
   */
  async beginOidc(baseUrl: string, linkTo?: string): Promise<{ url: string; browserKey: string }> {
    if (!this.oidc) throw new ExternalSignInError('unavailable', 'Inloggning via OpenID Connect är inte inställd.');
    const { url, pending } = await this.oidc.begin(`${baseUrl}/api/session/oidc/callback`);
    const browserKey = randomBytes(32).toString('base64url');
    const stored: StoredPending = { ...pending, linkTo };
    await this.identities.savePending(keyOf(browserKey), JSON.stringify(stored), new Date(Date.now() + PENDING_LIFETIME_MS).toISOString());
    return { url, browserKey };
  }

  /**
   * The provider's answer (`query`) in the browser that holds `browserKey`: a new Yttra session
   * for the verified person. The pending sign-in is used up whatever the outcome.
   */
  async finishOidc(
    browserKey: string | undefined,
    query: string,
  ): Promise<{ user: UserRecord; token: string; expiresAt: Date; linked: boolean }> {
    if (!this.oidc) throw new ExternalSignInError('unavailable', 'Inloggning via OpenID Connect är inte inställd.');
    const stored =
      browserKey && browserKey.length <= 100 ? await this.identities.takePending(keyOf(browserKey), new Date().toISOString()) : undefined;
    if (!stored)
      throw new ExternalSignInError('expired', 'Inloggningen tog för lång tid eller startades i en annan webbläsare. Försök igen.');
    const pending = JSON.parse(stored) as StoredPending;
    try {
      const profile = await this.oidc.finish(query, pending, this.config.oidc?.groupMap?.claim ?? 'groups');
      const session = await this.sessionFor(await this.accounts.accountFor(profile, this.config.oidc?.groupMap, pending.linkTo));
      return { ...session, linked: pending.linkTo !== undefined };
    } catch (error) {
      if (error instanceof ExternalSignInError) error.linking = pending.linkTo !== undefined;
      throw error;
    }
  }

  async finishSaml(baseUrl: string, samlResponse: string): Promise<{ user: UserRecord; token: string; expiresAt: Date }> {
    const saml = this.saml(baseUrl);
    if (!saml) throw new ExternalSignInError('unavailable', 'Inloggning via SAML är inte inställd.');
    const profile = await saml.finish(samlResponse, this.config.saml?.groupMap?.claim ?? 'groups');
    return this.sessionFor(await this.accounts.accountFor(profile, this.config.saml?.groupMap));
  }

  private async sessionFor(user: UserRecord): Promise<{ user: UserRecord; token: string; expiresAt: Date }> {
    return { user, ...(await this.sessions.create(user.id)) };
  }
}
