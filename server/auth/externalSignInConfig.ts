/**
 * Settings of sign-in through the organisation's identity provider, read from the environment
 * and validated at start (a wrong group map stops the server instead of signing people in with
 * the wrong rights):
 *
 *   YTTRA_OIDC_ISSUER, YTTRA_OIDC_CLIENT_ID, YTTRA_OIDC_CLIENT_SECRET   OpenID Connect;
 *   YTTRA_OIDC_NAME, YTTRA_OIDC_GROUP_MAP                               its button text and groups;
 *   YTTRA_SAML_ENTRY_POINT, YTTRA_SAML_ISSUER, YTTRA_SAML_IDP_CERT       SAML 2.0;
 *   YTTRA_SAML_IDP_METADATA (a metadata file instead of entry point and certificate);
 *   YTTRA_SAML_NAME, YTTRA_SAML_GROUP_MAP.
 */
import fs from 'node:fs';
import { z } from 'zod';

/**
 * Which values of the provider's groups claim (Entra ID: group object ids) make a person a
 * member of which Yttra group, and which make them an administrator. Re-applied at each
 * sign-in: memberships of the mapped groups follow the provider; other groups are left alone.
 */
export const groupMapSchema = z
  .object({
    /** The claim (OIDC) or attribute (SAML) that lists the person's groups. */
    claim: z.string().min(1).default('groups'),
    /** Claim values that give administrator rights; absent: the flag is managed in Yttra. */
    admin: z.array(z.string().min(1)).optional(),
    groups: z
      .record(
        z.string().min(1),
        z.discriminatedUnion('kind', [
          z.object({ kind: z.enum(['forvaltning', 'namnd']), name: z.string().trim().min(1) }),
          z.object({ kind: z.literal('parti'), name: z.string().trim().min(1), party: z.string().trim().min(1) }),
        ]),
      )
      .default({}),
  })
  .strict();

export type GroupMap = z.infer<typeof groupMapSchema>;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Shown on the sign-in page: "Logga in med <name>". */
  name: string;
  groupMap?: GroupMap;
}

export interface SamlSettings {
  /** The identity provider's sign-in address (HTTP-Redirect binding). */
  entryPoint: string;
  /** Yttra's entity id at the provider (the audience of its assertions). */
  issuer: string;
  /** The provider's signing certificates (PEM or bare base64), any of which may sign. */
  idpCerts: string[];
  /** The provider's entity id, when known (metadata): assertions from another issuer are refused. */
  idpIssuer?: string;
  name: string;
  groupMap?: GroupMap;
}

export interface ExternalSignInConfig {
  oidc?: OidcSettings;
  saml?: SamlSettings;
}

function groupMapFrom(name: string, value: string | undefined): GroupMap | undefined {
  if (!value?.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error(
      `${name}: not JSON, e.g. {"groups": {"<group id>": {"kind": "namnd", "name": "Miljönämnden"}}, "admin": ["<group id>"]}`,
    );
  }
  const parsed = groupMapSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new Error(`${name}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function httpsUrl(name: string, value: string, allowLoopbackHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: "${value}" is not a URL`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(allowLoopbackHttp && loopback && url.protocol === 'http:'))
    throw new Error(`${name}: "${value}" must start with https://`);
  return value;
}

/** The entity id, sign-in address (HTTP-Redirect) and signing certificates of a SAML metadata file. */
export function readIdpMetadata(file: string): { entityId?: string; entryPoint?: string; certs: string[] } {
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`YTTRA_SAML_IDP_METADATA: cannot read ${file}`);
  }
  const idp = /<(?:\w+:)?IDPSSODescriptor[\s\S]*?<\/(?:\w+:)?IDPSSODescriptor>/.exec(xml)?.[0] ?? '';
  if (!idp) throw new Error(`YTTRA_SAML_IDP_METADATA: ${file} describes no identity provider (IDPSSODescriptor)`);
  const entityId = /<(?:\w+:)?EntityDescriptor\s[^>]*?\bentityID="([^"]+)"/.exec(xml)?.[1];
  const redirect = [...idp.matchAll(/<(?:\w+:)?SingleSignOnService\b[^>]*>/g)]
    .map((match) => match[0])
    .find((tag) => tag.includes('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'));
  const entryPoint = redirect ? /\bLocation="([^"]+)"/.exec(redirect)?.[1] : undefined;
  // Certificates of <KeyDescriptor use="encryption"> do not sign; those without `use` do both.
  const certs = [...idp.matchAll(/<(?:\w+:)?KeyDescriptor\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?KeyDescriptor>/g)]
    .filter((match) => !/use="encryption"/.test(match[1] ?? ''))
    .flatMap((match) => [...(match[2] ?? '').matchAll(/<(?:\w+:)?X509Certificate>([^<]+)</g)].map((cert) => cert[1]!.replace(/\s+/g, '')));
  return { entityId, entryPoint, certs };
}

/**
 * The external sign-in settings, or undefined when none is configured. Throws a readable error
 * naming the variable for anything incomplete or malformed.
 */
export function externalSignInFromEnv(env: NodeJS.ProcessEnv, publicUrls: readonly string[]): ExternalSignInConfig | undefined {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const config: ExternalSignInConfig = {};
  const oidcIssuer = value('YTTRA_OIDC_ISSUER');
  if (oidcIssuer || value('YTTRA_OIDC_CLIENT_ID')) {
    const clientId = value('YTTRA_OIDC_CLIENT_ID');
    if (!oidcIssuer) throw new Error('YTTRA_OIDC_ISSUER: required with YTTRA_OIDC_CLIENT_ID');
    if (!clientId) throw new Error('YTTRA_OIDC_CLIENT_ID: required with YTTRA_OIDC_ISSUER');
    config.oidc = {
      issuer: httpsUrl('YTTRA_OIDC_ISSUER', oidcIssuer, true),
      clientId,
      clientSecret: value('YTTRA_OIDC_CLIENT_SECRET'),
      name: value('YTTRA_OIDC_NAME') ?? 'kommunens konto',
      groupMap: groupMapFrom('YTTRA_OIDC_GROUP_MAP', env.YTTRA_OIDC_GROUP_MAP),
    };
  }
  const metadataFile = value('YTTRA_SAML_IDP_METADATA');
  if (metadataFile || value('YTTRA_SAML_ENTRY_POINT')) {
    const metadata = metadataFile ? readIdpMetadata(metadataFile) : { certs: [] as string[] };
    const entryPoint = value('YTTRA_SAML_ENTRY_POINT') ?? metadata.entryPoint;
    const certs = [...(value('YTTRA_SAML_IDP_CERT') ? [value('YTTRA_SAML_IDP_CERT')!] : []), ...metadata.certs];
    if (!entryPoint) throw new Error('YTTRA_SAML_ENTRY_POINT: required (or a metadata file with an HTTP-Redirect SingleSignOnService)');
    // Unsigned assertions are never accepted, so without a certificate nothing could sign in.
    if (certs.length === 0) throw new Error('YTTRA_SAML_IDP_CERT: required (or a metadata file with a signing certificate)');
    if (publicUrls.length === 0) throw new Error('YTTRA_PUBLIC_URL: required with SAML (the ACS address is made from it)');
    config.saml = {
      entryPoint: httpsUrl('YTTRA_SAML_ENTRY_POINT', entryPoint, true),
      issuer: value('YTTRA_SAML_ISSUER') ?? `${publicUrls[0]}/api/session/saml/metadata`,
      idpCerts: certs,
      idpIssuer: metadata.entityId,
      name: value('YTTRA_SAML_NAME') ?? 'e-legitimation',
      groupMap: groupMapFrom('YTTRA_SAML_GROUP_MAP', env.YTTRA_SAML_GROUP_MAP),
    };
  }
  if (config.oidc && publicUrls.length === 0)
    throw new Error('YTTRA_PUBLIC_URL: required with OpenID Connect (the redirect URI is made from it)');
  return config.oidc || config.saml ? config : undefined;
}
