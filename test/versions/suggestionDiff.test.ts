/**
 * Issue 15: comparing versions shows open suggestions as what they are. Text proposed for deletion
 * is not reported as deleted until the deletion is accepted; words that stand in a suggestion say
 * so (what is proposed, by whom); a version that differs only in its suggestions is a change of
 * its own kind.
 */
import { describe, expect, it } from 'vitest';
import type { Block, InlineRun, RunSuggestion } from '../../shared/doc/blocks';
import { diffBlocks } from '../../shared/diff/blockDiff';

const at = '2026-12-01T09:30:00.000Z';
const anna = (kind: RunSuggestion['kind'], id = `${kind}-anna-1`): RunSuggestion => ({
  kind,
  id,
  userId: 'u-anna',
  userName: 'Anna Berg',
  createdAt: at,
});
const erik = (kind: RunSuggestion['kind']): RunSuggestion => ({
  kind,
  id: `${kind}-erik-1`,
  userId: 'u-erik',
  userName: 'Erik Lund',
  createdAt: at,
});

const paragraph = (...runs: InlineRun[]): Block => ({ kind: 'paragraph', runs });
const context = paragraph({ text: 'Ärendet gäller bygglov.' });

const plain = [context, paragraph({ text: 'Nämnden föreslås bifalla ansökan.' })];
const deletionProposed = [
  context,
  paragraph({ text: 'Nämnden ' }, { text: 'föreslås ', suggestions: [anna('deletion')] }, { text: 'bifalla ansökan.' }),
];
const deletionAccepted = [context, paragraph({ text: 'Nämnden bifalla ansökan.' })];

describe('comparing versions with open suggestions', () => {
  it('does not report text proposed for deletion as deleted, but as a suggestion by its author', () => {
    const diff = diffBlocks(plain, deletionProposed);
    expect(diff.wordsChanged).toBe(false);
    expect(diff.formattingChanged).toBe(false);
    expect(diff.suggestionsChanged).toBe(true);
    const changed = diff.entries.find((entry) => entry.kind !== 'context' && entry.kind !== 'collapsed');
    expect(changed).toEqual({
      kind: 'suggestions',
      unit: 'paragraph',
      parts: [
        { kind: 'same', text: 'Nämnden ' },
        { kind: 'same', text: 'föreslås ', suggestion: { kind: 'deletion', userName: 'Anna Berg' } },
        { kind: 'same', text: 'bifalla ansökan.' },
      ],
    });
  });

  it('reports the text deleted once the deletion is accepted, saying whose suggestion it was', () => {
    const diff = diffBlocks(deletionProposed, deletionAccepted);
    expect(diff.wordsChanged).toBe(true);
    const changed = diff.entries.find((entry) => entry.kind === 'modified');
    expect(changed && 'parts' in changed && changed.parts.filter((part) => part.kind !== 'same')).toEqual([
      { kind: 'deleted', text: 'föreslås ', suggestion: { kind: 'deletion', userName: 'Anna Berg' } },
    ]);
  });

  it('reports a rejected deletion as a change of suggestions only, with no words changed', () => {
    const diff = diffBlocks(deletionProposed, plain);
    expect(diff.wordsChanged).toBe(false);
    expect(diff.entries.map((entry) => entry.kind)).toEqual(['context', 'suggestions']);
  });

  it('shows suggested words as suggested insertions by their author, apart from plain new words', () => {
    const after = [
      context,
      paragraph({ text: 'Nämnden föreslås bifalla ansökan' }, { text: ' i sin helhet', suggestions: [erik('insertion')] }, { text: '.' }),
      paragraph({ text: 'Ny mening.' }),
    ];
    const diff = diffBlocks(plain, after);
    const inserted = diff.entries.flatMap((entry) => ('parts' in entry ? entry.parts : [])).filter((part) => part.kind === 'inserted');
    expect(inserted.filter((part) => part.suggestion)).toEqual([
      { kind: 'inserted', text: ' i sin helhet', suggestion: { kind: 'insertion', userName: 'Erik Lund' } },
    ]);
    expect(inserted).toContainEqual({ kind: 'inserted', text: 'Ny mening.' });
  });

  it('marks suggestions in table cells too', () => {
    const table = (runs: InlineRun[]): Block => ({
      kind: 'table',
      rows: [{ cells: [{ blocks: [paragraph({ text: 'Kostnad' })] }, { blocks: [paragraph(...runs)] }] }],
    });
    const diff = diffBlocks([table([{ text: '100 kr' }])], [table([{ text: '100 kr', suggestions: [anna('formatChange')] }])]);
    const entry = diff.entries[0]!;
    expect(entry.kind).toBe('suggestions');
    expect('cells' in entry && entry.cells?.[1]).toEqual([
      { kind: 'same', text: '100 kr', suggestion: { kind: 'formatChange', userName: 'Anna Berg' } },
    ]);
  });
});
