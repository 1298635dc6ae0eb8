/**
 * Issue 11, findings 6 and 20 and the class they belong to: every item an editor's update would
 * put into the body or meta is checked against the document's schema before it is applied. Real
 * server, stock y-websocket clients; the hostile change is made in the client's own replica and
 * sent by its provider, as a modified client would.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionElements } from '../../shared/doc/documentState';
import { sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const firstParagraph = (doc: Y.Doc) => sectionElements(doc)[0]!.get(0) as Y.XmlElement;
const firstText = (doc: Y.Doc) => firstParagraph(doc).get(0) as Y.XmlText;

/** Close codes a client's sockets were closed with. */
function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

describe('when an editor sends a change the document schema does not allow', () => {
  const { start, connect } = useServersAndClients();

  async function attempt(change: (doc: Y.Doc) => void) {
    const server = await start();
    const id = await createDocument(server);
    const hostile = connect(server, id);
    const watcher = connect(server, id);
    await Promise.all([waitSynced(hostile), waitSynced(watcher)]);
    const before = JSON.stringify(server.registry.get(`doc:${id}`)!.doc.getXmlFragment('body').toJSON());
    const codes = closeCodes(hostile);
    change(hostile.doc);
    await waitFor(() => codes.length > 0, 'the server to close the hostile socket');
    hostile.provider.disconnect();
    // An honest edit after it arrives, so the refused change had every chance to arrive first.
    typeInSection(watcher.doc, 'arendet', 'ärlig text');
    const fresh = connect(server, id);
    await waitFor(() => fresh.provider.synced && sectionText(fresh.doc, 'arendet').includes('ärlig text'), 'the honest edit');
    return { server, id, codes, before, fresh, watcher };
  }

  const bodyOf = (server: TestServer, id: string) => JSON.stringify(server.registry.get(`doc:${id}`)!.doc.getXmlFragment('body').toJSON());

  it('refuses a change that empties a section, so no browser ever has an empty section to "repair"', async () => {
    const { server, id, codes, fresh, watcher } = await attempt((doc) => {
      const section = sectionElements(doc)[0]!;
      section.delete(0, section.length);
    });
    expect(codes[0]).toBe(4409);
    expect(sectionElements(fresh.doc)[0]!.length).toBeGreaterThan(0);
    expect(sectionElements(watcher.doc)[0]!.length).toBeGreaterThan(0);
    expect(sectionElements(server.registry.get(`doc:${id}`)!.doc)[0]!.length).toBeGreaterThan(0);
  });

  it.each([
    ['a node the editor does not have', (doc: Y.Doc) => sectionElements(doc)[0]!.insert(0, [new Y.XmlElement('iframe')])],
    ['an attribute the editor never writes', (doc: Y.Doc) => firstParagraph(doc).setAttribute('style', 'display:none')],
    ['a mark the editor does not have', (doc: Y.Doc) => firstText(doc).insert(0, 'länk', { link: { href: 'javascript:alert(1)' } })],
    ['an embed in the text', (doc: Y.Doc) => firstText(doc).insertEmbed(0, { image: 'https://example.invalid/x.png' })],
    ['a control character', (doc: Y.Doc) => firstText(doc).insert(0, 'före\u0007efter')],
    ['a sub-document', (doc: Y.Doc) => doc.getMap('meta').set('title', new Y.Doc())],
    ['a root of its own', (doc: Y.Doc) => doc.getText('smuggel').insert(0, 'x')],
  ])('refuses %s, closes that socket with 4409 and leaves the document as it was', async (_what, change) => {
    const { server, id, codes, before, fresh } = await attempt(change);
    expect(codes[0]).toBe(4409);
    const after = JSON.parse(bodyOf(server, id)) as unknown;
    expect(JSON.stringify(after).replace('ärlig text', '')).toBe(before);
    expect(fresh.doc.share.has('smuggel') ? fresh.doc.getText('smuggel').toString() : '').toBe('');
    expect(JSON.stringify(fresh.doc.getXmlFragment('body').toJSON())).not.toMatch(/iframe|style=|javascript|example\.invalid|\u0007/);
  });

  it('still accepts what the editor writes: marks, a sub-heading, a list, and replacing a section whole', async () => {
    const server = await start();
    const id = await createDocument(server);
    const editor = connect(server, id);
    await waitSynced(editor);
    const codes = closeCodes(editor);
    editor.doc.transact(() => {
      firstText(editor.doc).insert(0, 'fet ', { bold: {} });
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 3 as unknown as string);
      heading.insert(0, [new Y.XmlText('Underrubrik')]);
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('punkt')]);
      item.insert(0, [paragraph]);
      list.insert(0, [item]);
      sectionElements(editor.doc)[1]!.insert(0, [heading, list]);
      const third = sectionElements(editor.doc)[2]!;
      third.delete(0, third.length);
      third.insert(0, [new Y.XmlElement('paragraph')]);
    });
    const fresh = connect(server, id);
    await waitFor(
      () =>
        fresh.provider.synced &&
        sectionText(fresh.doc, sectionElements(fresh.doc)[1]!.getAttribute('sectionKey') as string).includes('punkt'),
      'the edit to arrive',
    );
    expect(codes).toEqual([]);
    expect(sectionText(fresh.doc, sectionElements(fresh.doc)[0]!.getAttribute('sectionKey') as string)).toContain('fet');
  });
});
