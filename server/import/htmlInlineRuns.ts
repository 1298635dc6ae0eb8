/**
 * Inline HTML (text, marks, line breaks) as runs, with white space collapsed as a browser would.
 */
import { mergeRuns, type InlineRun } from '../../shared/doc/blocks';
import { MARK_NAMES, type MarkName } from '../../shared/model/schema';
import type { HtmlNode } from './htmlTree';

type Marks = { [mark in MarkName]?: boolean };

const MARK_TAGS: Record<string, MarkName> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  u: 'underline',
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  code: 'code',
};

/** Inline content as runs; a line break is a "\n" run. */
export function inlineRuns(nodes: readonly HtmlNode[], marks: Marks = {}): InlineRun[] {
  const runs: InlineRun[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') {
      const run: InlineRun = { text: node };
      for (const mark of MARK_NAMES) if (marks[mark]) run[mark] = true;
      runs.push(run);
    } else if (node.tag === 'br') {
      runs.push({ text: '\n' });
    } else if (node.tag !== 'img') {
      const mark = MARK_TAGS[node.tag];
      runs.push(...inlineRuns(node.children, mark ? { ...marks, [mark]: true } : marks));
    }
  }
  return runs;
}

/** White space collapsed as a browser would, line breaks kept, the ends trimmed. */
export function tidyRuns(runs: readonly InlineRun[], keepTabs = false): InlineRun[] {
  // A top-level line's tabs separate its parts ("HUDDINGE KOMMUN<tab>TJÄNSTEUTLÅTANDE<tab>1 (2)",
  // two signatures side by side): kept, for the reader to decide (tabbedColumns.ts).
  const space = keepTabs ? /[^\S\n\t]+/g : /[^\S\n]+/g;
  const merged = mergeRuns(
    runs.map((run) => ({ ...run, text: run.text === '\n' ? '\n' : run.text.replace(space, ' ').replace(/ ?\t[\t ]*/g, '\t') })),
  );
  for (const run of merged) run.text = run.text.replace(/ ?\n ?/g, '\n');
  if (merged[0]) merged[0].text = merged[0].text.trimStart();
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.trimEnd();
  return merged.filter((run) => run.text !== '');
}

export function trimTrailingLineBreaks(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return text.slice(0, end);
}

export function joinLines(first: InlineRun[], second: InlineRun[]): InlineRun[] {
  return first.length && second.length ? mergeRuns([...first, { text: '\n' }, ...second]) : [...first, ...second];
}

/** The runs cut at every `separator`, a list of runs for each part (an empty part is an empty list). */
export function splitRuns(runs: readonly InlineRun[], separator: string | RegExp): InlineRun[][] {
  const lines: InlineRun[][] = [[]];
  for (const run of runs) {
    run.text.split(separator).forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}
