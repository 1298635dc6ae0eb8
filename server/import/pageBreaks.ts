/**
 * Joins paragraphs that a PDF-to-text or page layout split at a page boundary: a paragraph or
 * list item that stops without terminal punctuation, followed by a block that starts with a lower
 * case word ("… upphandla dessa" + "insatser. …"). The follower may even have been taken for a
 * heading ("## brottsförebyggande arbete …" continuing a list item); real headings never start in
 * lower case.
 */
import { mergeRuns, runsText, type InlineRun } from '../../shared/doc/blocks';
import { quote, type ReportCollector } from './importReport';
import { WRAPPED_LINE_LENGTH } from './lineStructure';
import { sourceText, type SourceBlock } from './sourceBlocks';

const TERMINAL = /[.!?:;]["'”’)]*$/;
const LOWER_CASE_START = /^[a-zåäöüéèàáíóú]+(?:[\s,;:.!?)]|$)/;

/**
 * A page break interrupts running text; a line of one to three words ("Tjänsteutlåtande",
 * "Socialförvaltningen") is a header line or a label, and a date under it ("den 3 december
 * 2026") is a line of its own, not the rest of it.
 */
const MIN_RUNNING_WORDS = 4;

function endsOpen(block: SourceBlock): boolean {
  if (block.kind === 'paragraph') {
    // The paragraph's last line: a stacked header block ends on a short one, as the end of a
    // wrapped paragraph may, but that one follows a long line.
    const raw = runsText(block.runs);
    const lastBreak = raw.lastIndexOf('\n');
    const text = raw
      .slice(lastBreak + 1)
      .replace(/\s+/g, ' ')
      .trim();
    const lineBefore = lastBreak <= 0 ? '' : raw.slice(raw.lastIndexOf('\n', lastBreak - 1) + 1, lastBreak).trim();
    return !TERMINAL.test(text) && (text.split(' ').length >= MIN_RUNNING_WORDS || lineBefore.length >= WRAPPED_LINE_LENGTH);
  }
  if (block.kind === 'list') {
    const last = block.items[block.items.length - 1];
    return (
      !!last &&
      !TERMINAL.test(
        last
          .map((run) => run.text)
          .join('')
          .trim(),
      )
    );
  }
  return false;
}

function continues(block: SourceBlock): block is Extract<SourceBlock, { kind: 'paragraph' | 'heading' }> {
  if (block.kind !== 'paragraph' && block.kind !== 'heading') return false;
  const text = sourceText(block);
  const firstWord = text.split(' ')[0] ?? '';
  // An e-mail address under a title line ("mimmi.olsson@malmo.se") is a new header line.
  return LOWER_CASE_START.test(text) && !firstWord.includes('@');
}

function joined(before: InlineRun[], after: InlineRun[]): InlineRun[] {
  return mergeRuns([...before, { text: ' ' }, ...after]);
}

export function joinPageBreaks(blocks: readonly SourceBlock[], report: ReportCollector): SourceBlock[] {
  const result: SourceBlock[] = [];
  for (const block of blocks) {
    const previous = result[result.length - 1];
    if (previous && endsOpen(previous) && continues(block)) {
      const tail = sourceText(previous).split(' ').slice(-3).join(' ');
      const head = sourceText(block).split(' ').slice(0, 3).join(' ');
      report.add('joined', `Ett stycke som var delat vid en sidbrytning fogades ihop: ${quote(`…${tail} ${head}…`)}.`);
      if (previous.kind === 'paragraph') {
        result[result.length - 1] = { kind: 'paragraph', runs: joined(previous.runs, block.runs) };
      } else if (previous.kind === 'list') {
        const items = previous.items.slice();
        items[items.length - 1] = joined(items[items.length - 1]!, block.runs);
        result[result.length - 1] = { ...previous, items };
      }
      continue;
    }
    if (previous?.kind === 'list' && block.kind === 'list' && previous.ordered === block.ordered) {
      // A list interrupted only by blank lines is one list.
      result[result.length - 1] = { ...previous, items: [...previous.items, ...block.items] };
      continue;
    }
    result.push(block);
  }
  return result;
}
