import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, typeInSection, waitSynced } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { ADMIN, api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

describe('the API behind sign-in', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async () => {
    const server = await startTestServer();
    servers.push(server);
    return server;
  };

  it('throttles 20 wrong passwords, even when the right one follows', async () => {
    const server = await start();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses.push((await api(server, undefined, 'POST', '/api/session', { email: ADMIN.email, password: `fel-${attempt}` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    const right = await api<{ error: string }>(server, undefined, 'POST', '/api/session', ADMIN);
    expect(right.status).toBe(429);
    expect(right.body.error).toMatch(/Försök igen om \d+ (sekund|minut)/);
  });

  it('sets an HttpOnly, SameSite cookie and returns a token', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^yttra_session=[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(((await response.json()) as { token: string }).token).toMatch(/^[\w-]{40,}$/);
  });

  it('refuses a cookie-carried change that does not come from its own origin', async () => {
    const server = await start();
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const post = (origin?: string) =>
      fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...(origin ? { origin } : {}) },
        body: JSON.stringify({ type: 'yttrande', title: 'x' }),
      });
    expect((await post('https://evil.example')).status).toBe(403);
    expect((await post()).status).toBe(403);
    expect((await post(server.url)).status).toBe(201);
  });

  it('answers bad input with a JSON error and no stack trace', async () => {
    const server = await start();
    const huge = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ type: 'yttrande', title: 'x'.repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'Förfrågan är för stor.' });
    const wrongTypes = await api<{ error: string }>(server, server.adminToken, 'POST', '/api/documents', { type: 7, title: ['x'] });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.error).toMatch(/fel format \(type, title\)/);
    const unknown = await api<{ error: string }>(server, server.adminToken, 'GET', '/api/documents/finns-inte');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).not.toMatch(/at |\.ts:/);
    expect((await api(server, undefined, 'GET', '/api/documents')).status).toBe(401);
  });

  it('refuses a sharing list that names one person twice with a 400 that says so, and keeps the old list', async () => {
    const server = await start();
    const id = await createDocument(server);
    const person = await createPerson(server, 'Dubbel Delning');
    const before = await api<{ entries: unknown[] }>(server, server.adminToken, 'GET', `/api/documents/${id}/access`);
    const twice = await api<{ error: string }>(server, server.adminToken, 'PUT', `/api/documents/${id}/access`, {
      entries: [
        ...(before.body.entries as object[]),
        { principalType: 'user', principalId: person.id, role: 'reader' },
        { principalType: 'user', principalId: person.id, role: 'editor' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatch(/två gånger/);
    const after = await api<{ entries: unknown[] }>(server, server.adminToken, 'GET', `/api/documents/${id}/access`);
    expect(after.body.entries).toEqual(before.body.entries);
  });

  it('lets only an administrator add users', async () => {
    const server = await start();
    const person = await createPerson(server, 'Vanlig Användare');
    const attempt = await api(server, person.token, 'POST', '/api/users', { email: 'x@y.se', name: 'X', password: 'langtlosen' });
    expect(attempt.status).toBe(403);
  });

  it('keeps an audit log of opening, editing sections and role changes, visible to the owner only', async () => {
    const server = await start();
    const id = await createDocument(server);
    const editor = await createPerson(server, 'Elin Redaktör');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    const client = connectClient(wsUrl(server), id, { token: editor.token });
    await waitSynced(client);
    typeInSection(client.doc, 'barnperspektiv', 'Barnen berörs.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.destroy();
    const { status, body } = await api<{ events: Array<{ action: string; userName: string; detail: { sections?: string[] } }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/audit`,
    );
    expect(status).toBe(200);
    const actions = body.events.map((event) => `${event.action}:${event.userName}`);
    expect(actions).toContain('opened:Elin Redaktör');
    expect(actions).toContain('access_changed:Administratör');
    expect(body.events.find((event) => event.action === 'edited')).toMatchObject({
      userName: 'Elin Redaktör',
      detail: { sections: ['barnperspektiv'] },
    });
    expect((await api(server, editor.token, 'GET', `/api/documents/${id}/audit`)).status).toBe(403);
  });
});
