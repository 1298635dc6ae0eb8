/**
 * Plain text and Markdown (the seeds' format) into source blocks. Blank lines separate blocks;
 * inside a block, `#` lines are headings, list-marker lines start list items, dotted lines are
 * signature rules. The lines of a paragraph are kept apart (as line breaks): whether they are a
 * wrapped paragraph, a stacked header or the lines of a list is decided where they are placed
 * (lineStructure.ts). A line continues the list item before it only when it reads as the item's
 * wrapped rest (indented, in lower case, or after a long line); any other line ends the list.
 */
import type { InlineRun } from '../../shared/doc/blocks';
import { parseInline } from './inlineMarkdown';
import { WRAPPED_LINE_LENGTH } from './lineStructure';
import { isRuleLine, listMarker, type SourceBlock } from './sourceBlocks';

export function textToSourceBlocks(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  // Form feeds (page breaks from PDF-to-text) and vertical tabs are layout, not text: spaces.
  const chunks = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\f\v]/g, ' ')
    .split(/\n[ \t]*\n/);
  const wrapped = isHardWrapped(text);
  for (const chunk of chunks) blocks.push(...chunkBlocks(chunk, wrapped));
  return blocks;
}

/** Lines no wider than this, many of them close to it: the writer's editor wrapped the text. */
const MAX_WRAP_WIDTH = 120;

/**
 * Whether the file's text was wrapped at a fixed width (as e-mail and many Markdown files are):
 * hardly a line wider than any wrapping, and many lines long enough to have been wrapped. Then a
 * line without a marker after a long list item is the rest of that item.
 */
function isHardWrapped(text: string): boolean {
  let long = 0;
  let wider = 0;
  for (const line of text.split('\n')) {
    const length = line.trim().length;
    if (length > MAX_WRAP_WIDTH) wider++;
    else if (length >= WRAPPED_LINE_LENGTH) long++;
  }
  // A heading or a table row may stand wider than the wrapping; paragraphs do not.
  return long >= 5 && wider * 10 <= long;
}

function chunkBlocks(chunk: string, hardWrapped: boolean): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let paragraphLines: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;

  const flush = (): void => {
    if (paragraphLines.length) {
      blocks.push({ kind: 'paragraph', runs: parseInline(paragraphLines.join('\n')) });
      paragraphLines = [];
    }
    if (list) {
      blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map((item) => parseInline(item)) });
      list = undefined;
    }
  };

  let lastLine = '';
  for (const rawLine of chunk.split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
    const before = lastLine;
    lastLine = line;
    const heading = /^(#{1,6})\s(.*)$/s.exec(line);
    const marker = listMarker(line);
    if (isRuleLine(line)) {
      flush();
      blocks.push({ kind: 'rule' });
    } else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length, runs: headingRuns(heading[2]!.trimStart()) });
    } else if (marker) {
      if (paragraphLines.length || (list && list.ordered !== marker.ordered)) flush();
      list ??= { ordered: marker.ordered, items: [] };
      list.items.push(marker.rest);
    } else if (list && continuesItem(rawLine, line, before, hardWrapped)) {
      const last = list.items.length - 1;
      list.items[last] = `${list.items[last]} ${line}`;
    } else {
      if (list) flush();
      paragraphLines.push(line);
    }
  }
  flush();
  return blocks;
}

/**
 * A wrapped list item's next line is indented under the item's text, goes on mid-sentence, or
 * (in a file wrapped at a fixed width) follows a line as long as wrapped lines are.
 */
function continuesItem(rawLine: string, line: string, before: string, hardWrapped: boolean): boolean {
  const wrapped = hardWrapped && before.length >= WRAPPED_LINE_LENGTH;
  return /^\s/.test(rawLine) || /^\p{Ll}/u.test(line) || wrapped;
}

/** A heading's emphasis markers ("### **Ansvariga**") are decoration, not content. */
function headingRuns(text: string): InlineRun[] {
  const plain = parseInline(text.trim())
    .map((run) => run.text)
    .join('');
  // Closing hashes ("## Ärendet ##") are stripped in code: `#+\s*$` rescanned a run of hashes
  // from each of its positions.
  let end = plain.trimEnd().length;
  while (end > 0 && plain[end - 1] === '#') end--;
  return [{ text: plain.slice(0, end).trim() }];
}
