/**
 * Word-level comparison of two texts, for comparing versions section by section.
 *
 * Myers' O((N+M)·D) shortest edit script, run twice: first over lines (paragraphs, list items),
 * then over words and whitespace inside each run of changed lines. Unchanged paragraphs thus cost
 * almost nothing, and the word-level search only ever sees the text that changed. Each search is
 * capped at MAX_EDITS edits (memory grows with the square of the edits, time with edits × length);
 * beyond that the run is reported as deleted and inserted whole, which for a rewrite that large
 * is also what a reader wants to see.
 */
export type DiffPart = {
  kind: 'same' | 'inserted' | 'deleted';
  text: string;
  /**
   * Set when the words are part of an open suggestion in their version (blockDiff.ts): text
   * proposed for insertion or deletion, or for other formatting, and by whom.
   */
  suggestion?: DiffSuggestion;
};

export interface DiffSuggestion {
  kind: 'insertion' | 'deletion' | 'formatChange';
  userName: string | null;
}

type Kind = DiffPart['kind'];

/** At most this many insertions plus deletions per search: ~16 MB of trace at worst. */
const MAX_EDITS = 2000;

function words(text: string): string[] {
  return text.match(/\s+|\S+/g) ?? [];
}

/** Lines with their newline kept, so joining them gives the text back. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+/g) ?? [];
}

/**
 * The shortest edit script turning `a` into `b`, as (kind, token) pairs in text order, or
 * undefined when it needs more than `maxEdits` insertions and deletions.
 */
export function editScript(a: readonly string[], b: readonly string[], maxEdits = MAX_EDITS): Array<[Kind, string]> | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB), maxEdits);
  if (!middle) return undefined;
  const script: Array<[Kind, string]> = [];
  for (let i = 0; i < start; i++) script.push(['same', a[i]!]);
  for (const step of middle) script.push(step);
  for (let i = endA; i < a.length; i++) script.push(['same', a[i]!]);
  return script;
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): Array<[Kind, string]> | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  // v[offset + k]: the furthest x reached on diagonal k (k = x - y) with the current edit count.
  const v = new Int32Array(2 * limit + 3);
  // trace[d]: diagonals -d..d of v before step d, all the backtrack needs.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], edits: number): Array<[Kind, string]> {
  const reversed: Array<[Kind, string]> = [];
  let x = a.length;
  let y = b.length;
  for (let d = edits; d > 0; d--) {
    const before = trace[d]!;
    const at = (k: number) => before[k + d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    for (; x > prevX && y > prevY; y--) reversed.push(['same', a[--x]!]);
    if (x === prevX) reversed.push(['inserted', b[--y]!]);
    else reversed.push(['deleted', a[--x]!]);
  }
  for (; x > 0 && y > 0; y--) reversed.push(['same', a[--x]!]);
  return reversed.reverse();
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  const push = (kind: Kind, text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let deleted = '';
  let inserted = '';
  const flushChangedLines = () => {
    if (!deleted && !inserted) return;
    const script = editScript(words(deleted), words(inserted));
    if (script) for (const [kind, token] of script) push(kind, token);
    else {
      push('deleted', deleted);
      push('inserted', inserted);
    }
    deleted = '';
    inserted = '';
  };
  const lineScript = editScript(lines(before), lines(after)) ?? [
    ['deleted', before] as [Kind, string],
    ['inserted', after] as [Kind, string],
  ];
  for (const [kind, line] of lineScript) {
    if (kind === 'deleted') deleted += line;
    else if (kind === 'inserted') inserted += line;
    else {
      flushChangedLines();
      push('same', line);
    }
  }
  flushChangedLines();
  return parts;
}

/** The words (not whitespace) a diff inserted and deleted, for summaries and tests. */
export function changedWords(parts: readonly DiffPart[]): { inserted: string[]; deleted: string[] } {
  const wordsOf = (kind: Kind) => parts.filter((part) => part.kind === kind).flatMap((part) => part.text.split(/\s+/).filter(Boolean));
  return { inserted: wordsOf('inserted'), deleted: wordsOf('deleted') };
}
