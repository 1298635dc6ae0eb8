import { describe, expect, it } from 'vitest';
import { changedWords, editScript, wordDiff, type DiffPart } from '../../shared/diff/wordDiff';
import { seededPrng } from '../helpers/prng';

const side = (parts: readonly DiffPart[], kind: 'inserted' | 'deleted') =>
  parts
    .filter((part) => part.kind === 'same' || part.kind === kind)
    .map((part) => part.text)
    .join('');

describe('the word diff', () => {
  it('marks one replaced word in the middle of a sentence', () => {
    const parts = wordDiff('Nämnden ser positivt på samverkan', 'Nämnden ser negativt på samverkan');
    expect(parts).toEqual([
      { kind: 'same', text: 'Nämnden ser ' },
      { kind: 'deleted', text: 'positivt' },
      { kind: 'inserted', text: 'negativt' },
      { kind: 'same', text: ' på samverkan' },
    ]);
  });

  it('marks a word deleted in one place and another inserted elsewhere', () => {
    const parts = wordDiff('Nämnden ser positivt på samverkan', 'Nämnden ser på fördjupad samverkan');
    expect(changedWords(parts)).toEqual({ inserted: ['fördjupad'], deleted: ['positivt'] });
  });

  it('reports nothing changed for equal texts, and everything for a text against nothing', () => {
    expect(wordDiff('Samma text.\nTvå rader.', 'Samma text.\nTvå rader.')).toEqual([{ kind: 'same', text: 'Samma text.\nTvå rader.' }]);
    expect(wordDiff('', 'Ny text')).toEqual([{ kind: 'inserted', text: 'Ny text' }]);
    expect(wordDiff('Gammal text', '')).toEqual([{ kind: 'deleted', text: 'Gammal text' }]);
  });

  it('keeps an unchanged paragraph whole when the paragraph after it is rewritten', () => {
    const parts = wordDiff('Första stycket står kvar.\nAndra stycket skrivs om.', 'Första stycket står kvar.\nAndra stycket ändras helt.');
    expect(parts[0]).toEqual({ kind: 'same', text: 'Första stycket står kvar.\nAndra stycket ' });
    expect(changedWords(parts)).toEqual({ inserted: ['ändras', 'helt.'], deleted: ['skrivs', 'om.'] });
  });

  it('finds a shortest edit script (Myers) for token lists', () => {
    const script = editScript('ABCABBA'.split(''), 'CBABAC'.split(''))!;
    expect(script.filter(([kind]) => kind !== 'same')).toHaveLength(5);
    expect(editScript('abcdefgh'.split(''), 'hgfedcba'.split(''), 3)).toBeUndefined();
  });

  it('always gives back both texts, for 300 seeded random edits', () => {
    const random = seededPrng(20230817);
    const vocabulary = ['nämnden', 'beslutar', 'att', 'godkänna', 'yttrandet', 'barn', 'och', 'unga', '\n', ' '];
    const text = (length: number) => Array.from({ length }, () => random.pick(vocabulary)).join(' ');
    for (let round = 0; round < 300; round++) {
      const before = text(random.int(40));
      const words = before.split(' ');
      for (let edit = random.int(6); edit > 0; edit--) {
        const at = random.int(words.length + 1);
        if (random.next() < 0.5) words.splice(at, 1);
        else words.splice(at, 0, random.pick(vocabulary));
      }
      const after = words.join(' ');
      const parts = wordDiff(before, after);
      expect(side(parts, 'deleted'), `round ${round}: the old text`).toBe(before);
      expect(side(parts, 'inserted'), `round ${round}: the new text`).toBe(after);
    }
  });

  it('compares a long rewritten section without stalling, marking it replaced', () => {
    const random = seededPrng(7);
    const long = (prefix: string) => Array.from({ length: 4000 }, () => `${prefix}${random.int(1000)}`).join(' ');
    const before = long('a');
    const after = long('b');
    const started = performance.now();
    const parts = wordDiff(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(side(parts, 'deleted')).toBe(before);
    expect(side(parts, 'inserted')).toBe(after);
  });
});
