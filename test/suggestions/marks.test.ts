/**
 * Issue 15, step one: the suggestion marks are part of the content schema, and the server's body
 * schema checks their attributes (id format, author, ISO time), not only their names.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { analyseUpdate } from '../../server/sync/guards/updateAnalysis';
import { SUGGESTION_MARK_NAMES, isSuggestionAttrs } from '../../shared/model/schema';
import { formatChangeAttrs, newSuggestionId, suggestionAttrs } from '../../shared/suggestions/marks';

const author = { userId: 'user-1', userName: 'Anna Andersson' };

/** A server-side doc with one section and one paragraph, and a client replica synced with it. */
function docs() {
  const server = new Y.Doc();
  const section = new Y.XmlElement('section');
  section.setAttribute('sectionKey', 'arendet');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Nämnden beslutar')]);
  section.insert(0, [paragraph]);
  server.getXmlFragment('body').insert(0, [section]);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const text = ((client.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { server, client, text };
}

function problemOf(change: (text: Y.XmlText) => void) {
  const { server, client, text } = docs();
  const before = Y.encodeStateVector(client);
  change(text);
  return analyseUpdate(server, Y.encodeStateAsUpdate(client, before)).schemaProblem;
}

describe('suggestion marks in the content schema', () => {
  it('names insertion, deletion and formatChange', () => {
    expect([...SUGGESTION_MARK_NAMES]).toEqual(['insertion', 'deletion', 'formatChange']);
  });

  it('makes ids that fit the pattern and differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newSuggestionId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isSuggestionAttrs('insertion', { ...suggestionAttrs(author), id })).toBe(true);
  });

  it.each([
    ['an insertion', (text: Y.XmlText) => text.insert(4, 'ny ', { insertion: suggestionAttrs(author) })],
    ['a deletion', (text: Y.XmlText) => text.format(0, 7, { deletion: suggestionAttrs(author) })],
    ['a deletion without a name', (text: Y.XmlText) => text.format(0, 7, { deletion: suggestionAttrs({ userId: 'u2' }) })],
    [
      'a formatting suggestion',
      (text: Y.XmlText) => text.format(0, 7, { formatChange: formatChangeAttrs(author, { add: ['bold', 'italic'] }) }),
    ],
  ])('the server schema accepts %s', (_what, change) => {
    expect(problemOf(change)).toBeNull();
  });

  const valid = suggestionAttrs(author);
  it.each([
    ['an id with a space', { ...valid, id: 'not an id!' }],
    ['a short id', { ...valid, id: 'abc' }],
    ['no user', { ...valid, userId: '' }],
    ['a user id with a control character', { ...valid, userId: 'a\u0007' }],
    ['a time that is not ISO', { ...valid, createdAt: 'igår' }],
    ['a local time', { ...valid, createdAt: '2026-01-01T10:00:00+01:00' }],
    ['an extra attribute', { ...valid, color: 'red' }],
    ['no id', { userId: 'u', createdAt: valid.createdAt }],
    ['a string', 'insertion'],
  ])('the server schema refuses an insertion mark with %s', (_what, value) => {
    expect(problemOf((text) => text.insert(0, 'x', { insertion: value }))).not.toBeNull();
  });

  it.each([
    ['nothing to add or remove', { ...formatChangeAttrs(author, { add: ['bold'] }), add: '' }],
    ['an unknown mark', { ...formatChangeAttrs(author, { add: ['bold'] }), add: 'link' }],
    ['a suggestion mark', { ...formatChangeAttrs(author, { add: ['bold'] }), add: 'insertion' }],
    ['one mark both added and removed', formatChangeAttrs(author, { add: ['bold'], remove: ['bold'] })],
  ])('the server schema refuses a formatChange with %s', (_what, value) => {
    expect(problemOf((text) => text.format(0, 3, { formatChange: value }))).not.toBeNull();
  });

  it('accepts a suggestion mark under the hashed name y-prosemirror gives a mark that does not exclude itself, and checks it the same', () => {
    expect(problemOf((text) => text.insert(0, 'x', { 'insertion--ab+/cd=1': suggestionAttrs(author) }))).toBeNull();
    expect(problemOf((text) => text.insert(0, 'x', { 'insertion--abcdefgh': { ...suggestionAttrs(author), id: '!' } }))).not.toBeNull();
    expect(problemOf((text) => text.insert(0, 'x', { 'insertion--abc': suggestionAttrs(author) }))).not.toBeNull();
    expect(problemOf((text) => text.insert(0, 'x', { 'insertion--abcdefgh--abcdefgh': suggestionAttrs(author) }))).not.toBeNull();
  });
});
