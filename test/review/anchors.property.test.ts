/**
 * Comment anchors are Yjs relative positions: whatever two people type and delete at the same
 * time, an anchor keeps covering the same words, except the ones that were deleted.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { anchorFor, resolveAnchor } from '../../shared/review/reviewDoc';

const WORD_COUNT = 24;
const words = Array.from({ length: WORD_COUNT }, (_, index) => `W${String(index).padStart(2, '0')}`);

type Op = { kind: 'insert'; beforeWord: number; text: string } | { kind: 'deleteWord'; word: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    beforeWord: fc.integer({ min: 0, max: WORD_COUNT }),
    text: fc.constantFrom('ny ', 'text ', 'och ', 'x '),
  }),
  fc.record({ kind: fc.constant('deleteWord' as const), word: fc.integer({ min: 0, max: WORD_COUNT - 1 }) }),
);

function text(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function plain(xmlText: Y.XmlText): string {
  return (xmlText.toDelta() as Array<{ insert: string }>).map((op) => op.insert).join('');
}

/** Applies an op at a word boundary of the doc's current text (no word is ever split). */
function apply(doc: Y.Doc, op: Op): void {
  const xmlText = text(doc);
  const current = plain(xmlText);
  if (op.kind === 'insert') {
    const word = words[op.beforeWord];
    const at = word ? current.indexOf(word) : current.length;
    if (at >= 0) xmlText.insert(at, op.text);
  } else {
    const at = current.indexOf(`${words[op.word]} `);
    if (at >= 0) xmlText.delete(at, words[op.word]!.length + 1);
  }
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('comment anchors under concurrent edits', () => {
  it('keep covering the same words on both clients unless those were deleted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: WORD_COUNT - 1 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(opArbitrary, { maxLength: 10 }),
        fc.array(opArbitrary, { maxLength: 10 }),
        (firstWord, span, opsA, opsB) => {
          const lastWord = Math.min(WORD_COUNT - 1, firstWord + span - 1);
          const a = new Y.Doc();
          a.transact(() => {
            const paragraph = new Y.XmlElement('paragraph');
            a.getXmlFragment('body').insert(0, [paragraph]);
            paragraph.insert(0, [new Y.XmlText(words.map((word) => `${word} `).join(''))]);
          });
          const b = new Y.Doc();
          sync(a, b);

          const initial = plain(text(a));
          const start = initial.indexOf(words[firstWord]!);
          const end = initial.indexOf(words[lastWord]!) + words[lastWord]!.length;
          const anchor = anchorFor(text(a), start, text(a), end);
          const anchored = words.slice(firstWord, lastWord + 1);

          opsA.forEach((op) => apply(a, op));
          opsB.forEach((op) => apply(b, op));
          sync(a, b);

          expect(plain(text(a))).toBe(plain(text(b)));
          for (const doc of [a, b]) {
            const surviving = new Set(
              plain(text(doc))
                .split(' ')
                .filter((token) => /^W\d\d$/.test(token)),
            );
            const resolved = resolveAnchor(doc, anchor);
            const expectedInside = anchored.filter((word) => surviving.has(word));
            if (!resolved) {
              expect(expectedInside).toEqual([]);
              continue;
            }
            const covered = plain(text(doc)).slice(resolved.start.index, resolved.end.index);
            const inside = covered.split(' ').filter((token) => /^W\d\d$/.test(token));
            expect(inside).toEqual(expectedInside);
          }
        },
      ),
      { numRuns: 300, seed: 20261124 },
    );
  });
});
