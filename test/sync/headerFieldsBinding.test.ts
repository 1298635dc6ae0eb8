import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { transformIndex } from '../../client/editor/textBinding';
import { typistFor } from './headerFieldsTyping';

/** Two replicas of one Y.Text, each with a person typing in a bound field; `sync` exchanges what is new. */
function twoFields(initial: string) {
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  docs[0].getText('t').insert(0, initial);
  Y.applyUpdate(docs[1], Y.encodeStateAsUpdate(docs[0]));
  const sync = () => {
    const [a, b] = docs;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
  };
  return { docs, sync, typists: [typistFor(docs[0].getText('t'), { a: 1 }), typistFor(docs[1].getText('t'), { b: 1 })] as const };
}

describe('the input binding', () => {
  it('moves the caret through a remote change, staying before an insertion exactly at it', () => {
    const delta = [{ retain: 3 }, { insert: 'xy' }, { retain: 2 }, { delete: 1 }];
    expect(transformIndex(2, delta, true)).toBe(2);
    expect(transformIndex(3, delta, true)).toBe(3);
    expect(transformIndex(3, delta, false)).toBe(5);
    expect(transformIndex(5, delta, true)).toBe(7);
    expect(transformIndex(6, delta, true)).toBe(7);
    expect(transformIndex(7, delta, true)).toBe(8);
  });

  it('keeps a composition (IME) untouched while others type, and merges it where it was made when it ends', () => {
    const { docs, sync, typists } = twoFields('Samverkan med polisen');
    const [anna, bo] = typists;
    anna.moveCaret('Samverkan '.length);
    anna.compose('och ');
    bo.type(' i Malmö');
    bo.moveCaret(0);
    bo.type('Om ');
    sync();
    // During the composition Anna's field is not rewritten under the input method.
    expect(anna.input.value).toBe('Samverkan och med polisen');
    anna.endComposition();
    sync();
    const expected = 'Om Samverkan och med polisen i Malmö';
    expect(docs[0].getText('t').toString()).toBe(expected);
    expect(docs[1].getText('t').toString()).toBe(expected);
    expect(anna.input.value).toBe(expected);
    expect(anna.caret()).toBe('Om Samverkan och '.length);
  });

  it('shows a remote change in a field nobody has typed in since', () => {
    const { docs, sync, typists } = twoFields('Samverkan');
    docs[1].getText('t').insert(0, 'Om ');
    sync();
    expect(typists[0].input.value).toBe('Om Samverkan');
  });

  it('goes to the Yjs undo manager for this person’s own typing only', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'Samverkan');
    const origin = { person: 'anna' };
    const undoManager = new Y.UndoManager(text, { trackedOrigins: new Set([origin]) });
    const anna = typistFor(text, origin);
    anna.type(' med polisen');
    doc.transact(() => text.insert(0, 'Om '), 'someone else');
    undoManager.undo();
    expect(text.toString()).toBe('Om Samverkan');
    expect(anna.input.value).toBe('Om Samverkan');
    undoManager.redo();
    expect(anna.input.value).toBe('Om Samverkan med polisen');
  });
});
