/**
 * Every route of the HTTP server, called by every kind of person: what each may do is written out
 * here route by route (the specification), and the server must answer accordingly. The list must
 * name exactly the routes the server declares, so a new route cannot slip in untested.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RULES } from '../../server/auth/routeRules';
import { installRouteAuthorization } from '../../server/auth/routeAuthorization';
import { addToGroup, createGroup, createPerson, PERSON_PASSWORD, share, type Person } from '../helpers/people';
import { ADMIN, api, createDocument, signIn, startTestServer, type TestServer } from '../helpers/server';

type Role = 'anonymous' | 'plain' | 'reader' | 'commenter' | 'editor' | 'owner' | 'party' | 'secretary' | 'admin';
const ROLES: readonly Role[] = ['anonymous', 'plain', 'reader', 'commenter', 'editor', 'owner', 'party', 'secretary', 'admin'];
const SIGNED_IN: readonly Role[] = ROLES.filter((role) => role !== 'anonymous');
/**
 * Everyone who can see the shared document (the party member and the nämndsekreterare sit on the
 * nämnd, which may comment).
 */
const READERS: readonly Role[] = ['reader', 'commenter', 'editor', 'owner', 'party', 'secretary', 'admin'];
const EDITORS: readonly Role[] = ['editor', 'owner', 'admin'];
const OWNERS: readonly Role[] = ['owner', 'admin'];

interface Fixture {
  server: TestServer;
  people: Record<Exclude<Role, 'anonymous' | 'admin'>, Person>;
  documentId: string;
  versionId: string;
  arendeId: string;
  groupId: string;
  spare: Person;
}

interface Case {
  /** The route as declared in server/auth/routeRules.ts. */
  route: string;
  /** Who may call it; everyone else is refused (401 without a session, 404 for a document they cannot see, else 403). */
  allowed: readonly Role[] | 'anyone';
  path(fixture: Fixture): string;
  body?(fixture: Fixture, role: Role): unknown;
  /** Routes about the shared document answer 404 to a signed-in person who cannot see it. */
  aboutDocument?: boolean;
  /** For routes that change the document's state: a fresh document for each caller, its path. */
  prepare?(fixture: Fixture, role: Role): Promise<string>;
}

/** The status of one call; the body is read (exports and metrics are not JSON) and dropped. */
async function statusOf(server: TestServer, token: string | undefined, method: string, route: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;
const onDocument = (route: string, allowed: readonly Role[], suffix = '', body?: Case['body']): Case => ({
  route,
  allowed,
  aboutDocument: true,
  path: (f) => `/api/documents/${f.documentId}${suffix}`,
  body,
});

/** A document shared as the fixture's is, owned by the owner, in the given state. */
async function freshDocument(f: Fixture, state?: 'deleted' | 'archived'): Promise<string> {
  // A session of its own: "sign out everywhere" may have ended the fixture's.
  const token = await signIn(f.server, f.people.owner.email, PERSON_PASSWORD);
  const id = await createDocument(f.server, 'tjansteskrivelse', `Livscykel ${unique()}`, token);
  await share(f.server, token, id, [
    { principalType: 'user', principalId: f.people.reader.id, role: 'reader' },
    { principalType: 'user', principalId: f.people.commenter.id, role: 'commenter' },
    { principalType: 'user', principalId: f.people.editor.id, role: 'editor' },
  ]);
  if (state === 'deleted') expect((await api(f.server, token, 'DELETE', `/api/documents/${id}`)).status).toBe(200);
  if (state === 'archived') expect((await api(f.server, token, 'POST', `/api/documents/${id}/archive`)).status).toBe(200);
  return id;
}

const lifecycleCase = (route: string, suffix: string, state?: 'deleted' | 'archived'): Case => ({
  route,
  allowed: OWNERS,
  aboutDocument: true,
  path: () => {
    throw new Error(`${route} prepares a document of its own`);
  },
  prepare: async (f) => `/api/documents/${await freshDocument(f, state)}${suffix}`,
});

const CASES: Case[] = [
  { route: 'GET /healthz', allowed: 'anyone', path: () => '/healthz' },
  { route: 'GET /readyz', allowed: 'anyone', path: () => '/readyz' },
  { route: 'GET /metrics', allowed: 'anyone', path: () => '/metrics' },
  {
    route: 'POST /api/session',
    allowed: 'anyone',
    path: () => '/api/session',
    body: (f) => ({ email: f.spare.email, password: PERSON_PASSWORD }),
  },
  { route: 'GET /api/session', allowed: SIGNED_IN, path: () => '/api/session' },
  { route: 'PUT /api/session/password', allowed: SIGNED_IN, path: () => '/api/session/password', body: () => ({}) },
  { route: 'DELETE /api/session', allowed: 'anyone', path: () => '/api/session' },
  { route: 'DELETE /api/session/all', allowed: SIGNED_IN, path: () => '/api/session/all' },
  // Sign-in through the identity provider: this server has none configured, and says so.
  { route: 'GET /api/session/providers', allowed: 'anyone', path: () => '/api/session/providers' },
  { route: 'GET /api/session/oidc', allowed: 'anyone', path: () => '/api/session/oidc' },
  { route: 'GET /api/session/oidc/callback', allowed: 'anyone', path: () => '/api/session/oidc/callback?code=x&state=y' },
  { route: 'POST /api/session/oidc/link', allowed: SIGNED_IN, path: () => '/api/session/oidc/link' },
  { route: 'GET /api/session/saml', allowed: 'anyone', path: () => '/api/session/saml' },
  { route: 'GET /api/session/saml/metadata', allowed: 'anyone', path: () => '/api/session/saml/metadata' },
  { route: 'POST /api/session/saml/acs', allowed: 'anyone', path: () => '/api/session/saml/acs', body: () => ({ SAMLResponse: 'eA==' }) },

  { route: 'GET /api/users', allowed: SIGNED_IN, path: () => '/api/users' },
  {
    route: 'POST /api/users',
    allowed: ['admin'],
    path: () => '/api/users',
    body: () => ({ email: `ny.${unique()}@test.yttra`, name: 'Ny Person', password: PERSON_PASSWORD }),
  },
  { route: 'PATCH /api/users/:userId', allowed: ['admin'], path: (f) => `/api/users/${f.spare.id}`, body: () => ({ title: 'Utredare' }) },
  { route: 'POST /api/users/:userId/password-reset', allowed: ['admin'], path: (f) => `/api/users/${f.spare.id}/password-reset` },
  { route: 'GET /api/groups', allowed: SIGNED_IN, path: () => '/api/groups' },
  {
    route: 'POST /api/groups',
    allowed: ['admin'],
    path: () => '/api/groups',
    body: () => ({ name: `Grupp ${unique()}`, kind: 'forvaltning' }),
  },
  {
    route: 'POST /api/groups/:groupId/members',
    allowed: ['admin'],
    path: (f) => `/api/groups/${f.groupId}/members`,
    body: (f) => ({ userId: f.spare.id }),
  },
  {
    route: 'DELETE /api/groups/:groupId/members/:userId',
    allowed: ['admin'],
    path: (f) => `/api/groups/${f.groupId}/members/${f.spare.id}`,
  },
  { route: 'GET /api/audit', allowed: ['admin'], path: () => '/api/audit' },

  { route: 'GET /api/documents', allowed: SIGNED_IN, path: () => '/api/documents' },
  {
    route: 'POST /api/documents',
    allowed: SIGNED_IN,
    path: () => '/api/documents',
    body: () => ({ type: 'yttrande', title: 'Nytt yttrande' }),
  },
  onDocument('GET /api/documents/:id', READERS),
  onDocument('GET /api/documents/:id/access', READERS, '/access'),
  onDocument('PUT /api/documents/:id/access', OWNERS, '/access', (f) => ({
    entries: [
      { principalType: 'user', principalId: f.people.owner.id, role: 'owner' },
      { principalType: 'user', principalId: f.people.reader.id, role: 'reader' },
      { principalType: 'user', principalId: f.people.commenter.id, role: 'commenter' },
      { principalType: 'user', principalId: f.people.editor.id, role: 'editor' },
      { principalType: 'user', principalId: f.people.party.id, role: 'commenter' },
      { principalType: 'user', principalId: f.people.secretary.id, role: 'commenter' },
    ],
  })),
  // The shared document is not a party's draft, so the allowed answer is 400 "already handed in".
  onDocument('POST /api/documents/:id/hand-in', EDITORS, '/hand-in', () => ({})),
  onDocument('GET /api/documents/:id/audit', OWNERS, '/audit'),

  { route: 'POST /api/import', allowed: SIGNED_IN, path: () => '/api/import?dryRun=1', body: () => ({}) },
  onDocument('GET /api/documents/:id/export', READERS, '/export?format=txt'),

  onDocument('GET /api/documents/:id/status', READERS, '/status'),
  // Issue 16: a nämndsekreterare moves documents through the workflow, beside its editors.
  onDocument('POST /api/documents/:id/status', [...EDITORS, 'secretary'], '/status', () => ({ status: 'granskning' })),
  onDocument('GET /api/documents/:id/versions', READERS, '/versions'),
  onDocument('POST /api/documents/:id/versions', EDITORS, '/versions', () => ({ name: 'Före AU' })),
  onDocument('GET /api/documents/:id/versions/compare', READERS, '/versions/compare?from=current&to=current'),
  {
    route: 'GET /api/documents/:id/versions/:versionId',
    allowed: READERS,
    aboutDocument: true,
    path: (f) => `/api/documents/${f.documentId}/versions/${f.versionId}`,
  },
  {
    route: 'POST /api/documents/:id/versions/:versionId/restore',
    allowed: EDITORS,
    aboutDocument: true,
    path: (f) => `/api/documents/${f.documentId}/versions/${f.versionId}/restore`,
    body: () => ({}),
  },
  onDocument('GET /api/documents/:id/bilagor', READERS, '/bilagor'),
  // Only a member of a party group who may comment on the main document files a bilaga.
  onDocument('POST /api/documents/:id/bilagor', ['party'], '/bilagor', () => ({ type: 'reservation', cosigners: [] })),
  // Only an invited co-signer answers an invitation, and nobody here is invited: readers are refused (403).
  onDocument('POST /api/documents/:id/bilagor/:bilagaId/confirm', [], '/bilagor/no-such-bilaga/confirm', () => ({})),
  onDocument('POST /api/documents/:id/bilagor/:bilagaId/decline', [], '/bilagor/no-such-bilaga/decline', () => ({})),
  // Only a signatory withdraws a bilaga, and nobody here signs one: readers are refused (403).
  onDocument('POST /api/documents/:id/bilagor/:bilagaId/withdraw', [], '/bilagor/no-such-bilaga/withdraw', () => ({})),

  { route: 'GET /api/arenden', allowed: SIGNED_IN, path: () => '/api/arenden' },
  {
    route: 'POST /api/arenden',
    // Issue 16: registering an ärende is the nämndsekreterare's.
    allowed: ['secretary', 'admin'],
    path: () => '/api/arenden',
    body: () => ({ diarienummer: `ASN-2023-${String(++counter).padStart(4, '0')}`, arendemening: 'Nytt ärende' }),
  },
  { route: 'GET /api/arenden/:arendeId', allowed: SIGNED_IN, path: (f) => `/api/arenden/${f.arendeId}` },
  // Finding 3 and issue 16: only its handläggare (the editor here), a nämndsekreterare or an administrator.
  {
    route: 'PATCH /api/arenden/:arendeId',
    allowed: ['editor', 'secretary', 'admin'],
    path: (f) => `/api/arenden/${f.arendeId}`,
    body: () => ({ arendemening: `Ändrad ${unique()}` }),
  },
  {
    route: 'GET /api/arenden/:arendeId/audit',
    allowed: ['editor', 'secretary', 'admin'],
    path: (f) => `/api/arenden/${f.arendeId}/audit`,
  },
  onDocument('PUT /api/documents/:id/arende', EDITORS, '/arende', () => ({ arendeId: null })),

  { route: 'GET /api/templates', allowed: SIGNED_IN, path: () => '/api/templates' },
  { route: 'GET /api/templates/:packId/versions/:version', allowed: SIGNED_IN, path: () => '/api/templates/malmo/versions/1' },
  { route: 'PUT /api/templates/active', allowed: ['admin'], path: () => '/api/templates/active', body: () => ({ packId: 'malmo' }) },
  // An empty pack is refused (400) after the rule let the administrator through.
  { route: 'POST /api/templates', allowed: ['admin'], path: () => '/api/templates', body: () => ({ template: {}, basedOn: null }) },
  onDocument('GET /api/documents/:id/template-migration', EDITORS, '/template-migration'),
  // The lifecycle routes run on documents of their own (see lifecycleCase), so the shared one stays.
  lifecycleCase('DELETE /api/documents/:id', ''),
  lifecycleCase('POST /api/documents/:id/restore', '/restore', 'deleted'),
  lifecycleCase('POST /api/documents/:id/archive', '/archive'),
  lifecycleCase('POST /api/documents/:id/unarchive', '/unarchive', 'archived'),
  // Already made from that version: 400 for those the rule lets through.
  onDocument('POST /api/documents/:id/template-migration', EDITORS, '/template-migration', () => ({ pack: 'malmo', version: 1 })),
  // Notifications: each person's own; who may be @mentioned: those who may comment.
  { route: 'GET /api/notifications', allowed: SIGNED_IN, path: () => '/api/notifications' },
  { route: 'POST /api/notifications/read', allowed: SIGNED_IN, path: () => '/api/notifications/read', body: () => ({}) },
  {
    route: 'PUT /api/notifications/settings',
    allowed: SIGNED_IN,
    path: () => '/api/notifications/settings',
    body: () => ({ mail: 'batched' }),
  },
  onDocument('GET /api/documents/:id/mentionable', ['commenter', 'editor', 'owner', 'party', 'secretary', 'admin'], '/mentionable'),
];

describe('authorization of every route', () => {
  let fixture: Fixture;
  const tokens = new Map<Role, string | undefined>();

  beforeAll(async () => {
    const server = await startTestServer();
    const forvaltning = await createGroup(server, 'Arbetsmarknads- och socialförvaltningen', 'forvaltning');
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const people = {
      plain: await createPerson(server, 'Utan Rättigheter'),
      reader: await createPerson(server, 'Rut Läsare'),
      commenter: await createPerson(server, 'Kalle Kommentator'),
      editor: await createPerson(server, 'Elin Redaktör'),
      owner: await createPerson(server, 'Mimmi Olsson'),
      party: await createPerson(server, 'Kerstin Håkansson', { party: 'M' }),
      secretary: await createPerson(server, 'Lena Ek'),
    };
    const spare = await createPerson(server, 'Reserv Person');
    await addToGroup(server, forvaltning, people.owner.id);
    await addToGroup(server, namnd, people.party.id);
    await addToGroup(server, moderaterna, people.party.id);
    await addToGroup(server, namnd, people.secretary.id);
    const granted = await api(server, server.adminToken, 'PATCH', `/api/users/${people.secretary.id}`, { isNamndsekreterare: true });
    expect(granted.status).toBe(200);
    const documentId = await createDocument(server, 'tjansteskrivelse', 'Samverkan med polisen', people.owner.token);
    await share(server, people.owner.token, documentId, [
      { principalType: 'user', principalId: people.reader.id, role: 'reader' },
      { principalType: 'user', principalId: people.commenter.id, role: 'commenter' },
      { principalType: 'user', principalId: people.editor.id, role: 'editor' },
    ]);
    const version = await api<{ version: { id: string } }>(server, people.owner.token, 'POST', `/api/documents/${documentId}/versions`, {
      name: 'Första',
    });
    const arende = await api<{ arende: { id: string } }>(server, server.adminToken, 'POST', '/api/arenden', {
      diarienummer: 'ASN-2023-13451',
      arendemening: 'Samverkan med polisen',
      handlaggare: people.editor.id,
    });
    fixture = {
      server,
      people,
      documentId,
      versionId: version.body.version.id,
      arendeId: arende.body.arende.id,
      groupId: forvaltning,
      spare,
    };
    tokens.set('anonymous', undefined);
    tokens.set('admin', server.adminToken);
    for (const role of Object.keys(people) as Array<keyof typeof people>) tokens.set(role, people[role].token);
  });

  afterAll(async () => {
    await fixture?.server.close();
  });

  it('names exactly the routes the server declares', () => {
    expect(CASES.map((entry) => entry.route).sort()).toEqual(Object.keys(ROUTE_RULES).sort());
  });

  /** A fresh session for routes that end the caller's session, so the shared tokens stay valid. */
  async function tokenFor(entry: Case, role: Role): Promise<string | undefined> {
    if (entry.route !== 'DELETE /api/session' || role === 'anonymous') return tokens.get(role);
    return freshToken(role);
  }

  async function freshToken(role: Exclude<Role, 'anonymous'>): Promise<string> {
    const person = role === 'admin' ? ADMIN : fixture.people[role];
    return signIn(fixture.server, person.email, role === 'admin' ? ADMIN.password : PERSON_PASSWORD);
  }

  for (const entry of CASES) {
    it(`${entry.route}: ${entry.allowed === 'anyone' ? 'anyone' : entry.allowed.join(', ')}`, async () => {
      const answers: string[] = [];
      const expected: string[] = [];
      for (const role of ROLES) {
        const [method] = entry.route.split(' ');
        const status = await statusOf(
          fixture.server,
          await tokenFor(entry, role),
          method!,
          entry.prepare ? await entry.prepare(fixture, role) : entry.path(fixture),
          entry.body?.(fixture, role),
        );
        // Signing out everywhere ended the shared session too: the next routes need a new one.
        if (entry.route === 'DELETE /api/session/all' && role !== 'anonymous') tokens.set(role, await freshToken(role));
        let want: string;
        if (entry.allowed === 'anyone' || entry.allowed.includes(role)) {
          // Allowed: whatever the route answers (200, 400 for a step not taken, 415 …), never a refusal or a crash.
          want = [401, 403, 404].includes(status) || status >= 500 ? 'allowed' : String(status);
          if (entry.allowed === 'anyone' && status < 500) want = String(status);
        } else if (role === 'anonymous') {
          want = '401';
        } else if (entry.aboutDocument && role === 'plain') {
          want = '404';
        } else {
          want = '403';
        }
        answers.push(`${role}: ${status}`);
        expected.push(`${role}: ${want}`);
      }
      expect(answers).toEqual(expected);
    });
  }
});

describe('declaring routes', () => {
  const deps = {
    documents: { authorize: async () => Promise.reject(new Error('not used')) },
    arenden: { assertMayManage: async () => undefined },
    accountStore: { groupsOf: async () => [] },
    audit: { recordNow: async () => undefined },
  };

  it('refuses to register an API route that has no rule', async () => {
    const app = Fastify();
    installRouteAuthorization(app, deps);
    expect(() => app.post('/api/documents/:id/delete-everything', async () => ({ ok: true }))).toThrow(/no authorization rule/);
    await app.close();
  });

  it('lets the built client’s files through without a rule, but no other method outside the API', async () => {
    const app = Fastify();
    installRouteAuthorization(app, deps);
    expect(() => app.get('/assets/index-abc123.js', async () => '')).not.toThrow();
    expect(() => app.get('/', async () => '')).not.toThrow();
    expect(() => app.post('/upload', async () => '')).toThrow(/no authorization rule/);
    expect(() => app.get('/export-everything', async () => '')).toThrow(/no authorization rule/);
    expect(() => app.get('/files/:name', async () => '')).toThrow(/no authorization rule/);
    await app.close();
  });
});
