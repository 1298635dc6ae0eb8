/**
 * Issue 15: the server enforces the role suggester on every frame. Real server, stock y-websocket
 * clients; the suggester's change is made in the client's own replica and sent by its provider,
 * as a modified client would send it. A refused change closes the suggester's socket (4409) and
 * leaves the server's document as it was; a correctly marked suggestion reaches the others.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { accept, listSuggestions, reject } from '../../shared/suggestions/resolve';
import { sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const SECTION = 'arendet';
const ORIGINAL = 'Nämnden föreslås bifalla ansökan.';

function textOf(doc: Y.Doc, sectionKey = SECTION): Y.XmlText {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === sectionKey)!;
  return (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Close codes a client's sockets were closed with. */
function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** The text with its marks, as the delta of the paragraph's Y.XmlText. */
const deltaOf = (doc: Y.Doc) => JSON.stringify(textOf(doc).toDelta());

describe('a suggester writes in the body only as suggestions of their own', () => {
  const { start, connect } = useServersAndClients();

  async function setup(): Promise<{ server: TestServer; id: string; editor: TestClient; suggester: Person; other: Person }> {
    const server = await start();
    const id = await createDocument(server);
    const suggester = await createPerson(server, 'Sara Förslag');
    const other = await createPerson(server, 'Olle Annan');
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: suggester.id, role: 'suggester' },
      { principalType: 'user', principalId: other.id, role: 'suggester' },
    ]);
    const editor = connect(server, id);
    await waitSynced(editor);
    typeInSection(editor.doc, SECTION, ORIGINAL);
    return { server, id, editor, suggester, other };
  }

  const serverBody = (server: TestServer, id: string) =>
    JSON.stringify(server.registry.get(`doc:${id}`)!.doc.getXmlFragment('body').toJSON());

  /** Connects `person`, waits until they see `expected` in the section, and makes `change`. */
  async function connectAs(server: TestServer, id: string, person: Person, expected: string): Promise<TestClient> {
    const client = connect(server, id, person.token);
    await waitSynced(client);
    await waitFor(() => sectionText(client.doc, SECTION).includes(expected), 'the suggester to see the text');
    return client;
  }

  /**
   * Makes `change` as the suggester; expects the socket closed with 4409, the server's body as it
   * was, and nothing of it at the editor. An honest edit after it shows the room went on.
   */
  async function expectRefused(context: Awaited<ReturnType<typeof setup>>, change: (text: Y.XmlText, doc: Y.Doc) => void, seen = ORIGINAL) {
    const { server, id, editor, suggester } = context;
    const client = await connectAs(server, id, suggester, seen);
    const before = serverBody(server, id);
    const editorBefore = deltaOf(editor.doc);
    const codes = closeCodes(client);
    change(textOf(client.doc), client.doc);
    await waitFor(() => codes.length > 0, 'the server to close the suggester socket');
    client.provider.disconnect();
    expect(codes[0]).toBe(4409);
    expect(serverBody(server, id)).toBe(before);
    typeInSection(editor.doc, 'sammanfattning', 'ärlig text');
    const fresh = connect(server, id);
    await waitFor(() => fresh.provider.synced && sectionText(fresh.doc, 'sammanfattning').includes('ärlig text'), 'the honest edit');
    expect(deltaOf(fresh.doc)).toBe(editorBefore);
    expect(deltaOf(editor.doc)).toBe(editorBefore);
  }

  it('refuses a plain insertion', async () => {
    await expectRefused(await setup(), (text) => text.insert(0, 'Vi anser att '));
  });

  it('refuses a plain deletion', async () => {
    await expectRefused(await setup(), (text) => text.delete(0, 8));
  });

  it('refuses plain formatting of existing text', async () => {
    await expectRefused(await setup(), (text) => text.format(0, 7, { bold: {} }));
  });

  it("refuses a suggestion in another user's name", async () => {
    const context = await setup();
    await expectRefused(context, (text) => text.insert(0, 'Falskt ', { insertion: suggestionAttrs({ userId: context.other.id }) }));
  });

  it("refuses a deletion mark in another user's name", async () => {
    const context = await setup();
    await expectRefused(context, (text) => text.format(0, 7, { deletion: suggestionAttrs({ userId: context.other.id }) }));
  });

  it('refuses an own suggestion that names its author otherwise than the server knows them', async () => {
    const context = await setup();
    await expectRefused(context, (text) =>
      text.insert(0, 'ny ', { insertion: suggestionAttrs({ userId: context.suggester.id, userName: 'Kommunchefen' }) }),
    );
  });

  it("refuses taking away someone else's deletion suggestion and deleting their suggested text", async () => {
    const context = await setup();
    const other = await connectAs(context.server, context.id, context.other, ORIGINAL);
    textOf(other.doc).format(0, 7, { deletion: suggestionAttrs({ userId: context.other.id, userName: context.other.name }) });
    textOf(other.doc).insert(ORIGINAL.length, ' Snarast.', { insertion: suggestionAttrs({ userId: context.other.id }) });
    await waitFor(() => deltaOf(context.editor.doc).includes('Snarast'), 'the other suggestion to reach the editor');
    await expectRefused(context, (text) => text.format(0, 7, { deletion: null }), 'Snarast');
    await expectRefused(context, (text) => text.delete(ORIGINAL.length, 4), 'Snarast');
    await expectRefused(
      context,
      (text) => text.format(0, 7, { deletion: suggestionAttrs({ userId: context.suggester.id, userName: context.suggester.name }) }),
      'Snarast',
    );
  });

  it('refuses a change of the title or a new paragraph', async () => {
    const context = await setup();
    await expectRefused(context, (_text, doc) => (doc.getMap('meta').get('title') as Y.Text).insert(0, 'Förslag: '));
    await expectRefused(context, (text) => {
      const section = text.parent!.parent as Y.XmlElement;
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('nytt stycke')]);
      section.insert(1, [paragraph]);
    });
  });

  it('accepts a marked insertion and a marked deletion, which reach the others, and taking back its own insertion', async () => {
    const { server, id, editor, suggester } = await setup();
    const client = await connectAs(server, id, suggester, ORIGINAL);
    const codes = closeCodes(client);
    const mine = { userId: suggester.id, userName: suggester.name };
    const text = textOf(client.doc);
    text.insert(ORIGINAL.length - 1, ' i sin helhet', { insertion: suggestionAttrs(mine) });
    text.format(0, 8, { deletion: suggestionAttrs(mine) });
    await waitFor(
      () => deltaOf(editor.doc).includes('i sin helhet') && deltaOf(editor.doc).includes('"deletion"'),
      'the suggestions at the editor',
    );
    const delta = textOf(editor.doc).toDelta() as Array<{ insert: string; attributes?: Record<string, { userId: string }> }>;
    expect(delta.find((part) => part.insert === ' i sin helhet')?.attributes?.insertion?.userId).toBe(suggester.id);
    expect(delta.find((part) => part.insert === 'Nämnden ')?.attributes?.deletion?.userId).toBe(suggester.id);
    expect(serverBody(server, id)).toContain('i sin helhet');

    // Taking back: deleting the own suggested text and lifting the own deletion mark.
    text.delete(ORIGINAL.length - 1, ' i sin helhet'.length);
    text.format(0, 8, { deletion: null });
    await waitFor(() => deltaOf(editor.doc) === JSON.stringify([{ insert: ORIGINAL }]), 'the suggestions taken back at the editor');
    expect(codes).toEqual([]);
  });

  it('lets the editor accept and reject over the socket, and the suggester sees the decisions', async () => {
    const { server, id, editor, suggester } = await setup();
    const client = await connectAs(server, id, suggester, ORIGINAL);
    const codes = closeCodes(client);
    const mine = { userId: suggester.id, userName: suggester.name };
    textOf(client.doc).insert(ORIGINAL.length - 1, ' i sin helhet', { insertion: suggestionAttrs(mine, 'insert-sara-01') });
    textOf(client.doc).format(0, 8, { deletion: suggestionAttrs(mine, 'delete-sara-01') });
    await waitFor(() => listSuggestions(editor.doc).length === 2, 'the suggestions at the editor');
    accept(editor.doc, 'insert-sara-01');
    reject(editor.doc, 'delete-sara-01');
    const expected = JSON.stringify([{ insert: 'Nämnden föreslås bifalla ansökan i sin helhet.' }]);
    await waitFor(() => deltaOf(client.doc) === expected, 'the decisions at the suggester');
    expect(JSON.stringify(textOf(server.registry.get(`doc:${id}`)!.doc).toDelta())).toBe(expected);
    expect(codes).toEqual([]);
  });

  it('gives a suggester the role in the access API and on the socket, between commenter and editor', async () => {
    const { server, id, suggester } = await setup();
    const details = await api<{ role: string }>(server, suggester.token, 'GET', `/api/documents/${id}`);
    expect(details.body.role).toBe('suggester');
    const access = await api<{ entries: Array<{ principalId: string; role: string }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/access`,
    );
    expect(access.body.entries.find((entry) => entry.principalId === suggester.id)?.role).toBe('suggester');
    // A suggester cannot change who may do what.
    const put = await api(server, suggester.token, 'PUT', `/api/documents/${id}/access`, { entries: [] });
    expect(put.status).toBe(403);
    const bogus = await api(server, server.adminToken, 'PUT', `/api/documents/${id}/access`, {
      entries: [{ principalType: 'user', principalId: suggester.id, role: 'granskare' }],
    });
    expect(bogus.status).toBe(400);
  });
});
