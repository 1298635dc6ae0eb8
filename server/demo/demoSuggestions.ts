/**
 * Open suggestions in one demo document (issue 15), so that a new user sees at once what a
 * reviewer's proposals look like and can accept or reject them: the reviewer proposes other
 * words, a deletion, an added sentence and bold. Each is placed by the words it changes; one whose
 * words the seed no longer has is left out.
 */
import { mapBlockRuns, type Block, type InlineRun, type RunSuggestion } from '../../shared/doc/blocks';
import { newSuggestionId } from '../../shared/suggestions/marks';

interface DemoSuggestion {
  /** The words the suggestion is about (their first occurrence in plain text). */
  find: string;
  /** Proposed for deletion. */
  remove?: boolean;
  /** Proposed after them (instead of them, with `remove`). */
  insert?: string;
  /** Proposed bold. */
  bold?: boolean;
}

const DEMO_SUGGESTIONS: readonly DemoSuggestion[] = [
  { find: 'omfattande', remove: true, insert: 'väl etablerad' },
  { find: 'uppges ', remove: true },
  { find: 'på bästa sätt.', insert: ' Förvaltningen återkommer till nämnden när polisens nya organisation är på plats.' },
  { find: 'besvarat', bold: true },
];

export interface DemoReviewer {
  id: string;
  name: string;
}

/** The runs with one suggestion applied, or undefined when they do not hold its words. */
function suggestIn(
  runs: readonly InlineRun[],
  suggestion: DemoSuggestion,
  by: (kind: RunSuggestion['kind']) => RunSuggestion,
): InlineRun[] | undefined {
  const index = runs.findIndex((run) => !run.suggestions && run.text.includes(suggestion.find));
  if (index === -1) return undefined;
  const run = runs[index]!;
  const at = run.text.indexOf(suggestion.find);
  const { text: _text, ...marks } = run;
  const piece = (text: string, suggestions?: RunSuggestion[], extra: Partial<InlineRun> = {}): InlineRun[] =>
    text ? [{ ...marks, ...extra, text, ...(suggestions ? { suggestions } : {}) }] : [];
  const found = suggestion.remove
    ? piece(suggestion.find, [by('deletion')])
    : suggestion.bold
      ? piece(suggestion.find, [{ ...by('formatChange'), add: ['bold'], remove: [] }])
      : piece(suggestion.find);
  const inserted = suggestion.insert ? piece(suggestion.insert, [by('insertion')]) : [];
  return [
    ...runs.slice(0, index),
    ...piece(run.text.slice(0, at)),
    ...found,
    ...inserted,
    ...piece(run.text.slice(at + suggestion.find.length)),
    ...runs.slice(index + 1),
  ];
}

/** The sections with the demo reviewer's suggestions, made two hours before `now`. */
export function withDemoSuggestions(sections: Record<string, Block[]>, reviewer: DemoReviewer, now = new Date()): Record<string, Block[]> {
  const createdAt = new Date(now.getTime() - 2 * 60 * 60 * 1000).toISOString();
  let result = sections;
  for (const suggestion of DEMO_SUGGESTIONS) {
    // A replacement is two suggestions (the deletion and the insertion), decided on one by one.
    const by = (kind: RunSuggestion['kind']): RunSuggestion => ({
      kind,
      id: newSuggestionId(),
      userId: reviewer.id,
      userName: reviewer.name,
      createdAt,
    });
    let placed = false;
    result = Object.fromEntries(
      Object.entries(result).map(([key, blocks]) => [
        key,
        mapBlockRuns(blocks, (runs) => {
          if (placed) return runs;
          const changed = suggestIn(runs, suggestion, by);
          if (!changed) return runs;
          placed = true;
          return changed;
        }),
      ]),
    );
  }
  return result;
}
