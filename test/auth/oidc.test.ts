/**
 * Signing in through an OpenID provider, over HTTP against a real local provider
 * (oauth2-mock-server): the whole authorization code flow with PKCE, state and nonce, the account
 * it makes and keeps up to date, and every answer that must be refused.
 */
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalSignInConfig } from '../../server/auth/externalSignInConfig';
import { startYttraServer, type YttraServer } from '../../server/server';
import { createPerson } from '../helpers/people';
import { ADMIN, api, startTestServer, tempDataDir, type TestServer } from '../helpers/server';

const CLIENT_ID = 'yttra-test';
const GROUP_MAP = {
  claim: 'groups',
  admin: ['grp-it-admins'],
  groups: {
    'grp-miljo': { kind: 'forvaltning' as const, name: 'Miljöförvaltningen' },
    'grp-nämnd': { kind: 'namnd' as const, name: 'Miljönämnden' },
    'grp-m': { kind: 'parti' as const, name: 'M i miljönämnden', party: 'M' },
  },
};

/** What the provider says about the person signing in next, and how it spoils the ID token. */
interface Person {
  sub: string;
  name?: string;
  email?: string;
  jobTitle?: string;
  groups?: string[];
}

let provider: OAuth2Server;
let person: Person;
let spoil: ((payload: Record<string, unknown>) => void) | null = null;
let server: TestServer;

function oidcConfig(): ExternalSignInConfig {
  return {
    oidc: {
      issuer: provider.issuer.url!,
      clientId: CLIENT_ID,
      clientSecret: 'en-hemlighet',
      name: 'Testkommunens konto',
      groupMap: GROUP_MAP,
    },
  };
}

beforeAll(async () => {
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  provider.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    // Only the ID token is addressed to Yttra (its audience is the client id).
    if (token.payload.aud !== CLIENT_ID) return;
    Object.assign(token.payload, person);
    spoil?.(token.payload);
  });
  server = await startTestServer({ externalSignIn: oidcConfig() });
});

afterAll(async () => {
  await server?.close();
  await provider?.stop();
});

afterEach(() => {
  spoil = null;
});

let counter = 0;
function newPerson(extra: Partial<Person> = {}): Person {
  counter += 1;
  return { sub: `entra-${counter}-${Date.now()}`, name: `Person ${counter}`, email: `oidc${counter}.${Date.now()}@kommun.test`, ...extra };
}

function cookieOf(response: Response, name: string): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [key, ...value] = pair!.split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The browser's first two steps: Yttra sends it to the provider, the provider back with a code. */
async function toProviderAndBack(): Promise<{ signInCookie: string; callback: URL }> {
  const start = await fetch(`${server.url}/api/session/oidc`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const signInCookie = cookieOf(start, 'yttra_signin');
  expect(signInCookie, 'the sign-in key cookie').toBeTruthy();
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(provider.issuer.url);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/api/session/oidc/callback`);
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  return { signInCookie: signInCookie!, callback: new URL(atProvider.headers.get('location')!) };
}

/** The provider's answer arriving at Yttra in the browser that holds `signInCookie`. */
async function answer(callback: URL, signInCookie: string | undefined) {
  const response = await fetch(callback, { redirect: 'manual', headers: signInCookie ? { cookie: `yttra_signin=${signInCookie}` } : {} });
  expect(response.status).toBe(303);
  return { location: response.headers.get('location'), session: cookieOf(response, 'yttra_session') || undefined, response };
}

async function signInThroughProvider(who: Person) {
  person = who;
  const { signInCookie, callback } = await toProviderAndBack();
  return answer(callback, signInCookie);
}

async function sessionUser(token: string) {
  const { status, body } = await api<{
    user: { id: string; email: string; name: string; title: string; party: string | null; isAdmin: boolean };
  }>(server, token, 'GET', '/api/session');
  expect(status).toBe(200);
  return body.user;
}

async function groupsOf(userId: string): Promise<string[]> {
  const { body } = await api<{ groups: Array<{ name: string; members: string[] }> }>(server, server.adminToken, 'GET', '/api/groups');
  return body.groups.filter((group) => group.members.includes(userId)).map((group) => group.name);
}

describe('signing in through the OpenID provider', () => {
  it('offers the provider on the sign-in page, by its name', async () => {
    const { status, body } = await api<{ password: boolean; providers: Array<{ id: string; name: string; url: string }> }>(
      server,
      undefined,
      'GET',
      '/api/session/providers',
    );
    expect(status).toBe(200);
    expect(body.password).toBe(true);
    expect(body.providers).toEqual([{ id: 'oidc', name: 'Testkommunens konto', url: '/api/session/oidc' }]);
  });

  it('the first sign-in creates the account from the claims and the group map', async () => {
    const who = newPerson({ name: 'Anna Andersson', jobTitle: 'Miljöinspektör', groups: ['grp-miljo', 'grp-m', 'grp-okänd'] });
    const { location, session } = await signInThroughProvider(who);
    expect(location).toBe('/?inloggning=klar');
    expect(session, 'a Yttra session cookie').toBeTruthy();
    const user = await sessionUser(session!);
    expect(user).toMatchObject({ email: who.email, name: 'Anna Andersson', title: 'Miljöinspektör', party: 'M', isAdmin: false });
    expect((await groupsOf(user.id)).sort()).toEqual(['M i miljönämnden', 'Miljöförvaltningen']);
  });

  it('a later sign-in finds the same account by issuer and subject, and re-applies name, e-mail and groups', async () => {
    const who = newPerson({ groups: ['grp-miljo'] });
    const first = await sessionUser((await signInThroughProvider(who)).session!);
    const changed = { ...who, name: 'Nytt Namn', email: `bytt.${Date.now()}@kommun.test`, groups: ['grp-nämnd', 'grp-it-admins'] };
    const second = await sessionUser((await signInThroughProvider(changed)).session!);
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ name: 'Nytt Namn', email: changed.email, isAdmin: true });
    expect(await groupsOf(second.id)).toEqual(['Miljönämnden']);
    // Out of the admin group at the provider: out of administrator rights in Yttra.
    const third = await sessionUser((await signInThroughProvider({ ...changed, groups: [] })).session!);
    expect(third.isAdmin).toBe(false);
    expect(await groupsOf(third.id)).toEqual([]);
  });

  it('records what the provider did in the audit log, as an administrator’s changes are', async () => {
    const who = newPerson({ groups: ['grp-nämnd', 'grp-it-admins'] });
    const user = await sessionUser((await signInThroughProvider(who)).session!);
    const { body } = await api<{ events: Array<{ userId: string | null; action: string; detail: Record<string, unknown> }> }>(
      server,
      server.adminToken,
      'GET',
      '/api/audit',
    );
    const about = body.events.filter((event) => event.detail.user === user.id || event.detail.member === user.id);
    const byProvider = { userId: null, detail: expect.objectContaining({ provider: provider.issuer.url }) };
    expect(about).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ...byProvider, action: 'user_created' }),
        expect.objectContaining({ ...byProvider, action: 'member_added', detail: expect.objectContaining({ groupName: 'Miljönämnden' }) }),
        expect.objectContaining({ ...byProvider, action: 'user_changed', detail: expect.objectContaining({ after: { isAdmin: true } }) }),
      ]),
    );
  });

  it('never finds an account by e-mail: another subject with a taken address is refused', async () => {
    const owner = newPerson();
    await signInThroughProvider(owner);
    const impostor = newPerson({ email: owner.email });
    const { location, session } = await signInThroughProvider(impostor);
    expect(location).toBe('/?inloggningsfel=emailTaken');
    expect(session).toBeUndefined();
    // The local administrator's address is no way in either.
    const refused = await signInThroughProvider(newPerson({ email: ADMIN.email }));
    expect(refused.location).toBe('/?inloggningsfel=emailTaken');
    expect(refused.session).toBeUndefined();
  });

  it('a signed-in person links their existing account, which the provider then signs in to', async () => {
    const local = await createPerson(server, 'Lokal Lisa');
    const who = newPerson({ email: local.email, name: 'Lisa Lokal' });
    expect((await signInThroughProvider(who)).location).toBe('/?inloggningsfel=emailTaken');

    const started = await fetch(`${server.url}/api/session/oidc/link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${local.token}` },
    });
    expect(started.status).toBe(200);
    const signInCookie = cookieOf(started, 'yttra_signin')!;
    const { url } = (await started.json()) as { url: string };
    const atProvider = await fetch(url, { redirect: 'manual' });
    const linked = await answer(new URL(atProvider.headers.get('location')!), signInCookie);
    expect(linked.location).toBe('/losenord?koppling=klar');
    expect((await sessionUser(linked.session!)).id).toBe(local.id);
    // From now on the provider's sign-in alone finds the account.
    const again = await signInThroughProvider(who);
    expect(await sessionUser(again.session!)).toMatchObject({ id: local.id, name: 'Lisa Lokal' });
  });

  it('an identity linked to one account cannot be linked to another', async () => {
    const who = newPerson();
    await signInThroughProvider(who);
    const other = await createPerson(server, 'Annan Anna');
    const started = await fetch(`${server.url}/api/session/oidc/link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}` },
    });
    const { url } = (await started.json()) as { url: string };
    const atProvider = await fetch(url, { redirect: 'manual' });
    const refused = await answer(new URL(atProvider.headers.get('location')!), cookieOf(started, 'yttra_signin'));
    expect(refused.location).toBe('/losenord?kopplingsfel=linkedElsewhere');
    expect(refused.session).toBeUndefined();
  });

  it('linking must come from Yttra’s own page', async () => {
    const local = await createPerson(server, 'Cookie Carl');
    const cookieSession = await fetch(`${server.url}/api/session/oidc/link`, {
      method: 'POST',
      headers: { cookie: `yttra_session=${local.token}`, origin: 'https://elak.example' },
    });
    expect(cookieSession.status).toBe(403);
  });

  it('a disabled account is not signed in through the provider', async () => {
    const who = newPerson();
    const user = await sessionUser((await signInThroughProvider(who)).session!);
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    const again = await signInThroughProvider(who);
    expect(again.location).toBe('/?inloggningsfel=disabled');
    expect(again.session).toBeUndefined();
  });

  it('signing out answers where the provider ends its own session', async () => {
    const { session } = await signInThroughProvider(newPerson());
    const response = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: `yttra_session=${session}; yttra_provider=oidc`, origin: server.url },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { providerSignOut?: string };
    const signOut = new URL(body.providerSignOut!);
    expect(`${signOut.origin}${signOut.pathname}`).toBe(`${provider.issuer.url}/endsession`);
    expect(signOut.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`);
    expect((await api(server, session, 'GET', '/api/session')).status).toBe(401);
  });
});

describe('answers that are refused', () => {
  it('a wrong state', async () => {
    person = newPerson();
    const { signInCookie, callback } = await toProviderAndBack();
    callback.searchParams.set('state', 'ett-annat-tillstand');
    const { location, session } = await answer(callback, signInCookie);
    expect(location).toBe('/?inloggningsfel=refused');
    expect(session).toBeUndefined();
  });

  it('an answer in a browser that did not start the sign-in (no or another key)', async () => {
    person = newPerson();
    const { callback } = await toProviderAndBack();
    expect((await answer(callback, undefined)).location).toBe('/?inloggningsfel=expired');
    const other = await toProviderAndBack();
    const crossed = await answer(callback, other.signInCookie);
    expect(crossed.location).toBe('/?inloggningsfel=refused');
    expect(crossed.session).toBeUndefined();
  });

  it('a replayed code: the same answer again, or the code under a new sign-in', async () => {
    person = newPerson();
    const { signInCookie, callback } = await toProviderAndBack();
    expect((await answer(callback, signInCookie)).session).toBeTruthy();
    const again = await answer(callback, signInCookie);
    expect(again.location).toBe('/?inloggningsfel=expired');
    expect(again.session).toBeUndefined();
    // A new sign-in's state with the used code: the provider does not exchange it twice.
    const fresh = await toProviderAndBack();
    const replay = new URL(fresh.callback);
    replay.searchParams.set('code', callback.searchParams.get('code')!);
    const replayed = await answer(replay, fresh.signInCookie);
    expect(replayed.location).toBe('/?inloggningsfel=refused');
    expect(replayed.session).toBeUndefined();
  });

  const spoiled: Array<[string, (payload: Record<string, unknown>) => void]> = [
    ['a wrong nonce', (payload) => void (payload.nonce = 'en-annan-nonce')],
    ['a wrong audience', (payload) => void (payload.aud = 'en-annan-klient')],
    ['a wrong issuer', (payload) => void (payload.iss = 'http://127.0.0.1:1/falsk')],
    [
      'an expired ID token',
      (payload) => {
        const now = Math.floor(Date.now() / 1000);
        Object.assign(payload, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
      },
    ],
  ];
  for (const [what, change] of spoiled) {
    it(`an ID token with ${what.replace(/^an? /, '')}: ${what}`, async () => {
      const who = newPerson();
      spoil = change;
      const { location, session } = await signInThroughProvider(who);
      expect(location).toBe('/?inloggningsfel=refused');
      expect(session).toBeUndefined();
      // Nothing was created for the person either.
      const { body } = await api<{ users: Array<{ email: string }> }>(server, server.adminToken, 'GET', '/api/users');
      expect(body.users.map((user) => user.email)).not.toContain(who.email);
    });
  }
});

describe('a provider that does not answer', () => {
  it('sends the person back to the sign-in page with the reason, and Yttra keeps running', async () => {
    const silent = new OAuth2Server();
    await silent.issuer.keys.generate('RS256');
    await silent.start(0, '127.0.0.1');
    const issuer = silent.issuer.url!;
    await silent.stop();
    const down = await startTestServer({ externalSignIn: { oidc: { issuer, clientId: CLIENT_ID, name: 'Nere' } } });
    try {
      const response = await fetch(`${down.url}/api/session/oidc`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/?inloggningsfel=unavailable');
      expect((await api(down, down.adminToken, 'GET', '/api/session')).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('local passwords turned off', () => {
  let closed: YttraServer;
  beforeAll(async () => {
    closed = await startYttraServer({
      dataDir: tempDataDir(),
      externalSignIn: oidcConfig(),
      localSignIn: false,
      adminEmail: 'drift@kommun.test',
    });
  });
  afterAll(async () => closed?.close());

  it('refuses password sign-in with a message that says what to do, and the sign-in page offers only the provider', async () => {
    const response = await fetch(`${closed.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'drift@kommun.test', password: 'fel-losenord-1' }),
    });
    expect(response.status).toBe(401);
    const { body } = await api<{ password: boolean }>(closed, undefined, 'GET', '/api/session/providers');
    expect(body.password).toBe(false);
  });

  it('the recovery command still lets the operator in once, with its one-time password', async () => {
    const { password } = await closed.accounts.recoverAccess('drift@kommun.test');
    const signIn = async () =>
      fetch(`${closed.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'drift@kommun.test', password }),
      });
    expect((await signIn()).status).toBe(200);
  });

  it('an ordinary account with a correct password is refused in Swedish', async () => {
    await closed.accounts.createUser({ email: 'lokal@kommun.test', name: 'Lokal Person', password: 'ett-langt-losenord' });
    const response = await fetch(`${closed.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lokal@kommun.test', password: 'ett-langt-losenord' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe(
      'Inloggning med lösenord är avstängd. Logga in med organisationens konto i stället.',
    );
  });
});
