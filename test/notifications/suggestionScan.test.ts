/**
 * A body room is looked at for new suggestions only after a change that can carry one: the walk
 * over the whole document is skipped for plain typing, which is nearly every stored change.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { mayCarrySuggestionMark } from '../../server/notifications/notificationService';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { SUGGESTION_MARK_NAMES } from '../../shared/model/schema';

/** The update a change to a paragraph's text makes, as the room stores it. */
function updateOf(change: (text: Y.XmlText) => void): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('body').insert(0, [paragraph]);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  text.insert(0, 'Nämnden föreslås besluta');
  const before = Y.encodeStateVector(doc);
  change(text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('which stored changes are looked at for new suggestions', () => {
  it('not plain typing, deleting or ordinary formatting', () => {
    expect(mayCarrySuggestionMark(updateOf((text) => text.insert(8, ' gärna')))).toBe(false);
    expect(mayCarrySuggestionMark(updateOf((text) => text.delete(0, 8)))).toBe(false);
    expect(mayCarrySuggestionMark(updateOf((text) => text.format(0, 8, { bold: {} })))).toBe(false);
  });

  it('every change that marks text with a suggestion mark, inserted or applied to existing text', () => {
    const attrs = suggestionAttrs({ userId: 'u1', userName: 'Sara Förslag' });
    for (const name of SUGGESTION_MARK_NAMES) {
      expect(mayCarrySuggestionMark(updateOf((text) => text.insert(0, 'Enhälligt: ', { [name]: attrs }))), name).toBe(true);
      expect(mayCarrySuggestionMark(updateOf((text) => text.format(0, 8, { [name]: attrs }))), name).toBe(true);
      // Marks that may overlap are stored under "<name>--<hash>" by the ProseMirror binding.
      expect(mayCarrySuggestionMark(updateOf((text) => text.format(0, 8, { [`${name}--a1b2`]: attrs }))), name).toBe(true);
    }
  });
});
