/**
 * Issue 15: accepting and rejecting single suggestions on the Y.Doc (shared/suggestions/resolve.ts),
 * by id, by person and by section, including a formatting suggestion, as one undoable step.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatChangeAttrs, suggestionAttrs } from '../../shared/suggestions/marks';
import { accept, listSuggestions, reject, resolveByUser, resolveInSection, rejectAll } from '../../shared/suggestions/resolve';

const sara = { userId: 'user-sara', userName: 'Sara Förslag' };
const olle = { userId: 'user-olle', userName: 'Olle Förslag' };

function section(doc: Y.Doc, key: string, text: string): Y.XmlText {
  const element = new Y.XmlElement('section');
  element.setAttribute('sectionKey', key);
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText(text);
  paragraph.insert(0, [content]);
  element.insert(0, [paragraph]);
  doc.getXmlFragment('body').push([element]);
  return content;
}

const plain = (text: Y.XmlText) => (text.toDelta() as Array<{ insert: string }>).map((op) => op.insert).join('');

/** Two sections: Sara proposes an insertion and a bold word in the first, Olle a deletion in both. */
function example() {
  const doc = new Y.Doc();
  const first = section(doc, 'sammanfattning', 'Nämnden beslutar att bifalla.');
  const second = section(doc, 'arendet', 'Ansökan kom in i maj.');
  first.insert(21, 'delvis ', { insertion: suggestionAttrs(sara, 'insert-sara-1') });
  first.format(0, 7, { formatChange: formatChangeAttrs(sara, { add: ['bold'] }, 'format-sara-1') });
  first.format(8, 9, { deletion: suggestionAttrs(olle, 'delete-olle-1') });
  second.format(15, 5, { deletion: suggestionAttrs(olle, 'delete-olle-2') });
  return { doc, first, second };
}

describe('resolving single suggestions', () => {
  it('lists the open suggestions in document order with author, section and text', () => {
    const { doc } = example();
    expect(listSuggestions(doc).map((s) => [s.id, s.mark, s.userId, s.sectionKey, s.text])).toEqual([
      ['format-sara-1', 'formatChange', 'user-sara', 'sammanfattning', 'Nämnden'],
      ['delete-olle-1', 'deletion', 'user-olle', 'sammanfattning', 'beslutar '],
      ['insert-sara-1', 'insertion', 'user-sara', 'sammanfattning', 'delvis '],
      ['delete-olle-2', 'deletion', 'user-olle', 'arendet', 'i maj'],
    ]);
    expect(listSuggestions(doc)[0]!.add).toEqual(['bold']);
  });

  it('accepts an insertion (the text stays, unmarked) and rejects a deletion (the text stays) and leaves the rest', () => {
    const { doc, first } = example();
    expect(accept(doc, 'insert-sara-1')).toBe(1);
    expect(reject(doc, 'delete-olle-1')).toBe(1);
    expect(plain(first)).toBe('Nämnden beslutar att delvis bifalla.');
    expect(listSuggestions(doc).map((s) => s.id)).toEqual(['format-sara-1', 'delete-olle-2']);
  });

  it('accepts a formatting suggestion by applying it, and a deletion by deleting', () => {
    const { doc, first } = example();
    accept(doc, 'format-sara-1');
    accept(doc, 'delete-olle-1');
    expect(first.toDelta()[0]).toEqual({ insert: 'Nämnden', attributes: { bold: {} } });
    expect(plain(first)).toBe('Nämnden att delvis bifalla.');
  });

  it('resolves everything of one person, or everything in one section', () => {
    const byUser = example();
    expect(resolveByUser(byUser.doc, 'accept', 'user-olle')).toBe(2);
    expect(plain(byUser.first)).toBe('Nämnden att delvis bifalla.');
    expect(plain(byUser.second)).toBe('Ansökan kom in .');
    expect(listSuggestions(byUser.doc).every((s) => s.userId === 'user-sara')).toBe(true);

    const bySection = example();
    expect(resolveInSection(bySection.doc, 'reject', 'sammanfattning')).toBe(3);
    expect(plain(bySection.first)).toBe('Nämnden beslutar att bifalla.');
    expect(listSuggestions(bySection.doc).map((s) => s.id)).toEqual(['delete-olle-2']);
  });

  it('is one step for an undo manager, and what others type beside a suggestion stays', () => {
    const { doc, first } = example();
    const undo = new Y.UndoManager(doc.getXmlFragment('body'), { trackedOrigins: new Set(['review']) });
    first.insert(first.length, ' Beslutet gäller direkt.');
    const before = JSON.stringify(doc.getXmlFragment('body').toJSON());
    rejectAll(doc, 'review');
    expect(plain(first)).toBe('Nämnden beslutar att bifalla. Beslutet gäller direkt.');
    undo.undo();
    expect(JSON.stringify(doc.getXmlFragment('body').toJSON())).toBe(before);
  });
});
