/**
 * Issue 11, findings 5 and 16: the review doc has a schema the server enforces before applying
 * (threads and comments with exactly reviewDoc.ts' keys and value types), authorship and the
 * resolver are the signed-in user, dates are the server's clock, and a justerad document's
 * comments are closed. Real server, stock y-websocket clients.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFor, createThread, readThreads, setResolved, threadsMap } from '../../shared/review/reviewDoc';
import { sectionElements } from '../../shared/doc/documentState';
import { typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';
import { readSeed } from '../helpers/seeds';

const now = () => new Date().toISOString();

function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

describe('when a commenter writes into the review doc what reviewDoc.ts never writes', () => {
  const { start, connect } = useServersAndClients();

  async function setup(options: { justerad?: boolean } = {}) {
    const server = await start();
    const id = options.justerad ? await importComplete(server) : await createDocument(server);
    const reviewer = await createPerson(server, 'Greta Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reviewer.id, role: 'commenter' }]);
    const body = connect(server, id);
    await waitSynced(body);
    if (!options.justerad) typeInSection(body.doc, 'forslagTillBeslut', 'Nämnden godkänner förslaget.');
    const paragraph = sectionElements(body.doc)[1]!.get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const anchor = anchorFor(text, 0, text, Math.min(3, text.length));
    const review = (token: string) => connect(server, `${id}:review`, token);
    return { server, id, reviewer, anchor, review };
  }

  async function importComplete(server: TestServer): Promise<string> {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    return ((await response.json()) as { id: string }).id;
  }

  const thread = (review: Y.Doc, anchor: ReturnType<typeof anchorFor>, author: { id: string; name: string }, id: string, at = now()) =>
    createThread(review, {
      id,
      commentId: `${id}-c1`,
      sectionKey: 'forslagTillBeslut',
      quote: 'Näm',
      anchor,
      author,
      body: `kommentar ${id}`,
      now: at,
    });

  /** Makes `change` on a fresh connection of `person`; returns the codes it was closed with. */
  async function attempt(review: (token: string) => TestClient, person: Person, change: (doc: Y.Doc) => void): Promise<number[]> {
    const client = review(person.token);
    await waitSynced(client);
    const codes = closeCodes(client);
    change(client.doc);
    await waitFor(() => codes.length > 0, 'the server to close the socket');
    client.provider.disconnect();
    return codes;
  }

  /** After an honest marker thread arrives, what a newcomer reads. */
  async function threadsSeenAfterMarker(review: (token: string) => TestClient, person: Person, anchor: ReturnType<typeof anchorFor>) {
    const honest = review(person.token);
    await waitSynced(honest);
    thread(honest.doc, anchor, person, 'marker');
    const newcomer = review(person.token);
    await waitFor(() => newcomer.provider.synced && readThreads(newcomer.doc).some((entry) => entry.id === 'marker'), 'the marker thread');
    return { threads: readThreads(newcomer.doc), raw: threadsMap(newcomer.doc) };
  }

  it('refuses a Y.Text where a thread belongs, and every panel keeps showing the threads', async () => {
    const { reviewer, anchor, review } = await setup();
    const codes = await attempt(review, reviewer, (doc) => doc.getMap('threads').set('evil', new Y.Text('x')));
    expect(codes[0]).toBe(4403);
    const { threads, raw } = await threadsSeenAfterMarker(review, reviewer, anchor);
    expect(raw.has('evil')).toBe(false);
    expect(threads.map((entry) => entry.id)).toEqual(['marker']);
  });

  it("refuses a thread resolved in somebody else's name, and accepts one resolved in one's own", async () => {
    const { reviewer, anchor, review } = await setup();
    const honest = review(reviewer.token);
    await waitSynced(honest);
    thread(honest.doc, anchor, reviewer, 't1');
    const codes = await attempt(review, reviewer, (doc) => {
      doc.getMap('threads');
      setResolved(doc, 't1', true, { id: 'x', name: 'Ordföranden' }, now());
    });
    expect(codes[0]).toBe(4403);
    setResolved(honest.doc, 't1', true, reviewer, now());
    const { threads } = await threadsSeenAfterMarker(review, reviewer, anchor);
    expect(threads.find((entry) => entry.id === 't1')).toMatchObject({ resolved: true, resolvedBy: 'Greta Granskare' });
  });

  it('refuses a backdated comment and a thread without an author', async () => {
    const { reviewer, anchor, review } = await setup();
    expect((await attempt(review, reviewer, (doc) => thread(doc, anchor, reviewer, 'old', '2001-01-01T00:00:00.000Z')))[0]).toBe(4403);
    expect(
      (
        await attempt(review, reviewer, (doc) => {
          const anonymous = new Y.Map<unknown>();
          anonymous.set('id', 'anon');
          anonymous.set('anchor', anchor);
          doc.getMap('threads').set('anon', anonymous);
        })
      )[0],
    ).toBe(4403);
    const { threads } = await threadsSeenAfterMarker(review, reviewer, anchor);
    expect(threads.map((entry) => entry.id)).toEqual(['marker']);
  });

  it('refuses a value of the wrong type under a known key', async () => {
    const { reviewer, anchor, review } = await setup();
    const codes = await attempt(review, reviewer, (doc) =>
      doc.transact(() => {
        thread(doc, anchor, reviewer, 'typed');
        (doc.getMap('threads').get('typed') as Y.Map<unknown>).set('resolved', 'ja');
      }),
    );
    expect(codes[0]).toBe(4403);
  });

  it('closes the comments of a justerad document: no new thread, no resolving', async () => {
    const { server, id, reviewer, anchor, review } = await setup({ justerad: true });
    const admin = (await api<{ user: { id: string; name: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user;
    const adminReview = review(server.adminToken);
    await waitSynced(adminReview);
    thread(adminReview.doc, anchor, admin, 'before');
    const watcher = review(server.adminToken);
    await waitFor(() => watcher.provider.synced && readThreads(watcher.doc).length === 1, 'the thread written before justering');
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status })).status, status).toBe(200);
    }
    expect((await attempt(review, reviewer, (doc) => thread(doc, anchor, reviewer, 'after')))[0]).toBe(4403);
    expect((await attempt(review, reviewer, (doc) => setResolved(doc, 'before', true, reviewer, now())))[0]).toBe(4403);
    const newcomer = review(server.adminToken);
    await waitSynced(newcomer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readThreads(newcomer.doc)).toMatchObject([{ id: 'before', resolved: false }]);
  });
});
