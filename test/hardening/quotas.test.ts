/**
 * Finding 17: per-user quotas on what one account can make the server keep — documents created
 * per hour and per day, comment threads started per document — answered with a Swedish 429 (or,
 * over the socket, a refusal that says what to do).
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { addReply, anchorFor, createThread, readThreads } from '../../shared/review/reviewDoc';
import { sectionElements } from '../../shared/doc/documentState';
import { Quotas } from '../../server/auth/quotas';
import { connectClient, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

const LIMITS = { documentsPerHour: 5, documentsPerDay: 8, threadsPerDocument: 3, arendenPerHour: 3, versionsPerHour: 3 };

describe('per-user quotas', () => {
  const clients: TestClient[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async () => {
    const server = await startTestServer({ quotas: LIMITS });
    servers.push(server);
    return server;
  };

  it('lets one account create only its hourly number of documents, even all at once', async () => {
    const server = await start();
    // Every nämnd gets each new document to comment on; that must not change what one document costs.
    for (let index = 0; index < 5; index++) await createGroup(server, `Nämnd ${index}`, 'namnd');
    const person = await createPerson(server, 'Snabb Skapare');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api<{ error?: string }>(server, person.token, 'POST', '/api/documents', { type: 'yttrande', title: `Nr ${index}` }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(15);
    expect(refused[0]!.body.error).toMatch(/den senaste timmen, vilket är gränsen/);

    // Importing is creating too; another person is not affected.
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${person.token}` },
      body: 'Yttrande\n\nSammanfattning\n\nText.',
    });
    expect(imported.status).toBe(429);
    const other = await createPerson(server, 'Annan Person');
    expect((await api(server, other.token, 'POST', '/api/documents', { type: 'yttrande', title: 'Eget' })).status).toBe(201);
  });

  it('counts a bilaga filed on a main document against the same quota', async () => {
    const server = await start();
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    // Only a ledamot or ersättare of the nämnd files a bilaga (issue 16).
    await addToGroup(server, await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd'), kerstin.id);
    const mainId = await createDocument(server);
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: kerstin.id, role: 'commenter' }]);
    const statuses: number[] = [];
    for (let index = 0; index < 7; index++) {
      statuses.push(
        (await api(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, { type: 'reservation', cosigners: [] })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
  });

  it('lets one account register only so many ärenden an hour', async () => {
    const server = await start();
    const person = await createPerson(server, 'Flitig Registrator');
    // Registering ärenden is the nämndsekreterare's (issue 16).
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, { isNamndsekreterare: true })).status).toBe(200);
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        api(server, person.token, 'POST', '/api/arenden', { diarienummer: `ASN-2023-${1000 + index}`, arendemening: 'Ärende' }).then(
          (answer) => answer.status,
        ),
      ),
    );
    expect(statuses.sort()).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('lets one editor save only so many versions of a document an hour (restores included), never refusing a status change', async () => {
    const server = await start();
    const editor = await createPerson(server, 'Elin Redaktör');
    const id = await createDocument(server, 'tjansteskrivelse', 'Samverkan', editor.token);
    const saved = await api<{ version: { id: string } }>(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Ett' });
    expect(saved.status).toBe(201);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Tre' })).status).toBe(201);
    const fourth = await api<{ error: string }>(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Fyra' });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error).toMatch(/versioner av dokumentet den senaste timmen/);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/versions/${saved.body.version.id}/restore`)).status).toBe(429);
    // A status change is part of the workflow (bounded by the rights it needs): its automatic
    // version is made even past the quota, so a justering is never refused for it.
    for (const status of ['utkast', 'granskning']) {
      expect((await api(server, editor.token, 'POST', `/api/documents/${id}/status`, { status })).status, status).toBe(200);
    }
    const listed = await api<{ versions: Array<{ origin: string }> }>(server, editor.token, 'GET', `/api/documents/${id}/versions`);
    expect(listed.body.versions.map((version) => version.origin)).toEqual(['manuell', 'statusbyte', 'manuell', 'statusbyte', 'statusbyte']);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Fem' })).status).toBe(429);
    // The quota is the user's: the owner of another account still saves one.
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name: 'Administratörens' })).status).toBe(201);
  });

  it('lets a commenter start only so many threads in one document, and still reply', async () => {
    const server = await start();
    const id = await createDocument(server);
    const reviewer = await createPerson(server, 'Greta Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reviewer.id, role: 'commenter' }]);
    const body = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(body);
    await waitSynced(body);
    typeInSection(body.doc, 'forslagTillBeslut', 'Nämnden godkänner förslaget.');
    const paragraph = sectionElements(body.doc)[1]!.get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const anchor = anchorFor(text, 0, text, 5);

    const review = connectClient(wsUrl(server), `${id}:review`, { token: reviewer.token });
    clients.push(review);
    await waitSynced(review);
    const startThread = (client: TestClient, threadId: string, author: { id: string; name: string }) =>
      createThread(client.doc, {
        id: threadId,
        commentId: `${threadId}-c`,
        sectionKey: 'forslagTillBeslut',
        quote: 'Nämnden',
        anchor,
        author,
        body: 'Se över.',
        now: new Date().toISOString(),
      });
    for (let index = 1; index <= 4; index++) startThread(review, `t${index}`, { id: reviewer.id, name: reviewer.name });

    const watcher = connectClient(wsUrl(server), `${id}:review`, { token: server.adminToken });
    clients.push(watcher);
    await waitSynced(watcher);
    await waitFor(() => readThreads(watcher.doc).length >= 3, 'three threads to arrive');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      readThreads(watcher.doc)
        .map((thread) => thread.id)
        .sort(),
    ).toEqual(['t1', 't2', 't3']);

    // Someone else's threads are theirs to count.
    const admin = (await api<{ user: { id: string; name: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user;
    startThread(watcher, 'a1', admin);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = connectClient(wsUrl(server), `${id}:review`, { token: server.adminToken });
    clients.push(again);
    await waitSynced(again);
    await waitFor(() => readThreads(again.doc).some((thread) => thread.id === 'a1'), "the administrator's thread to be stored");

    // Replies are not threads: the reviewer, on a fresh connection, still answers in one.
    const fresh = connectClient(wsUrl(server), `${id}:review`, { token: reviewer.token });
    clients.push(fresh);
    await waitSynced(fresh);
    addReply(fresh.doc, 't1', {
      id: 't1-svar',
      author: { id: reviewer.id, name: reviewer.name },
      body: 'Tillägg.',
      now: new Date().toISOString(),
    });
    await waitFor(() => readThreads(again.doc).find((thread) => thread.id === 't1')!.comments.length === 2, 'the reply to be stored');
  });
});

describe('the document quota', () => {
  it('also holds per day, counted from the stored documents', async () => {
    const created: number[] = [];
    const now = Date.parse('2026-12-03T12:00:00Z');
    const store = {
      countCreatedSince: async (_userId: string, since: string) => created.filter((at) => at > Date.parse(since)).length,
    };
    const quotas = new Quotas(store, { documentsPerHour: 5, documentsPerDay: 8, threadsPerDocument: 3 });
    // Eight documents spread over the last day, none in the last hour.
    for (let hour = 2; hour < 10; hour++) created.push(now - hour * 60 * 60 * 1000);
    await expect(quotas.reserveDocumentCreation('u', now)).rejects.toThrow(/det senaste dygnet, vilket är gränsen/);
    created.splice(0, 1);
    const release = await quotas.reserveDocumentCreation('u', now);
    release();
  });
});
