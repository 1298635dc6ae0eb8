import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MAX_AWARENESS_STATE_BYTES,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  filterAwarenessUpdate,
  readAwarenessState,
} from '../../shared/protocol/awareness';

/** A caret as y-prosemirror publishes it: two relative positions as JSON. */
function realCursor() {
  const doc = new Y.Doc();
  doc.getXmlFragment('body').insert(0, [new Y.XmlText('hej')]);
  const node = doc.getXmlFragment('body').get(0) as Y.XmlText;
  return {
    anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(node, 1)),
    head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(node, 3)),
  };
}

describe('the awareness schema', () => {
  it('keeps the known keys of a valid state and drops unknown ones', () => {
    expect(
      readAwarenessState({
        user: { name: 'Eva', color: '#123456', id: 'u1', party: null },
        section: 'arendet',
        field: null,
        cursor: null,
        extra: 1,
      }),
    ).toEqual({
      user: { name: 'Eva', color: '#123456', id: 'u1', party: null },
      section: 'arendet',
      field: null,
      cursor: null,
    });
  });

  it.each([
    ['a section that is an object', { section: { evil: 1 } }],
    ['a caret whose anchor is null', { cursor: { anchor: null, head: null } }],
    ['a user without a name', { user: { color: '#123456' } }],
    ['a user name that is an object', { user: { name: { first: 'x' } } }],
    ['a colour that is not a colour', { user: { name: 'x', color: 'red;background:url(x)' } }],
    ['a field that is a list', { field: ['datum'] }],
    ['a state that is not an object', 5],
    ['a state larger than the limit', { section: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) }],
  ])('refuses %s', (_what, state) => {
    expect(readAwarenessState(state)).toBeNull();
  });

  it("refuses a caret that is not made of relative positions, and accepts y-prosemirror's", () => {
    expect(readAwarenessState({ cursor: { anchor: 'x', head: 'y' } })).toBeNull();
    expect(readAwarenessState({ cursor: JSON.parse(JSON.stringify(realCursor())) })).not.toBeNull();
    // y-prosemirror puts the Y.RelativePosition objects themselves into awareness: null fields.
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hej');
    const position = Y.createRelativePositionFromTypeIndex(text, 1);
    expect(readAwarenessState({ cursor: JSON.parse(JSON.stringify({ anchor: position, head: position })) })).not.toBeNull();
  });

  it('filters the states a client applies: bad ones go, good ones and removals stay', () => {
    const update = encodeAwarenessEntries([
      { client: 1, clock: 1, json: JSON.stringify({ section: 'arendet' }) },
      { client: 2, clock: 1, json: JSON.stringify({ section: { evil: 1 } }) },
      { client: 3, clock: 4, json: 'null' },
      { client: 4, clock: 1, json: '{not json' },
    ]);
    expect(decodeAwarenessEntries(filterAwarenessUpdate(update)!).map((entry) => entry.client)).toEqual([1, 3]);
    expect(filterAwarenessUpdate(encodeAwarenessEntries([{ client: 2, clock: 1, json: '[]' }]))).toBeNull();
  });
});
