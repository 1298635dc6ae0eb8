/**
 * SAML 2.0 sign-in (Web Browser SSO: AuthnRequest over HTTP-Redirect, Response over HTTP-POST)
 * through @node-saml/node-saml. Only signed assertions are accepted; audience, time and the
 * request they answer are checked; an assertion is used once (its id is kept in the database
 * until it expires, so a replay to any instance is refused).
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import type { Logger } from '../log';
import type { IdentityStore } from '../storage/storage';
import { ExternalSignInError, type ExternalProfile } from './externalAccounts';
import type { SamlSettings } from './externalSignInConfig';

/** How long the provider may take to answer a sign-in request. */
const REQUEST_LIFETIME_MS = 10 * 60 * 1000;

/** Attribute names of the same thing: eduPerson/SAML2 (OID) names first, then common friendly ones. */
const ATTRIBUTES = {
  name: ['urn:oid:2.16.840.1.113730.3.1.241', 'displayName', 'http://schemas.microsoft.com/identity/claims/displayname', 'name'],
  given: ['urn:oid:2.5.4.42', 'givenName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname'],
  family: ['urn:oid:2.5.4.4', 'sn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'],
  email: ['urn:oid:0.9.2342.19200300.100.1.3', 'mail', 'email', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'],
  title: ['urn:oid:2.5.4.12', 'title', 'jobTitle'],
};

function text(profile: Profile, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = profile[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim()) return first.trim();
  }
  return undefined;
}

function list(profile: Profile, name: string): string[] {
  const value = profile[name];
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The request ids Yttra sent, in the database, so that any instance can check the answer. */
function requestIdCache(identities: IdentityStore): CacheProvider {
  const key = (id: string) => `saml-request:${id}`;
  return {
    async saveAsync(id, value) {
      await identities.savePending(key(id), value, new Date(Date.now() + REQUEST_LIFETIME_MS).toISOString());
      return { value, createdAt: Date.now() };
    },
    async getAsync(id) {
      return (await identities.readPending(key(id), new Date().toISOString())) ?? null;
    },
    async removeAsync(id) {
      if (id === null) return null;
      return (await identities.takePending(key(id), new Date().toISOString())) ?? null;
    },
  };
}

interface AssertionFacts {
  id?: string;
  notOnOrAfter?: string;
}

function assertionFacts(profile: Profile): AssertionFacts {
  type Node = { $?: Record<string, string> } & Record<string, unknown>;
  const assertion = (profile.getAssertion?.() as { Assertion?: Node } | undefined)?.Assertion;
  const conditions = (assertion?.Conditions as Node[] | undefined)?.[0];
  return { id: assertion?.$?.ID, notOnOrAfter: conditions?.$?.NotOnOrAfter };
}

export class SamlSignIn {
  private readonly saml: SAML;

  constructor(
    readonly settings: SamlSettings,
    /** The assertion consumer service: <public url>/api/session/saml/acs. */
    readonly acsUrl: string,
    private readonly identities: IdentityStore,
    private readonly log: Logger,
  ) {
    this.saml = new SAML({
      callbackUrl: acsUrl,
      entryPoint: settings.entryPoint,
      issuer: settings.issuer,
      audience: settings.issuer,
      idpCert: settings.idpCerts,
      idpIssuer: settings.idpIssuer,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: 60_000,
      // Persistent and transient NameIDs alike; the provider chooses what it releases.
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
      cacheProvider: requestIdCache(identities),
    });
  }

  /** The provider's address with a new signed-in request (its id remembered in the database). */
  signInUrl(): Promise<string> {
    return this.saml.getAuthorizeUrlAsync('', undefined, {});
  }

  /** Yttra's service provider metadata, to give the provider (ACS, entity id, NameID formats). */
  metadata(): string {
    return this.saml.generateServiceProviderMetadata(null, null);
  }

  /** The verified person of a posted SAMLResponse; anything unsigned, altered, late or reused is refused. */
  async finish(samlResponse: string, groupsAttribute: string): Promise<ExternalProfile> {
    let profile: Profile | null;
    try {
      ({ profile } = await this.saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      this.log.warn({ err: error }, 'SAML response refused');
      throw new ExternalSignInError('refused', 'Inloggningen kunde inte bekräftas. Försök logga in igen.');
    }
    const facts = profile ? assertionFacts(profile) : {};
    if (!profile?.nameID || !profile.issuer || !facts.id)
      throw new ExternalSignInError('refused', 'Inloggningen kunde inte bekräftas. Försök logga in igen.');
    const now = new Date();
    const keepUntil = facts.notOnOrAfter && Date.parse(facts.notOnOrAfter) > now.getTime() ? facts.notOnOrAfter : undefined;
    // An assertion without an end is kept a day: longer than any provider's session lifetime for one.
    const expiresAt = keepUntil ?? new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString();
    if (!(await this.identities.useAssertionOnce(profile.issuer, facts.id, expiresAt, now.toISOString()))) {
      this.log.warn({ issuer: profile.issuer, assertionId: facts.id }, 'replayed SAML assertion refused');
      throw new ExternalSignInError('refused', 'Inloggningen kunde inte bekräftas. Försök logga in igen.');
    }
    const given = text(profile, ATTRIBUTES.given);
    const family = text(profile, ATTRIBUTES.family);
    return {
      issuer: profile.issuer,
      subject: profile.nameID,
      name: text(profile, ATTRIBUTES.name) ?? ([given, family].filter(Boolean).join(' ') || undefined),
      email: text(profile, ATTRIBUTES.email),
      title: text(profile, ATTRIBUTES.title),
      groups: list(profile, groupsAttribute),
    };
  }
}
