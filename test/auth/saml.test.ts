/**
 * Signing in over SAML 2.0: the test plays the identity provider, answering Yttra's request
 * with an assertion signed by its test key (test/fixtures/saml/), and posts it to the ACS as a
 * browser would. Unsigned, altered, foreign, late, misaddressed and reused assertions are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { signSamlPost } from '@node-saml/node-saml/lib/saml-post-signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalSignInConfig } from '../../server/auth/externalSignInConfig';
import { api, startTestServer, type TestServer } from '../helpers/server';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'saml');
const IDP_KEY = fs.readFileSync(path.join(FIXTURES, 'idp.key'), 'utf8');
const IDP_CERT = fs.readFileSync(path.join(FIXTURES, 'idp.crt'), 'utf8');
const OTHER_KEY = fs.readFileSync(path.join(FIXTURES, 'other-idp.key'), 'utf8');
const IDP = 'https://idp.test/saml';
const SP = 'https://yttra.test/saml';
const ASSERTION = '/*[local-name(.)="Response"]/*[local-name(.)="Assertion"]';

let server: TestServer;

beforeAll(async () => {
  const externalSignIn: ExternalSignInConfig = {
    saml: {
      entryPoint: 'https://idp.test/sso/redirect',
      issuer: SP,
      idpCerts: [IDP_CERT],
      idpIssuer: IDP,
      name: 'Sweden Connect',
      groupMap: { claim: 'groups', groups: { 'namnd-kfn': { kind: 'namnd', name: 'Kultur- och fritidsnämnden' } } },
    },
  };
  server = await startTestServer({ externalSignIn });
});

afterAll(async () => server?.close());

/** Yttra sends the browser to the provider with a request; its id is what the answer must name. */
async function requestId(): Promise<string> {
  const response = await fetch(`${server.url}/api/session/saml`, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe('https://idp.test/sso/redirect');
  const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  expect(request).toContain(`AssertionConsumerServiceURL="${server.url}/api/session/saml/acs"`);
  return /\bID="([^"]+)"/.exec(request)![1]!;
}

interface AssertionOptions {
  inResponseTo: string;
  subject?: string;
  email?: string;
  audience?: string;
  notOnOrAfter?: Date;
  /** Put the request id in the assertion too (most providers do; then it is covered by the signature). */
  subjectInResponseTo?: boolean;
  assertionId?: string;
}

function assertionXml(options: AssertionOptions): string {
  const now = new Date();
  const until = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const acs = `${server.url}/api/session/saml/acs`;
  const subjectInResponseTo = options.subjectInResponseTo === false ? '' : ` InResponseTo="${options.inResponseTo}"`;
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${options.assertionId ?? `_${randomUUID()}`}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${IDP}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${options.subject ?? 'person-1'}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${subjectInResponseTo} NotOnOrAfter="${until}" Recipient="${acs}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(now.getTime() - 60_000).toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${options.audience ?? SP}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>http://id.elegnamnden.se/loa/1.0/loa3</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>` +
    `<saml:Attribute Name="urn:oid:2.16.840.1.113730.3.1.241"><saml:AttributeValue>Karin Karlsson</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="urn:oid:0.9.2342.19200300.100.1.3"><saml:AttributeValue>${options.email ?? 'karin.karlsson@kommun.test'}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="urn:oid:2.5.4.12"><saml:AttributeValue>Ledamot</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="groups"><saml:AttributeValue>namnd-kfn</saml:AttributeValue><saml:AttributeValue>annan</saml:AttributeValue></saml:Attribute>` +
    `</saml:AttributeStatement></saml:Assertion>`
  );
}

function responseXml(inResponseTo: string, assertion: string): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${server.url}/api/session/saml/acs" InResponseTo="${inResponseTo}">` +
    `<saml:Issuer>${IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `${assertion}</samlp:Response>`
  );
}

function signed(xml: string, key = IDP_KEY): string {
  return signSamlPost(xml, ASSERTION, { privateKey: key, signatureAlgorithm: 'sha256', digestAlgorithm: 'sha256' });
}

/** The signed assertion alone, to be wrapped in another response (a replay). */
function signedAssertionOf(response: string): string {
  return /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(response)![0];
}

async function post(xml: string): Promise<{ location: string | null; session?: string }> {
  const response = await fetch(`${server.url}/api/session/saml/acs`, {
    method: 'POST',
    redirect: 'manual',
    // The provider's page posts the form: another origin.
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.test' },
    body: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64') }).toString(),
  });
  expect(response.status).toBe(303);
  const session = response.headers
    .getSetCookie()
    .map((cookie) => /^yttra_session=([^;]+)/.exec(cookie)?.[1])
    .find(Boolean);
  return { location: response.headers.get('location'), session };
}

async function expectRefused(xml: string): Promise<void> {
  const { location, session } = await post(xml);
  expect(location).toBe('/?inloggningsfel=refused');
  expect(session).toBeUndefined();
}

describe('signing in over SAML', () => {
  it('publishes the service provider metadata with the ACS address', async () => {
    const response = await fetch(`${server.url}/api/session/saml/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await response.text();
    expect(xml).toContain(`entityID="${SP}"`);
    expect(xml).toContain(`Location="${server.url}/api/session/saml/acs"`);
  });

  it('a signed assertion answering Yttra’s request signs the person in and creates their account', async () => {
    const id = await requestId();
    const { location, session } = await post(signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'karin-1' }))));
    expect(location).toBe('/?inloggning=klar');
    const { body } = await api<{ user: { id: string; name: string; email: string; title: string } }>(
      server,
      session,
      'GET',
      '/api/session',
    );
    expect(body.user).toMatchObject({ name: 'Karin Karlsson', email: 'karin.karlsson@kommun.test', title: 'Ledamot' });
    const groups = await api<{ groups: Array<{ name: string; kind: string; members: string[] }> }>(
      server,
      server.adminToken,
      'GET',
      '/api/groups',
    );
    expect(groups.body.groups.filter((group) => group.members.includes(body.user.id)).map((group) => [group.name, group.kind])).toEqual([
      ['Kultur- och fritidsnämnden', 'namnd'],
    ]);
  });

  it('the ACS accepts the post although the browser sends a Yttra session cookie from another origin', async () => {
    const id = await requestId();
    const xml = signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'karin-2', email: 'karin.2@kommun.test' })));
    const response = await fetch(`${server.url}/api/session/saml/acs`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://idp.test',
        cookie: `yttra_session=${server.adminToken}`,
      },
      body: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64') }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?inloggning=klar');
  });
});

describe('SAML answers that are refused', () => {
  it('an unsigned assertion', async () => {
    const id = await requestId();
    await expectRefused(responseXml(id, assertionXml({ inResponseTo: id, subject: 'osignerad' })));
  });

  it('a signed assertion altered afterwards (another person’s e-mail)', async () => {
    const id = await requestId();
    const xml = signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'andrad' })));
    await expectRefused(xml.replace('karin.karlsson@kommun.test', 'admin@test.yttra'));
  });

  it('an assertion signed by a key the provider does not have', async () => {
    const id = await requestId();
    await expectRefused(signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'falsk' })), OTHER_KEY));
  });

  it('an assertion for another service (wrong audience)', async () => {
    const id = await requestId();
    await expectRefused(signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'annan', audience: 'https://annan.test/saml' }))));
  });

  it('an expired assertion', async () => {
    const id = await requestId();
    const past = new Date(Date.now() - 10 * 60_000);
    await expectRefused(signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'sen', notOnOrAfter: past }))));
  });

  it('an answer to a request Yttra never sent', async () => {
    await expectRefused(signed(responseXml('_aldrig', assertionXml({ inResponseTo: '_aldrig', subject: 'okand' }))));
  });

  it('the same answer posted twice', async () => {
    const id = await requestId();
    const xml = signed(responseXml(id, assertionXml({ inResponseTo: id, subject: 'tva-ganger', email: 'tva@kommun.test' })));
    expect((await post(xml)).session).toBeTruthy();
    await expectRefused(xml);
  });

  it('a used assertion wrapped in an answer to a new request (kept in the database until it expires)', async () => {
    const first = await requestId();
    const original = signed(
      responseXml(
        first,
        assertionXml({ inResponseTo: first, subject: 'ateranvand', email: 'ater@kommun.test', subjectInResponseTo: false }),
      ),
    );
    expect((await post(original)).session).toBeTruthy();
    const second = await requestId();
    await expectRefused(responseXml(second, signedAssertionOf(original)));
  });
});
