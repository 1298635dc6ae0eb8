/**
 * Issue 15: accepting and rejecting suggestions is written to the audit log: who decided, which
 * suggestion, whose it was. Real server, stock y-websocket clients: the reviewer suggests over
 * their socket, the editor accepts one and rejects another on their own replica (as the editor's
 * review panel does), and the server recognises the decisions in the frames it receives.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { accept, listSuggestions, reject } from '../../shared/suggestions/resolve';
import { typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const SECTION = 'arendet';
const ORIGINAL = 'Nämnden föreslås bifalla ansökan.';

interface AuditEntry {
  action: string;
  userId: string | null;
  detail: Record<string, unknown>;
}

function textOf(doc: Y.Doc): Y.XmlText {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === SECTION)!;
  return (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** The suggestion events of the document's audit log, once `count` are there. */
async function suggestionEvents(server: TestServer, id: string, count: number): Promise<AuditEntry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await api<{ events: AuditEntry[] }>(server, server.adminToken, 'GET', `/api/documents/${id}/audit`);
    // Decisions made within the same moment have no order of their own: sorted by what they were.
    const events = body.events
      .filter((event) => event.action.startsWith('suggestion_'))
      .sort((a, b) => a.action.localeCompare(b.action) || String(a.detail.kind).localeCompare(String(b.detail.kind)));
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('deciding on suggestions', () => {
  const { start, connect } = useServersAndClients();

  async function setup(): Promise<{ server: TestServer; id: string; editor: TestClient; sara: Person; reviewer: TestClient }> {
    const server = await start();
    const id = await createDocument(server);
    const sara = await createPerson(server, 'Sara Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: sara.id, role: 'suggester' }]);
    const editor = connect(server, id);
    await waitSynced(editor);
    typeInSection(editor.doc, SECTION, ORIGINAL);
    const reviewer = connect(server, id, sara.token);
    await waitSynced(reviewer);
    await waitFor(() => textOf(reviewer.doc).toString() === ORIGINAL, 'the reviewer to see the text');
    const mine = { userId: sara.id, userName: sara.name };
    textOf(reviewer.doc).insert(ORIGINAL.length - 1, ' i sin helhet', { insertion: suggestionAttrs(mine) });
    textOf(reviewer.doc).format(8, 9, { deletion: suggestionAttrs(mine) });
    await waitFor(() => listSuggestions(editor.doc).length === 2, 'the suggestions at the editor');
    return { server, id, editor, sara, reviewer };
  }

  it('records who accepted and who rejected which suggestion, and whose it was', async () => {
    const { server, id, editor, sara } = await setup();
    const [deletion, insertion] = listSuggestions(editor.doc);
    accept(editor.doc, insertion!.id);
    reject(editor.doc, deletion!.id);
    await waitFor(() => server.registry.get(`doc:${id}`)!.doc.getXmlFragment('body').toString().includes('i sin helhet'), 'the decisions');
    await waitFor(() => listSuggestions(server.registry.get(`doc:${id}`)!.doc).length === 0, 'the server to have no open suggestions');
    const events = await suggestionEvents(server, id, 2);
    const admin = (await api<{ user: { id: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user.id;
    expect(events.map(({ action, userId, detail }) => ({ action, userId, ...detail }))).toEqual([
      {
        action: 'suggestion_accepted',
        userId: admin,
        suggestionId: insertion!.id,
        kind: 'insertion',
        authorId: sara.id,
        authorName: 'Sara Granskare',
        text: ' i sin helhet',
        section: SECTION,
      },
      {
        action: 'suggestion_rejected',
        userId: admin,
        suggestionId: deletion!.id,
        kind: 'deletion',
        authorId: sara.id,
        authorName: 'Sara Granskare',
        text: 'föreslås ',
        section: SECTION,
      },
    ]);
  });

  it('records an accepted deletion and a rejected insertion, whose text both go', async () => {
    const { server, id, editor } = await setup();
    const [deletion, insertion] = listSuggestions(editor.doc);
    accept(editor.doc, deletion!.id);
    reject(editor.doc, insertion!.id);
    await waitFor(() => listSuggestions(server.registry.get(`doc:${id}`)!.doc).length === 0, 'the server to have no open suggestions');
    expect(textOf(editor.doc).toString()).toBe('Nämnden bifalla ansökan.');
    const events = await suggestionEvents(server, id, 2);
    expect(events.map((event) => [event.action, event.detail.kind])).toEqual([
      ['suggestion_accepted', 'deletion'],
      ['suggestion_rejected', 'insertion'],
    ]);
    expect(events.map((event) => event.detail.text)).toEqual(['föreslås ', ' i sin helhet']);
  });

  it('records a reviewer taking back their own suggestion as withdrawn, and plain typing not at all', async () => {
    const { server, id, editor, reviewer } = await setup();
    const insertion = listSuggestions(reviewer.doc).find((suggestion) => suggestion.mark === 'insertion')!;
    textOf(reviewer.doc).delete(ORIGINAL.length - 1, insertion.text.length);
    typeInSection(editor.doc, 'sammanfattning', 'Kort om ärendet.');
    await waitFor(() => listSuggestions(server.registry.get(`doc:${id}`)!.doc).length === 1, 'the insertion taken back');
    await waitFor(
      () => server.registry.get(`doc:${id}`)!.doc.getXmlFragment('body').toString().includes('Kort om ärendet.'),
      'the editor’s typing',
    );
    const events = await suggestionEvents(server, id, 1);
    expect(events.map((event) => [event.action, event.detail.kind, event.detail.suggestionId])).toEqual([
      ['suggestion_withdrawn', 'insertion', insertion.id],
    ]);
  });
});
