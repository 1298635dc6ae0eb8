/**
 * Plain text and Markdown (the seeds' format) into source blocks. Blank lines separate blocks;
 * inside a block, `#` lines are headings, list-marker lines start list items, dotted lines are
 * signature rules. The lines of a paragraph are kept apart (as line breaks): whether they are a
 * wrapped paragraph, a stacked header or the lines of a list is decided where they are placed
 * (lineStructure.ts). A line continues the list item before it only when it is indented or
 * starts in lower case, the way a wrapped item does; any other line ends the list.
 */
import type { InlineRun } from '../../shared/doc/blocks';
import { parseInline } from './inlineMarkdown';
import { isRuleLine, listMarker, type SourceBlock } from './sourceBlocks';

export function textToSourceBlocks(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  // Form feeds (page breaks from PDF-to-text) and vertical tabs are layout, not text: spaces.
  const chunks = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\f\v]/g, ' ')
    .split(/\n[ \t]*\n/);
  for (const chunk of chunks) blocks.push(...chunkBlocks(chunk));
  return blocks;
}

function chunkBlocks(chunk: string): SourceBlock[] {
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

  for (const rawLine of chunk.split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
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
    } else if (list && continuesItem(rawLine, line)) {
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

/** A wrapped list item's next line is indented under the item's text or goes on mid-sentence. */
function continuesItem(rawLine: string, line: string): boolean {
  return /^\s/.test(rawLine) || /^\p{Ll}/u.test(line);
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
