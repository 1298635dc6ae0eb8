/**
 * Mammoth's HTML into source blocks. Mammoth writes a small, well-formed subset (p, h1–h6,
 * ul/ol/li, table/tr/th/td, blockquote, pre, hr, strong, em, u, s, code, br, a, sup, img), so a
 * small tree (htmlTree.ts) is enough; no HTML parser is needed. Every node of the
 * content schema comes back: nested lists keep their depth, tables their header cells and spans.
 *
 * A line break inside a paragraph before the document's first heading, or in a paragraph holding
 * a signature rule, starts a new block, because Word users put header lines (name, title, e-mail)
 * and signatures in one paragraph with soft breaks; so does a tab between a header line's parts.
 * In the body it stays a line break.
 */
import {
  flattenList,
  mergeRuns,
  runsText,
  type Block,
  type InlineRun,
  type ListTree,
  type ListTreeItem,
  type TableCell,
} from '../../shared/doc/blocks';
import { MARK_NAMES, normaliseAttribute, type MarkName } from '../../shared/model/schema';
import { numberAttribute, parseTree, type HtmlElement, type HtmlNode } from './htmlTree';
import { isPersonName } from './signatures';
import { isRuleLine, listMarker, sourceText, type SourceBlock } from './sourceBlocks';

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

/** Elements that only group blocks (an HTML page's layout); their blocks are read in order. */
const CONTAINER_TAGS = [
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'body',
  'html',
  'dl',
  'dt',
  'dd',
  'figure',
  'aside',
  'nav',
];
/** Elements whose text is not document text. */
const SKIPPED_TAGS = ['head', 'style', 'script', 'title', 'template'];
const BLOCK_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'hr',
  'table',
  ...CONTAINER_TAGS,
  ...SKIPPED_TAGS,
]);

/** Signature rules and notes only mean something at the top level. */
function isBlock(block: SourceBlock): block is Block {
  return block.kind !== 'rule' && block.kind !== 'footnote';
}

function isBlockElement(node: HtmlNode): boolean {
  return typeof node !== 'string' && BLOCK_TAGS.has(node.tag);
}

/** Inline content as runs; a line break is a "\n" run. */
function inlineRuns(nodes: readonly HtmlNode[], marks: Marks = {}): InlineRun[] {
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
function tidyRuns(runs: readonly InlineRun[], keepTabs = false): InlineRun[] {
  // A top-level line's tabs separate its parts ("HUDDINGE KOMMUN<tab>TJÄNSTEUTLÅTANDE<tab>1 (2)",
  // two signatures side by side): kept, for the reader to decide (see columns below).
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

function trimTrailingLineBreaks(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return text.slice(0, end);
}

function joinLines(first: InlineRun[], second: InlineRun[]): InlineRun[] {
  return first.length && second.length ? mergeRuns([...first, { text: '\n' }, ...second]) : [...first, ...second];
}

function readList(element: HtmlElement): ListTree {
  const ordered = element.tag === 'ol';
  const tree: ListTree = {
    kind: 'listTree',
    ordered,
    start: ordered ? (normaliseAttribute('orderedList', 'start', numberAttribute(element, 'start') ?? 1) as number) : 1,
    items: [],
  };
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.tag === 'ul' || child.tag === 'ol') {
      // A list directly inside a list belongs to the item before it.
      const last = tree.items[tree.items.length - 1] ?? (tree.items.push({ runs: [], lists: [] }), tree.items[0]!);
      last.lists.push(readList(child));
    } else if (child.tag === 'li') {
      tree.items.push(readItem(child));
    }
  }
  return tree;
}

function readItem(element: HtmlElement): ListTreeItem {
  const item: ListTreeItem = { runs: [], lists: [] };
  let inline: HtmlNode[] = [];
  const flushInline = () => {
    item.runs = joinLines(item.runs, tidyRuns(inlineRuns(inline)));
    inline = [];
  };
  for (const child of element.children) {
    if (typeof child !== 'string' && (child.tag === 'ul' || child.tag === 'ol')) {
      flushInline();
      item.lists.push(readList(child));
    } else if (typeof child !== 'string' && child.tag === 'p') {
      flushInline();
      item.runs = joinLines(item.runs, tidyRuns(inlineRuns(child.children)));
    } else if (isBlockElement(child)) {
      // A table or quote inside a list item keeps its text, on a line of its own.
      flushInline();
      const text = readBlocks([child]).map(sourceText).filter(Boolean).join(' ');
      item.runs = joinLines(item.runs, text ? [{ text }] : []);
    } else {
      inline.push(child);
    }
  }
  flushInline();
  return item;
}

const NOTE_ID = /\bid\s*=\s*["']?(?:footnote|endnote)-(\d{1,6})/i;

/** Mammoth writes a Word file's footnotes and endnotes as a list at the end, each item with its note's id. */
function isNoteList(element: HtmlElement): boolean {
  const items = element.children.filter((child): child is HtmlElement => typeof child !== 'string');
  return items.length > 0 && items.every((item) => item.tag === 'li' && NOTE_ID.test(item.attributes));
}

/** Each note with its number, without the "↑" link back to its reference. */
function readNotes(element: HtmlElement): SourceBlock[] {
  const withoutBackLinks = (nodes: HtmlNode[]): HtmlNode[] =>
    nodes
      .filter(
        (node) => typeof node === 'string' || !(node.tag === 'a' && /href\s*=\s*["']?#(?:footnote|endnote)-ref-/i.test(node.attributes)),
      )
      .map((node) => (typeof node === 'string' ? node : { ...node, children: withoutBackLinks(node.children) }));
  return element.children
    .filter((child): child is HtmlElement => typeof child !== 'string')
    .map((item) => {
      const runs = tidyRuns(
        inlineRuns(
          withoutBackLinks(item.children).flatMap((child) =>
            typeof child !== 'string' && child.tag === 'p' ? [...child.children, ' '] : [child],
          ),
        ),
      );
      return { kind: 'footnote' as const, number: NOTE_ID.exec(item.attributes)![1]!, runs };
    })
    .filter((note) => note.runs.length > 0);
}

function readCell(element: HtmlElement): TableCell {
  const cell: TableCell = { blocks: readBlocks(element.children).filter(isBlock) };
  if (element.tag === 'th') cell.header = true;
  for (const name of ['colspan', 'rowspan'] as const) {
    const value = normaliseAttribute('tableCell', name, numberAttribute(element, name) ?? 1) as number;
    if (value !== 1) cell[name] = value;
  }
  return cell;
}

function tableRows(element: HtmlElement): HtmlElement[] {
  return element.children.flatMap((child) => {
    if (typeof child === 'string') return [];
    if (child.tag === 'tr') return [child];
    return ['thead', 'tbody', 'tfoot'].includes(child.tag) ? tableRows(child) : [];
  });
}

function readTable(element: HtmlElement): Block {
  return {
    kind: 'table',
    rows: tableRows(element)
      .map((row) => ({
        cells: row.children
          .filter((cell): cell is HtmlElement => typeof cell !== 'string' && (cell.tag === 'td' || cell.tag === 'th'))
          .map(readCell),
      }))
      .filter((row) => row.cells.length > 0),
  };
}

interface ReadState {
  /** Whether a heading has been read at the top level (the header area is over). */
  pastHeader: boolean;
  topLevel: boolean;
}

/** A sequence of nodes into blocks; stray inline content between blocks becomes a paragraph. */
function readBlocks(nodes: readonly HtmlNode[], state: ReadState = { pastHeader: true, topLevel: false }): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let inline: HtmlNode[] = [];
  const flushInline = () => {
    if (inline.some((node) => typeof node !== 'string' || node.trim())) pushParagraph(blocks, tidyRuns(inlineRuns(inline)), state);
    inline = [];
  };
  for (const node of nodes) {
    if (!isBlockElement(node)) {
      inline.push(node);
      continue;
    }
    flushInline();
    const element = node as HtmlElement;
    switch (element.tag) {
      case 'p':
        pushParagraph(blocks, tidyRuns(inlineRuns(element.children), state.topLevel), state);
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const runs = tidyRuns(inlineRuns(element.children)).map((run) => ({ ...run, text: run.text.replace(/\n/g, ' ') }));
        if (runs.length) blocks.push({ kind: 'heading', level: Number(element.tag[1]), runs: mergeRuns(runs) });
        if (state.topLevel) state.pastHeader = true;
        break;
      }
      case 'ul':
      case 'ol':
        if (isNoteList(element)) blocks.push(...readNotes(element));
        else blocks.push(...flattenList(readList(element)).filter((block) => block.items.some((item) => item.length > 0)));
        break;
      case 'li':
        blocks.push(...flattenList({ kind: 'listTree', ordered: false, start: 1, items: [readItem(element)] }));
        break;
      case 'blockquote': {
        const inner = readBlocks(element.children).filter(isBlock);
        if (inner.length) blocks.push({ kind: 'quote', blocks: inner });
        break;
      }
      case 'pre': {
        const text = trimTrailingLineBreaks(runsText(inlineRuns(element.children)));
        if (text.trim()) blocks.push({ kind: 'code', text });
        break;
      }
      case 'hr':
        blocks.push({ kind: 'divider' });
        break;
      case 'head':
      case 'style':
      case 'script':
      case 'title':
      case 'template':
        break;
      case 'table': {
        const table = readTable(element);
        if (table.kind === 'table' && table.rows.length) blocks.push(table);
        break;
      }
      default:
        blocks.push(...readBlocks(element.children, state));
    }
  }
  flushInline();
  return blocks;
}

/**
 * A paragraph, or (at the top level) what its lines stand for: typed list markers and signature
 * rules in Word paragraphs mean what they mean in text files.
 */
function pushParagraph(blocks: SourceBlock[], runs: InlineRun[], state: ReadState): void {
  if (!runs.length) return;
  if (!state.topLevel) {
    blocks.push({ kind: 'paragraph', runs });
    return;
  }
  const lines = splitLines(runs, '\n');
  const splits = !state.pastHeader || lines.some((line) => isRuleLine(runsText(line)));
  for (const line of splits ? lines : [runs]) pushLine(blocks, tidyRuns(line, true));
}

function splitLines(runs: readonly InlineRun[], separator: string | RegExp): InlineRun[][] {
  const lines: InlineRun[][] = [[]];
  for (const run of runs) {
    run.text.split(separator).forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}

function pushLine(blocks: SourceBlock[], runs: InlineRun[]): void {
  const text = runsText(runs);
  if (!text) return;
  if (isRuleLine(text)) {
    blocks.push({ kind: 'rule' });
    return;
  }
  const marker = listMarker(text);
  if (marker) {
    const first = runs[0]!;
    const cut = text.length - marker.rest.length;
    const itemRuns = tidyRuns([{ ...first, text: first.text.slice(cut) }, ...runs.slice(1)]);
    const previous = blocks[blocks.length - 1];
    if (previous?.kind === 'list' && previous.ordered === marker.ordered && !previous.depth) previous.items.push(itemRuns);
    else blocks.push({ kind: 'list', ordered: marker.ordered, items: [itemRuns] });
    return;
  }
  blocks.push({ kind: 'paragraph', runs });
}

export function htmlToSourceBlocks(html: string): SourceBlock[] {
  return readColumns(readBlocks(parseTree(html).children, { pastHeader: false, topLevel: true }));
}

/** The parts of a line a tab separates. */
function cells(runs: readonly InlineRun[]): InlineRun[][] {
  const parts: InlineRun[][] = [[]];
  for (const run of runs) {
    run.text.split('\t').forEach((part, index) => {
      if (index > 0) parts.push([]);
      if (part) parts[parts.length - 1]!.push({ ...run, text: part });
    });
  }
  return parts.map((part) => tidyRuns(part)).filter((part) => part.length > 0);
}

/**
 * Lines whose parts a tab separates: signatures side by side ("Åsa Berg<tab>Per Lind" over
 * "Kommundirektör<tab>Utredare") are read column by column, so that each name stays with its
 * title; any other line's parts are lines of it, as if a soft break stood between them.
 */
function readColumns(blocks: readonly SourceBlock[]): SourceBlock[] {
  const result: SourceBlock[] = [];
  const tabbed = (block: SourceBlock | undefined): InlineRun[][] | undefined =>
    block?.kind === 'paragraph' && block.runs.some((run) => run.text.includes('\t')) ? cells(block.runs) : undefined;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const row = tabbed(block);
    if (!row) {
      result.push(block);
      continue;
    }
    if (row.length > 1 && row.every((cell) => isPersonName(runsText(cell)))) {
      const rows = [row];
      while (tabbed(blocks[index + rows.length])?.length === row.length) rows.push(tabbed(blocks[index + rows.length])!);
      if (rows.length > 1) {
        for (let column = 0; column < row.length; column++)
          for (const cellsOfRow of rows) result.push({ kind: 'paragraph', runs: cellsOfRow[column]! });
        index += rows.length - 1;
        continue;
      }
    }
    // Any other line's parts are lines of it, as a soft break makes them.
    row.forEach((cell, column) =>
      result.push(
        column === 0 && block.kind === 'paragraph' && !block.continues
          ? { kind: 'paragraph', runs: cell }
          : { kind: 'paragraph', runs: cell, continues: 'break' },
      ),
    );
  }
  return result;
}
