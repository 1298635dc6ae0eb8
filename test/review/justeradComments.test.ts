/**
 * After justering nothing in the document may change, its comments included (issue 16): the
 * server refuses a new comment thread over the socket, from a stock y-websocket client, and no
 * other client ever receives it.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { anchorFor, createThread, readThreads } from '../../shared/review/reviewDoc';
import { connectClient, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, useServersAndClients, wsUrl, type TestServer } from '../helpers/server';

function comment(review: Y.Doc, body: Y.Doc, author: Person, threadId: string, text: string): void {
  const section = sectionElements(body)[0]!;
  const words = (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  createThread(review, {
    id: threadId,
    commentId: `${threadId}-c1`,
    sectionKey: sectionKeyOf(section)!,
    quote: words.toString().slice(0, 5),
    anchor: anchorFor(words, 0, words, Math.min(5, words.length)),
    author: { id: author.id, name: author.name },
    body: text,
    now: new Date().toISOString(),
  });
}

describe('comments on a justerad document', () => {
  const { start } = useServersAndClients();
  const clients: TestClient[] = [];
  const connect = (server: TestServer, room: string, token: string) => {
    const client = connectClient(wsUrl(server), room, { token });
    clients.push(client);
    return client;
  };

  it('are refused by the server over the socket, while the same comment before justering is kept', async () => {
    const server = await start();
    try {
      const response = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
        body: readSeed('yttrande-asn-2023-13451'),
      });
      const id = ((await response.json()) as { id: string }).id;
      const reviewer = await createPerson(server, 'Greta Granskare');
      await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reviewer.id, role: 'commenter' }]);
      const body = connect(server, id, reviewer.token);
      const adminReview = connect(server, `${id}:review`, server.adminToken);
      const before = connect(server, `${id}:review`, reviewer.token);
      await Promise.all([body, adminReview, before].map(waitSynced));

      comment(before.doc, body.doc, reviewer, 'fore', 'Före justering.');
      await waitFor(() => readThreads(adminReview.doc).some((thread) => thread.id === 'fore'), 'the comment before justering');

      for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
        expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status })).status, status).toBe(200);
      }
      const late = connect(server, `${id}:review`, reviewer.token);
      await waitSynced(late);
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        late.provider.on('connection-close', (event) => resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' })),
      );
      comment(late.doc, body.doc, reviewer, 'efter', 'Efter justering.');
      const refusal = await closed;
      expect(refusal.code).toBe(4403);
      expect(refusal.reason).toMatch(/justerat/);

      // A marker from the administrator's own connection after it: the refused thread never arrived.
      const check = connect(server, `${id}:review`, server.adminToken);
      await waitSynced(check);
      expect(readThreads(check.doc).map((thread) => thread.id)).toEqual(['fore']);
      expect(readThreads(adminReview.doc).map((thread) => thread.id)).toEqual(['fore']);
    } finally {
      clients.splice(0).forEach((client) => client.destroy());
    }
  });
});
