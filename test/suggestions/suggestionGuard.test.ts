/**
 * Issue 15: the suggestion guard on its own (server/sync/guards/suggestionGuard.ts), for what the
 * socket tests do not reach: a justerad document, hashed mark keys, a suggestion typed inside
 * someone else's, and a suggestion dated in the future.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkSuggestionUpdate } from '../../server/sync/guards/suggestionGuard';
import { suggestionAttrs } from '../../shared/suggestions/marks';

const sara = { userId: 'user-sara', name: 'Sara Förslag' };
const olle = { userId: 'user-olle', name: 'Olle Förslag' };

function setup(status = 'utkast') {
  const server = new Y.Doc();
  server.getMap('meta').set('status', status);
  const section = new Y.XmlElement('section');
  section.setAttribute('sectionKey', 'arendet');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Nämnden beslutar att bifalla.')]);
  section.insert(0, [paragraph]);
  server.getXmlFragment('body').insert(0, [section]);
  return server;
}

const textOf = (doc: Y.Doc) => ((doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** The update `change` makes on a replica of `server`, judged as coming from `author`. */
function judge(server: Y.Doc, author: typeof sara, change: (text: Y.XmlText) => void, now = Date.now()) {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  change(textOf(client));
  const update = Y.encodeStateAsUpdate(client, before);
  const verdict = checkSuggestionUpdate(server, update, author, now);
  if (verdict.accepted) Y.applyUpdate(server, update);
  return verdict;
}

describe('the suggestion guard', () => {
  it('refuses even a correct suggestion in a justerad document', () => {
    const verdict = judge(setup('justerad'), sara, (text) => text.insert(0, 'Ja. ', { insertion: suggestionAttrs(sara) }));
    expect(verdict).toMatchObject({ accepted: false, code: 'document_locked' });
  });

  it('takes marks under hashed keys, one per suggestion, and overlapping deletions by two people', () => {
    const server = setup();
    expect(judge(server, sara, (text) => text.format(0, 16, { 'deletion--abcd1234': suggestionAttrs(sara) })).accepted).toBe(true);
    expect(judge(server, olle, (text) => text.format(8, 12, { 'deletion--wxyz9876': suggestionAttrs(olle) })).accepted).toBe(true);
    expect(judge(server, olle, (text) => text.format(0, 4, { 'deletion--abcd1234': null })).accepted).toBe(false);
  });

  it("takes an own insertion typed inside someone else's, and refuses adding one's insertion mark to their text", () => {
    const server = setup();
    expect(judge(server, olle, (text) => text.insert(8, 'enhälligt ', { insertion: suggestionAttrs(olle) })).accepted).toBe(true);
    expect(judge(server, sara, (text) => text.insert(12, 'XX', { insertion: suggestionAttrs(sara) })).accepted).toBe(true);
    const forged = judge(server, sara, (text) => text.format(8, 4, { insertion: suggestionAttrs(sara) }));
    expect(forged).toMatchObject({ accepted: false, code: 'suggestion_refused' });
  });

  it('refuses a new suggestion dated in the future, and takes one a minute old', () => {
    const server = setup();
    const now = Date.parse('2026-12-03T12:00:00.000Z');
    const at = (iso: string) => suggestionAttrs(sara, undefined, new Date(iso));
    expect(judge(server, sara, (text) => text.insert(0, 'a', { insertion: at('2026-12-03T12:10:00.000Z') }), now).accepted).toBe(false);
    expect(judge(server, sara, (text) => text.insert(0, 'a', { insertion: at('2026-12-03T11:59:00.000Z') }), now).accepted).toBe(true);
  });
});
