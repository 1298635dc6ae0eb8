/**
 * Word-level comparison of two texts, for comparing versions section by section. A longest
 * common subsequence over words (with whitespace kept as separators) marks what was inserted and
 * what was deleted; documents are compared a section at a time, so the quadratic table stays small.
 */
export type DiffPart = { kind: 'same' | 'inserted' | 'deleted'; text: string };

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Beyond this many words per side, fall back to "all deleted, all inserted" rather than stall. */
const MAX_TOKENS = 6000;

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length > MAX_TOKENS || midB.length > MAX_TOKENS) {
    push('deleted', midA.join(''));
    push('inserted', midB.join(''));
  } else {
    // lengths[i][j] = LCS length of midA[i..] and midB[j..]
    const lengths = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lengths[i]![j] = midA[i] === midB[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) {
        push('same', midA[i]!);
        i++;
        j++;
      } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
        push('deleted', midA[i++]!);
      } else {
        push('inserted', midB[j++]!);
      }
    }
    while (i < midA.length) push('deleted', midA[i++]!);
    while (j < midB.length) push('inserted', midB[j++]!);
  }
  push('same', a.slice(endA).join(''));
  return parts;
}

/** The words (not whitespace) a diff inserted and deleted, for summaries and tests. */
export function changedWords(parts: readonly DiffPart[]): { inserted: string[]; deleted: string[] } {
  const words = (kind: DiffPart['kind']) => parts.filter((part) => part.kind === kind).flatMap((part) => part.text.split(/\s+/).filter(Boolean));
  return { inserted: words('inserted'), deleted: words('deleted') };
}
