/** Sign-in through the identity provider is configured by environment and checked at start. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configForLog, configFromEnv } from '../../server/config';

const METADATA = path.join(import.meta.dirname, '..', 'fixtures', 'saml', 'idp-metadata.xml');
const OIDC = {
  YTTRA_PUBLIC_URL: 'https://yttra.kommun.se',
  YTTRA_OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  YTTRA_OIDC_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
  YTTRA_OIDC_CLIENT_SECRET: 'en-mycket-hemlig-klienthemlighet',
};

describe('configuring OpenID Connect', () => {
  it('reads the provider, its name and the group map', () => {
    const config = configFromEnv({
      ...OIDC,
      YTTRA_OIDC_NAME: 'Malmö stads konto',
      YTTRA_OIDC_GROUP_MAP: JSON.stringify({ admin: ['g-admin'], groups: { 'g-m': { kind: 'parti', name: 'M i KFN', party: 'M' } } }),
      YTTRA_LOCAL_PASSWORDS: 'false',
    });
    expect(config.localSignIn).toBe(false);
    expect(config.externalSignIn?.oidc).toMatchObject({
      issuer: OIDC.YTTRA_OIDC_ISSUER,
      clientId: OIDC.YTTRA_OIDC_CLIENT_ID,
      name: 'Malmö stads konto',
      groupMap: { claim: 'groups', admin: ['g-admin'], groups: { 'g-m': { kind: 'parti', name: 'M i KFN', party: 'M' } } },
    });
  });

  it('never logs the client secret', () => {
    const logged = JSON.stringify(configForLog(configFromEnv(OIDC)));
    expect(logged).not.toContain(OIDC.YTTRA_OIDC_CLIENT_SECRET);
    expect(logged).toContain('"clientSecret":"[redacted]"');
  });

  it('refuses to start with a group map that is not what it should be, naming the variable', () => {
    expect(() => configFromEnv({ ...OIDC, YTTRA_OIDC_GROUP_MAP: '{groups:' })).toThrow(/YTTRA_OIDC_GROUP_MAP: not JSON/);
    expect(() =>
      configFromEnv({ ...OIDC, YTTRA_OIDC_GROUP_MAP: JSON.stringify({ groups: { g: { kind: 'parti', name: 'Utan parti' } } }) }),
    ).toThrow(/YTTRA_OIDC_GROUP_MAP: groups\.g\.party/);
    expect(() => configFromEnv({ ...OIDC, YTTRA_OIDC_GROUP_MAP: JSON.stringify({ groups: {}, admins: ['x'] }) })).toThrow(
      /YTTRA_OIDC_GROUP_MAP/,
    );
  });

  it('needs the public URL (the redirect URI) and an https issuer', () => {
    expect(() => configFromEnv({ ...OIDC, YTTRA_PUBLIC_URL: '' })).toThrow(/YTTRA_PUBLIC_URL: required with OpenID Connect/);
    expect(() => configFromEnv({ ...OIDC, YTTRA_OIDC_ISSUER: 'http://idp.kommun.se' })).toThrow(
      /YTTRA_OIDC_ISSUER: .* must start with https/,
    );
  });
});

describe('configuring SAML', () => {
  it('reads entity id, sign-in address and signing certificate from a metadata file', () => {
    const config = configFromEnv({ YTTRA_PUBLIC_URL: 'https://yttra.kommun.se', YTTRA_SAML_IDP_METADATA: METADATA });
    expect(config.externalSignIn?.saml).toMatchObject({
      entryPoint: 'https://idp.test/sso/redirect',
      idpIssuer: 'https://idp.test/saml',
      issuer: 'https://yttra.kommun.se/api/session/saml/metadata',
    });
    // The encryption-only certificate does not sign.
    expect(config.externalSignIn?.saml?.idpCerts).toHaveLength(1);
    expect(config.externalSignIn?.saml?.idpCerts[0]).toMatch(/^MII/);
  });

  it('refuses SAML without a certificate, since unsigned assertions are never accepted', () => {
    expect(() =>
      configFromEnv({ YTTRA_PUBLIC_URL: 'https://yttra.kommun.se', YTTRA_SAML_ENTRY_POINT: 'https://idp.kommun.se/sso' }),
    ).toThrow(/YTTRA_SAML_IDP_CERT: required/);
  });
});
