/**
 * Lines, kept as lines until it is known where they go. A front-end hands over paragraphs whose
 * line breaks are still in them; here each line becomes a block of its own, so that a stacked
 * header ("Socialförvaltningen", "Tjänsteutlåtande", "Dnr …"), a heading written straight above
 * its text, a signature ("Jonas Magnusson", "Enhetschef") and the lines of an unmarked list are
 * all seen for what they are. Prose joins its lines again where it is placed: a wrapped line
 * with a space, a line the writer ended on purpose with a line break.
 */
import { runsText, type InlineRun } from '../../shared/doc/blocks';
import { MARK_NAMES } from '../../shared/model/schema';
import { isPersonName } from './signatures';
import { isRuleLine, type LineBreak, type SourceBlock } from './sourceBlocks';

/**
 * A line at least this long was most likely wrapped by the writer's editor or a PDF reader, not
 * ended on purpose. Shorter lines (an address, names, a short list) keep their line breaks.
 */
export const WRAPPED_LINE_LENGTH = 50;

/**
 * Where a text file's line ends: at a line break, and at a column gap (a tab, or three spaces or
 * more), which is how a printed header's columns come out of a PDF ("Datum: 2024-02-01      Dnr:
 * KFN 2024/12"): each column's text is a line of its own.
 */
const TEXT_LINE_END = /\n|\t+| {3,}/;
const COLUMN_GAP = /\t+| {3,}/;

function splitRuns(runs: readonly InlineRun[], separator: RegExp | string): InlineRun[][] {
  const lines: InlineRun[][] = [[]];
  for (const run of runs) {
    run.text.split(separator).forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines.map(trimRuns).filter((line) => line.length > 0);
}

function trimRuns(runs: readonly InlineRun[]): InlineRun[] {
  const trimmed = runs.map((run) => ({ ...run }));
  if (trimmed[0]) trimmed[0].text = trimmed[0].text.trimStart();
  const last = trimmed[trimmed.length - 1];
  if (last) last.text = last.text.trimEnd();
  return trimmed.filter((run) => run.text !== '');
}

/**
 * Every paragraph with line breaks as one paragraph per line, each after the first marked as
 * continuing the one before (`how`: a text file's line or a Word soft break; a text file's
 * column gaps end a line too). A dotted line in a paragraph is a signature rule, as it is on a
 * line of its own.
 */
export function splitIntoLines(blocks: readonly SourceBlock[], how: LineBreak): SourceBlock[] {
  const result: SourceBlock[] = [];
  const separator = how === 'wrap' ? TEXT_LINE_END : '\n';
  // A text file whose lines are whole paragraphs: no line goes on from the one before.
  const linesAreParagraphs = how === 'wrap' && isUnwrapped(blocks);
  for (const block of blocks) {
    if (
      block.kind !== 'paragraph' ||
      !block.runs.some((run) => (typeof separator === 'string' ? run.text.includes(separator) : separator.test(run.text)))
    ) {
      result.push(block);
      continue;
    }
    let previousIsLine = block.continues !== undefined;
    const lines =
      how === 'wrap' ? columnFirst(block.runs) : splitRuns(block.runs, separator).map((line) => ({ line, startsColumn: false }));
    lines.forEach(({ line, startsColumn }, index) => {
      if (isRuleLine(runsText(line))) {
        result.push({ kind: 'rule' });
        previousIsLine = false;
        return;
      }
      // Where lines are paragraphs, a line starting in lower case still goes on from the one before (a page break).
      const goesOn = !linesAreParagraphs || /^\p{Ll}/u.test(runsText(line));
      const continues = index === 0 ? block.continues : previousIsLine && !startsColumn && goesOn ? how : undefined;
      result.push(continues ? { kind: 'paragraph', runs: line, continues } : { kind: 'paragraph', runs: line });
      previousIsLine = true;
    });
  }
  return result;
}

/** No one wraps text this wide: a line this long is a whole paragraph. */
const UNWRAPPED_LINE_LENGTH = 160;

/**
 * Whether a text file writes each paragraph on one line (as the seeds do, and text copied out of
 * Word) rather than wrapping it: several lines wider than any wrapping, making up a good part of
 * the lines of text. Such a file's lines are paragraphs even without blank lines between them.
 */
function isUnwrapped(blocks: readonly SourceBlock[]): boolean {
  let long = 0;
  let text = 0;
  for (const block of blocks) {
    if (block.kind !== 'paragraph') continue;
    for (const run of block.runs) {
      for (const line of run.text.split('\n')) {
        if (line.length >= 40) text++;
        if (line.length >= UNWRAPPED_LINE_LENGTH) long++;
      }
    }
  }
  return long >= 3 && long * 4 >= text;
}

/**
 * A text paragraph's lines, and the cells of its columns: signatures side by side (names over
 * titles, every line with as many cells) are read column by column, so that a name stays with
 * its title; anything else cell by cell, line by line.
 */
function columnFirst(runs: readonly InlineRun[]): Array<{ line: InlineRun[]; startsColumn: boolean }> {
  const rows = splitRuns(runs, '\n').map((row) => splitRuns(row, COLUMN_GAP));
  const columns = rows[0]?.length ?? 0;
  // Names side by side over their titles; a table's rows stay rows.
  const signatures = rows[0]?.every((cell) => isPersonName(runsText(cell))) ?? false;
  if (signatures && rows.length > 1 && columns > 1 && rows.every((row) => row.length === columns)) {
    return Array.from({ length: columns }, (_, column) =>
      rows.map((row, index) => ({ line: row[column]!, startsColumn: index === 0 && column > 0 })),
    ).flat();
  }
  return rows.flat().map((line) => ({ line, startsColumn: false }));
}

/**
 * Whether a line of a text file goes on from the line before (a wrapped line) rather than
 * starting a new one: the line before is long, ends inside a sentence on a comma or hyphen, or
 * this one starts in lower case. Only the ends of the (trimmed) lines are looked at, whatever their length.
 */
export function isWrappedLine(before: string, line: string): boolean {
  const last = before.at(-1) ?? '';
  return before.length >= WRAPPED_LINE_LENGTH || last === ',' || last === '-' || last === '\u00ad' || /^\p{Ll}/u.test(line.trimStart());
}

/**
 * Adds the next line of a paragraph to its runs, in place: after a space if it was wrapped, else
 * after a line break (`wrap-always`: after a space in any case). `before` is the text of the line it follows. Only the runs where the two
 * meet are merged, so a paragraph of many lines costs time in proportion to its length.
 */
export function appendLine(runs: InlineRun[], line: readonly InlineRun[], before: string, how: LineBreak | 'wrap-always'): void {
  const wrapped = how === 'wrap-always' || (how === 'wrap' && isWrappedLine(before, runsText(line)));
  appendRuns(runs, [{ text: wrapped ? ' ' : '\n' }, ...line]);
}

/** Appends runs in place, merging a run into the one before it when their marks are the same. */
export function appendRuns(runs: InlineRun[], more: readonly InlineRun[]): void {
  for (const run of more) {
    const last = runs[runs.length - 1];
    if (last && sameMarks(last, run)) last.text += run.text;
    else runs.push({ ...run });
  }
}

function sameMarks(a: InlineRun, b: InlineRun): boolean {
  return MARK_NAMES.every((mark) => Boolean(a[mark]) === Boolean(b[mark]));
}

/**
 * The paragraph that starts at `index`: its line and the lines that go on from it, joined as
 * prose joins them, with the index after the last; undefined past `maxLines` lines. For reading
 * what only a whole short paragraph says (a closing line wrapped over two lines).
 */
export function paragraphAt(
  blocks: readonly SourceBlock[],
  index: number,
  maxLines: number,
): { runs: InlineRun[]; text: string; next: number } | undefined {
  const first = blocks[index];
  if (first?.kind !== 'paragraph') return undefined;
  const runs = first.runs.map((run) => ({ ...run }));
  let before = runsText(first.runs).trim();
  let next = index + 1;
  for (let block = blocks[next]; block?.kind === 'paragraph' && block.continues; block = blocks[++next]) {
    // Longer than asked for: not the paragraph looked for, and not read further.
    if (next - index >= maxLines) return undefined;
    appendLine(runs, block.runs, before, block.continues);
    before = runsText(block.runs).trim();
  }
  return { runs, text: runsText(runs).replace(/\s+/g, ' ').trim(), next };
}
