import { afterEach, describe, expect, it } from 'vitest';
import { addReply, anchorFor, createThread, editComment, readThreads, setResolved } from '../../shared/review/reviewDoc';
import { sectionElements } from '../../shared/doc/documentState';
import * as Y from 'yjs';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

const now = () => new Date().toISOString();

function anchorInSection(body: Y.Doc, sectionIndex: number) {
  const paragraph = sectionElements(body)[sectionIndex]!.get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  return anchorFor(text, 0, text, Math.min(5, text.length));
}

describe('the review room', () => {
  const clients: TestClient[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const connect = (server: TestServer, room: string, token: string) => {
    const client = connectClient(wsUrl(server), room, { token });
    clients.push(client);
    return client;
  };

  async function setup(dataDir?: string) {
    const server = await startTestServer(dataDir ? { dataDir } : {});
    servers.push(server);
    const id = await createDocument(server);
    const reviewer = await createPerson(server, 'Greta Granskare');
    const reader = await createPerson(server, 'Rut Läsare');
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: reviewer.id, role: 'commenter' },
      { principalType: 'user', principalId: reader.id, role: 'reader' },
    ]);
    const authorBody = connect(server, id, server.adminToken);
    await waitSynced(authorBody);
    typeInSection(authorBody.doc, 'forslagTillBeslut', 'Nämnden godkänner förslaget.');
    const admin = (await api<{ user: { id: string; name: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user;
    return { server, id, reviewer, reader, authorBody, admin };
  }

  function startThread(review: Y.Doc, body: Y.Doc, author: Person | { id: string; name: string }, text: string, threadId = 't1') {
    createThread(review, {
      id: threadId,
      commentId: `${threadId}-c1`,
      sectionKey: 'forslagTillBeslut',
      quote: 'Nämnden',
      anchor: anchorInSection(body, 1),
      author: { id: author.id, name: author.name },
      body: text,
      now: now(),
    });
  }

  it("stores and broadcasts a commenter's comment while refusing the commenter's body edit", async () => {
    const { server, id, reviewer, authorBody, admin } = await setup();
    const authorReview = connect(server, `${id}:review`, server.adminToken);
    const reviewerBody = connect(server, id, reviewer.token);
    const reviewerReview = connect(server, `${id}:review`, reviewer.token);
    await Promise.all([authorReview, reviewerBody, reviewerReview].map(waitSynced));
    await waitFor(() => sectionText(reviewerBody.doc, 'forslagTillBeslut').includes('godkänner'), 'body to reach the reviewer');

    startThread(reviewerReview.doc, reviewerBody.doc, reviewer, 'Ska det stå "godkänner"?');
    typeInSection(reviewerBody.doc, 'forslagTillBeslut', ' ÄNDRAT AV GRANSKARE');
    await waitFor(() => readThreads(authorReview.doc).length === 1, 'the thread to reach the author');
    expect(readThreads(authorReview.doc)[0]).toMatchObject({
      authorName: 'Greta Granskare',
      resolved: false,
      comments: [{ body: 'Ska det stå "godkänner"?' }],
    });

    addReply(authorReview.doc, 't1', { id: 't1-c2', author: admin, body: 'Ja.', now: now() });
    setResolved(authorReview.doc, 't1', true, admin, now());
    await waitFor(() => readThreads(reviewerReview.doc)[0]?.resolved === true, 'the resolution to reach the reviewer');
    expect(sectionText(authorBody.doc, 'forslagTillBeslut')).not.toContain('ÄNDRAT AV GRANSKARE');
  });

  it('keeps comments across a server restart', async () => {
    const { server, id, reviewer, authorBody } = await setup();
    const reviewerReview = connect(server, `${id}:review`, reviewer.token);
    await waitSynced(reviewerReview);
    startThread(reviewerReview.doc, authorBody.doc, reviewer, 'Kommentar som ska överleva');
    await new Promise((resolve) => setTimeout(resolve, 200));
    clients.splice(0).forEach((client) => client.destroy());
    await server.close();
    servers.splice(0);

    const again = await startTestServer({ dataDir: server.dataDir });
    servers.push(again);
    const review = connect(again, `${id}:review`, again.adminToken);
    await waitSynced(review);
    expect(readThreads(review.doc).map((thread) => thread.comments[0]!.body)).toEqual(['Kommentar som ska överleva']);
  });

  it("refuses a comment written in somebody else's name, and edits of others' comments", async () => {
    const { server, id, reviewer, authorBody, admin } = await setup();
    const adminReview = connect(server, `${id}:review`, server.adminToken);
    const reviewerReview = connect(server, `${id}:review`, reviewer.token);
    await Promise.all([adminReview, reviewerReview].map(waitSynced));
    startThread(adminReview.doc, authorBody.doc, admin, 'Admins kommentar', 'own');
    startThread(reviewerReview.doc, authorBody.doc, { id: 'forged', name: 'Britt-Marie Pettersson' }, 'förfalskad', 'forged');
    const secondTry = connect(server, `${id}:review`, reviewer.token);
    await waitSynced(secondTry);
    await waitFor(() => readThreads(secondTry.doc).some((thread) => thread.id === 'own'), 'the admin thread');
    editComment(secondTry.doc, 'own', 'own-c1', 'ändrad av granskaren', now());
    // Each refusal closes that connection; an honest client that reloads can go on.
    const honest = connect(server, `${id}:review`, reviewer.token);
    await waitSynced(honest);
    startThread(honest.doc, authorBody.doc, reviewer, 'i eget namn', 'honest');
    await waitFor(() => readThreads(adminReview.doc).some((thread) => thread.id === 'honest'), 'the honest thread');
    const threads = readThreads(adminReview.doc);
    expect(threads.map((thread) => thread.id).sort()).toEqual(['honest', 'own']);
    expect(threads.find((thread) => thread.id === 'own')!.comments[0]!.body).toBe('Admins kommentar');
  });

  it('refuses comments from a reader', async () => {
    const { server, id, reader, authorBody, admin } = await setup();
    const readerReview = connect(server, `${id}:review`, reader.token);
    const adminReview = connect(server, `${id}:review`, server.adminToken);
    await Promise.all([readerReview, adminReview].map(waitSynced));
    startThread(readerReview.doc, authorBody.doc, reader, 'läsaren kommenterar', 'r');
    startThread(adminReview.doc, authorBody.doc, admin, 'markör', 'm');
    const check = connect(server, `${id}:review`, server.adminToken);
    await waitFor(() => readThreads(check.doc).some((thread) => thread.id === 'm'), 'the marker thread');
    expect(readThreads(check.doc).map((thread) => thread.id)).toEqual(['m']);
  });
});
