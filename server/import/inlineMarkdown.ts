/**
 * The emphasis the seeds use inside a line: `**bold**`, `*italic*` and `***both***`. Anything
 * unbalanced stays literal text, because a lone asterisk in a case document is more likely a
 * footnote mark than broken markup.
 */
import { mergeRuns, type InlineRun } from '../../shared/doc/blocks';

const EMPHASIS = /(\*{1,3})(?=\S)([\s\S]*?\S)\1(?!\*)/;

export function parseInline(text: string, marks: { bold?: boolean; italic?: boolean } = {}): InlineRun[] {
  const runs: InlineRun[] = [];
  let rest = text;
  while (rest) {
    const match = EMPHASIS.exec(rest);
    if (!match) {
      runs.push(withMarks(rest, marks));
      break;
    }
    if (match.index > 0) runs.push(withMarks(rest.slice(0, match.index), marks));
    const stars = match[1]!.length;
    const inner = {
      bold: marks.bold || stars >= 2,
      italic: marks.italic || stars !== 2,
    };
    runs.push(...parseInline(match[2]!, inner));
    rest = rest.slice(match.index + match[0].length);
  }
  return mergeRuns(runs.filter((run) => run.text !== ''));
}

function withMarks(text: string, marks: { bold?: boolean; italic?: boolean }): InlineRun {
  const run: InlineRun = { text };
  if (marks.bold) run.bold = true;
  if (marks.italic) run.italic = true;
  return run;
}
