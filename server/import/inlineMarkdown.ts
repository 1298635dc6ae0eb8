/**
 * The emphasis the seeds use inside a line: `**bold**`, `*italic*` and `***both***`. Anything
 * unbalanced stays literal text, because a lone asterisk in a case document is more likely a
 * footnote mark than broken markup.
 *
 * A span opens with one to three asterisks followed by a non-space and closes at the first run of
 * the same number of asterisks that follows a non-space and is not followed by another asterisk.
 * This is a scanner rather than the equivalent regular expression: that expression searched the
 * rest of the line afresh from every asterisk, so a paragraph of unclosed "*a " took minutes.
 */
import { mergeRuns, type InlineRun } from '../../shared/doc/blocks';

interface Marks {
  bold?: boolean;
  italic?: boolean;
}

/** Deeper nesting adds no mark that three levels do not already give. */
const MAX_DEPTH = 4;

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

export function parseInline(text: string, marks: Marks = {}): InlineRun[] {
  return mergeRuns(spans(text, marks, 0).filter((run) => run.text !== ''));
}

function spans(text: string, marks: Marks, depth: number): InlineRun[] {
  if (depth >= MAX_DEPTH || !text.includes('*')) return [withMarks(text, marks)];
  const closers = closerPositions(text);
  const cursors = [0, 0, 0, 0];
  /** The first closing run of `stars` asterisks that starts at `from` or later. */
  const closerFrom = (stars: number, from: number): number | undefined => {
    const list = closers[stars]!;
    while (cursors[stars]! < list.length && list[cursors[stars]!]! < from) cursors[stars]!++;
    return list[cursors[stars]!];
  };

  const runs: InlineRun[] = [];
  let written = 0;
  let position = text.indexOf('*');
  while (position !== -1) {
    let match: { stars: number; close: number } | undefined;
    let available = 0;
    while (available < 3 && text[position + available] === '*') available++;
    for (let stars = available; stars >= 1 && !match; stars--) {
      const innerStart = position + stars;
      if (innerStart >= text.length || isSpace(text[innerStart])) continue;
      const close = closerFrom(stars, innerStart + 1);
      if (close !== undefined) match = { stars, close };
    }
    if (!match) {
      position = text.indexOf('*', position + 1);
      continue;
    }
    if (position > written) runs.push(withMarks(text.slice(written, position), marks));
    const inner = { bold: marks.bold || match.stars >= 2, italic: marks.italic || match.stars !== 2 };
    runs.push(...spans(text.slice(position + match.stars, match.close), inner, depth + 1));
    written = match.close + match.stars;
    position = text.indexOf('*', written);
  }
  if (written < text.length) runs.push(withMarks(text.slice(written), marks));
  return runs;
}

/**
 * For one, two and three asterisks, in increasing order, where a closing run can start: the
 * run ends exactly there (no asterisk follows) and a non-space comes just before it.
 */
function closerPositions(text: string): number[][] {
  const closers: number[][] = [[], [], [], []];
  let index = 0;
  while (index < text.length) {
    if (text[index] !== '*') {
      index++;
      continue;
    }
    const runStart = index;
    while (text[index] === '*') index++;
    for (let stars = 1; stars <= 3; stars++) {
      const start = index - stars;
      if (start < runStart) break;
      if (start > runStart || (start > 0 && !isSpace(text[start - 1]))) closers[stars]!.push(start);
    }
  }
  return closers;
}

function withMarks(text: string, marks: Marks): InlineRun {
  const run: InlineRun = { text };
  if (marks.bold) run.bold = true;
  if (marks.italic) run.italic = true;
  return run;
}
