/**
 * Mammoth's HTML into source blocks. Mammoth writes a small, well-formed subset (p, h1–h6,
 * ul/ol/li, table/tr/th/td, blockquote, pre, hr, strong, em, u, s, code, br, a, sup, img), so a
 * small tree (htmlTree.ts) is enough; no HTML parser is needed. Every node of the
 * content schema comes back: nested lists keep their depth, tables their header cells and spans.
 *
 * A line break inside a paragraph before the document's first heading, or in a paragraph holding
 * a signature rule, starts a new block, because Word users put header lines (name, title, e-mail)
 * and signatures in one paragraph with soft breaks (topLevelParagraphs.ts); so does a tab between
 * a header line's parts (tabbedColumns.ts). In the body it stays a line break.
 */
import { flattenList, mergeRuns, runsText, type Block, type ListTree, type ListTreeItem, type TableCell } from '../../shared/doc/blocks';
import { normaliseAttribute } from '../../shared/model/schema';
import { numberAttribute, parseTree, type HtmlElement, type HtmlNode } from './htmlTree';
import { inlineRuns, joinLines, tidyRuns, trimTrailingLineBreaks } from './htmlInlineRuns';
import { isNoteList, readNotes } from './htmlNotes';
import { sourceText, type SourceBlock } from './sourceBlocks';
import { readColumns } from './tabbedColumns';
import { pushParagraph, type ReadState } from './topLevelParagraphs';

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

export function htmlToSourceBlocks(html: string): SourceBlock[] {
  return readColumns(readBlocks(parseTree(html).children, { pastHeader: false, topLevel: true }));
}
