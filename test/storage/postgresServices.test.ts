/**
 * The services on top of PostgreSQL storage, through the real API and sockets: groups and
 * sharing, reading through a group, a revoked role closing the socket, versions with unique
 * names, a status change and the audit log; and two servers on one database sharing sign-ins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, createDocument, signIn, startTestServer, wsUrl, ADMIN, type TestServer } from '../helpers/server';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(): Promise<TestServer> {
  const server = await startTestServer({ databaseUrl: database.current.url });
  servers.push(server);
  return server;
}

function connect(server: { url: string }, id: string, token: string): TestClient {
  const client = connectClient(wsUrl(server), id, { token });
  clients.push(client);
  return client;
}

function closeOf(client: TestClient): Promise<number> {
  return new Promise((resolve) => client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
}

describe('Yttra’s services on PostgreSQL', () => {
  it('shares through a group, closes a revoked socket, keeps versions, a status change and the audit log', async () => {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Delat på PostgreSQL');
    const reader = await createPerson(server, 'Rut Läsare');
    const editor = await createPerson(server, 'Erik Redaktör');
    const group = await createGroup(server, 'Socialnämnden PG', 'namnd');
    await addToGroup(server, group, reader.id);
    await share(server, server.adminToken, id, [
      { principalType: 'group', principalId: group, role: 'reader' },
      { principalType: 'user', principalId: editor.id, role: 'editor' },
    ]);

    const listed = await api<{ documents: Array<{ id: string }> }>(server, reader.token, 'GET', '/api/documents');
    expect(listed.body.documents.map((document) => document.id)).toContain(id);

    const writer = connect(server, id, editor.token);
    const watcher = connect(server, id, reader.token);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);
    typeInSection(writer.doc, 'sammanfattning', 'redaktörens text ');
    await waitFor(() => sectionText(watcher.doc, 'sammanfattning').includes('redaktörens text'), 'the reader to see the edit');

    const saved = await api(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Första utkastet' });
    expect(saved.status).toBe(201);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: ' första UTKASTET ' })).status).toBe(409);
    const versions = await api<{ versions: Array<{ name: string; authorName: string }> }>(
      server,
      editor.token,
      'GET',
      `/api/documents/${id}/versions`,
    );
    expect(versions.body.versions).toEqual([expect.objectContaining({ name: 'Första utkastet', authorName: 'Erik Redaktör' })]);

    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);
    expect((await api<{ status: string }>(server, reader.token, 'GET', `/api/documents/${id}`)).body).toMatchObject({
      status: 'granskning',
    });

    const closed = closeOf(watcher);
    const started = Date.now();
    const entries = (
      await api<{ entries: Array<{ principalId: string }> }>(server, server.adminToken, 'GET', `/api/documents/${id}/access`)
    ).body.entries;
    const revoked = await api(server, server.adminToken, 'PUT', `/api/documents/${id}/access`, {
      entries: entries.filter((entry) => entry.principalId !== group),
    });
    expect(revoked.status).toBe(200);
    expect(await closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await api(server, reader.token, 'GET', `/api/documents/${id}`)).status).toBe(404);

    const audit = await api<{ events: Array<{ action: string }> }>(server, server.adminToken, 'GET', `/api/documents/${id}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.events.length).toBeGreaterThan(3);
  });

  it('lets two servers on one database serve the same people: a sign-in on one is valid on the other', async () => {
    const first = await start();
    const second = await start();
    const person = await createPerson(first, 'Ingrid Inloggad');
    const id = await createDocument(first, 'yttrande', 'Två instanser', first.adminToken);
    await share(first, first.adminToken, id, [{ principalType: 'user', principalId: person.id, role: 'editor' }]);

    const seen = await api<{ title: string }>(second, person.token, 'GET', `/api/documents/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.title).toBe('Två instanser');
    expect(await signIn(second, ADMIN.email, ADMIN.password)).toBeTruthy();

    await api(second, person.token, 'DELETE', '/api/session');
    expect((await api(first, person.token, 'GET', '/api/documents')).status).toBe(401);
  });
});
