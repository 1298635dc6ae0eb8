/**
 * A plain, serialisable view of a section's content, and its conversion to and from the Yjs
 * XML that the Tiptap editor is bound to. Export, import, completeness, version diffs and the demo
 * data all speak in blocks, so none of them needs to know how y-prosemirror lays out nodes.
 *
 * Blocks cover every node and mark of the content schema (shared/model/schema.ts):
 *   paragraph, heading        runs of text with marks; a hard break is a "\n" in a run
 *   list                      bulletList / orderedList; nesting is a depth (see ListBlock)
 *   quote                     blockquote, holding blocks
 *   code                      codeBlock, plain text with its line breaks
 *   divider                   horizontalRule
 *   table                     rows of header or data cells, each holding blocks
 */
import * as Y from 'yjs';
import {
  clampHeadingLevel,
  isContentNodeName,
  markOfAttribute,
  MARK_NAMES,
  MAX_NESTING_DEPTH,
  MAX_TABLE_SPAN,
  normaliseAttribute,
  type MarkName,
} from '../model/schema';

export type InlineRun = { text: string } & { [mark in MarkName]?: boolean };

/**
 * One level of a list. Lists are flat in blocks, the way Word numbers paragraphs: a list block
 * with `depth` d > 0 is nested in the last item of the nearest list block before it with depth
 * d - 1, and a list block marked `continues` carries on the list at its depth after such a
 * nested list (item 3 after item 2's sub-list). Consumers that only want the text can read
 * `items` and ignore the nesting.
 */
export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  items: InlineRun[][];
  depth?: number;
  /** The first number of an ordered list, when not 1. */
  start?: number;
  continues?: true;
}

export interface TableCell {
  header?: boolean;
  colspan?: number;
  rowspan?: number;
  blocks: Block[];
}

export interface TableRow {
  cells: TableCell[];
}

export type Block =
  | { kind: 'paragraph'; runs: InlineRun[] }
  | { kind: 'heading'; level: number; runs: InlineRun[] }
  | ListBlock
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; text: string }
  | { kind: 'divider' }
  | { kind: 'table'; rows: TableRow[] };

export type BlockKind = Block['kind'];

/** Every block kind, and the schema node each stands for, so a test can check that nothing is missed. */
export const BLOCK_NODES: Record<BlockKind, readonly string[]> = {
  paragraph: ['paragraph', 'hardBreak'],
  heading: ['heading'],
  list: ['bulletList', 'orderedList', 'listItem'],
  quote: ['blockquote'],
  code: ['codeBlock'],
  divider: ['horizontalRule'],
  table: ['table', 'tableRow', 'tableHeader', 'tableCell'],
};

export function runsText(runs: readonly InlineRun[]): string {
  return runs.map((run) => run.text).join('');
}

/** The block's text: list items and table rows on lines of their own, cells separated by tabs. */
export function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return runsText(block.runs);
    case 'list':
      return block.items.map(runsText).join('\n');
    case 'quote':
      return block.blocks.map(blockText).join('\n');
    case 'code':
      return block.text;
    case 'divider':
      return '';
    case 'table':
      return block.rows.map((row) => row.cells.map((cell) => cell.blocks.map(blockText).join(' ')).join('\t')).join('\n');
  }
}

/** A divider is content though it has no text; anything else is blank when it has no visible text. */
export function isBlankBlock(block: Block): boolean {
  return block.kind !== 'divider' && blockText(block).trim() === '';
}

export function paragraph(text: string): Block {
  return { kind: 'paragraph', runs: text ? [{ text }] : [] };
}

export function heading(text: string, level = 3): Block {
  return { kind: 'heading', level, runs: [{ text }] };
}

export function list(items: string[], ordered = false): Block {
  return { kind: 'list', ordered, items: items.map((text) => (text ? [{ text }] : [])) };
}

export function sameMarks(a: InlineRun, b: InlineRun): boolean {
  return MARK_NAMES.every((mark) => !!a[mark] === !!b[mark]);
}

/** Joins neighbouring runs with the same marks, so equal content always has equal runs. */
export function mergeRuns(runs: readonly InlineRun[]): InlineRun[] {
  const merged: InlineRun[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && sameMarks(last, run)) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}

/** The marks of a run, in schema order. */
export function runMarks(run: InlineRun): MarkName[] {
  return MARK_NAMES.filter((mark) => run[mark]);
}

// ---------------------------------------------------------------- nesting

export interface ListTreeItem {
  runs: InlineRun[];
  lists: ListTree[];
}

export interface ListTree {
  kind: 'listTree';
  ordered: boolean;
  start: number;
  items: ListTreeItem[];
}

export type NestedBlock = Exclude<Block, ListBlock> | ListTree;

/**
 * Blocks with their flat lists rebuilt into trees: what the editor, HTML and the text export
 * need. A list deeper than its context allows is placed at the deepest level open there, so no
 * item is lost.
 */
export function nestLists(blocks: readonly Block[]): NestedBlock[] {
  const nested: NestedBlock[] = [];
  const open: ListTree[] = [];
  for (const block of blocks) {
    if (block.kind !== 'list') {
      open.length = 0;
      nested.push(block);
      continue;
    }
    const depth = Math.min(Math.max(0, block.depth ?? 0), open.length);
    const current = open[depth];
    if (block.continues && current && current.ordered === block.ordered) {
      current.items.push(...block.items.map((runs) => ({ runs, lists: [] })));
      open.length = depth + 1;
      continue;
    }
    const tree: ListTree = {
      kind: 'listTree',
      ordered: block.ordered,
      start: block.start ?? 1,
      items: (block.items.length ? block.items : [[]]).map((runs) => ({ runs, lists: [] })),
    };
    if (depth === 0) nested.push(tree);
    else open[depth - 1]!.items[open[depth - 1]!.items.length - 1]!.lists.push(tree);
    open.length = depth;
    open.push(tree);
  }
  return nested;
}

/** A list tree back into flat list blocks (the inverse of nestLists). */
export function flattenList(tree: ListTree, depth = 0): ListBlock[] {
  const blocks: ListBlock[] = [];
  let current: ListBlock | undefined;
  for (const item of tree.items) {
    if (!current) {
      current = { kind: 'list', ordered: tree.ordered, items: [] };
      if (depth > 0) current.depth = depth;
      if (blocks.length > 0) current.continues = true;
      else if (tree.ordered && tree.start !== 1) current.start = tree.start;
      blocks.push(current);
    }
    current.items.push(item.runs);
    for (const child of item.lists) {
      blocks.push(...flattenList(child, depth + 1));
      current = undefined;
    }
  }
  return blocks;
}

// ---------------------------------------------------------------- reading Yjs XML

type XmlChild = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** All text under an element, line breaks between its blocks, without recursion: for content nested too deep. */
function deepText(element: Y.XmlElement): string {
  const parts: string[] = [];
  const pending: Array<Y.XmlElement | Y.XmlText | Y.XmlHook | '\n'> = [element];
  while (pending.length) {
    const node = pending.pop()!;
    if (node === '\n') parts.push('\n');
    else if (node instanceof Y.XmlText) parts.push(node.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join(''));
    else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') parts.push('\n');
      const children = node.toArray();
      for (let index = children.length - 1; index >= 0; index--) {
        pending.push(children[index]!);
        if (children[index] instanceof Y.XmlElement && index > 0) pending.push('\n');
      }
    }
  }
  return parts.join('').replace(/\n{2,}/g, '\n').trim();
}

function readRuns(element: Y.XmlElement, depth = 0): InlineRun[] {
  if (depth > MAX_NESTING_DEPTH) return [{ text: deepText(element) }];
  const runs: InlineRun[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== 'string') continue;
        const run: InlineRun = { text: op.insert };
        for (const attribute of Object.keys(op.attributes ?? {})) {
          const mark = markOfAttribute(attribute);
          if (mark) run[mark] = true;
        }
        runs.push(run);
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' });
      // An inline node the schema does not know keeps its text.
      else runs.push(...readRuns(child, depth + 1));
    }
  }
  return mergeRuns(runs);
}

function plainText(element: Y.XmlElement): string {
  return runsText(readRuns(element));
}

function elementsOf(element: Y.XmlElement): Y.XmlElement[] {
  return element.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement);
}

/** The runs of a list item's text blocks, joined by line breaks; other blocks are read as blocks. */
function readList(element: Y.XmlElement, depth: number): ListTree {
  const tree: ListTree = {
    kind: 'listTree',
    ordered: element.nodeName === 'orderedList',
    start: element.nodeName === 'orderedList' ? (normaliseAttribute('orderedList', 'start', element.getAttribute('start')) as number) : 1,
    items: [],
  };
  for (const itemElement of elementsOf(element)) {
    const item: ListTreeItem = { runs: [], lists: [] };
    tree.items.push(item);
    for (const child of elementsOf(itemElement)) {
      if (child.nodeName === 'bulletList' || child.nodeName === 'orderedList') {
        if (depth + 1 <= MAX_NESTING_DEPTH) item.lists.push(readList(child, depth + 1));
        else item.runs = mergeRuns([...item.runs, { text: `${item.runs.length ? '\n' : ''}${deepText(child)}` }]);
        continue;
      }
      // A heading, quote, table or code block inside a list item is kept as its text, on a line of its own.
      const text = child.nodeName === 'paragraph' || child.nodeName === 'heading' ? readRuns(child) : readBlocks([child], depth + 1).map((block) => ({ text: blockText(block) }));
      item.runs = item.runs.length && text.length ? mergeRuns([...item.runs, { text: '\n' }, ...text]) : mergeRuns([...item.runs, ...text]);
    }
  }
  return tree;
}

function readCell(element: Y.XmlElement, depth: number): TableCell {
  const cell: TableCell = { blocks: readBlocks(element.toArray(), depth + 1) };
  if (element.nodeName === 'tableHeader') cell.header = true;
  for (const name of ['colspan', 'rowspan'] as const) {
    const value = normaliseAttribute('tableCell', name, element.getAttribute(name)) as number;
    if (value !== 1) cell[name] = value;
  }
  return cell;
}

/**
 * Reads the blocks of one element list (a section's children). An element the schema does not
 * know keeps its content: its blocks if it holds any, else its text as a paragraph.
 */
export function readBlocks(elements: ReadonlyArray<XmlChild>, depth = 0): Block[] {
  const blocks: Block[] = [];
  for (const element of elements) {
    if (!(element instanceof Y.XmlElement)) continue;
    if (depth > MAX_NESTING_DEPTH) {
      const text = deepText(element);
      if (text) blocks.push(element.nodeName === 'codeBlock' ? { kind: 'code', text } : paragraph(text));
      continue;
    }
    switch (element.nodeName) {
      case 'paragraph':
        blocks.push({ kind: 'paragraph', runs: readRuns(element) });
        break;
      case 'heading':
        blocks.push({ kind: 'heading', level: clampHeadingLevel(element.getAttribute('level')), runs: readRuns(element) });
        break;
      case 'bulletList':
      case 'orderedList':
        blocks.push(...flattenList(readList(element, depth)));
        break;
      case 'blockquote':
        blocks.push({ kind: 'quote', blocks: readBlocks(element.toArray(), depth + 1) });
        break;
      case 'codeBlock':
        blocks.push({ kind: 'code', text: plainText(element) });
        break;
      case 'horizontalRule':
        blocks.push({ kind: 'divider' });
        break;
      case 'table':
        blocks.push({
          kind: 'table',
          rows: elementsOf(element).map((row) => ({ cells: elementsOf(row).map((cell) => readCell(cell, depth)) })),
        });
        break;
      default: {
        const children = elementsOf(element);
        const holdsBlocks = children.some((child) => child.nodeName !== 'hardBreak' && (isContentNodeName(child.nodeName) || elementsOf(child).length > 0));
        if (holdsBlocks) blocks.push(...readBlocks(element.toArray(), depth + 1));
        else blocks.push({ kind: 'paragraph', runs: readRuns(element) });
      }
    }
  }
  return blocks;
}

// ---------------------------------------------------------------- writing Yjs XML

function textElement(nodeName: string, runs: readonly InlineRun[], attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement(nodeName);
  for (const [name, value] of Object.entries(attributes)) {
    // y-prosemirror stores attribute values as they are (numbers stay numbers).
    element.setAttribute(name, value as string);
  }
  // A hard break is an element between texts; each stretch of text is one XmlText.
  const children: Array<Y.XmlText | Y.XmlElement> = [];
  let text: Y.XmlText | undefined;
  let offset = 0;
  for (const run of runs) {
    const lines = run.text.split('\n');
    lines.forEach((line, index) => {
      if (index > 0) {
        children.push(new Y.XmlElement('hardBreak'));
        text = undefined;
      }
      if (!line) return;
      if (!text) {
        text = new Y.XmlText();
        offset = 0;
        children.push(text);
      }
      const marks: Record<string, object> = {};
      for (const mark of runMarks(run)) marks[mark] = {};
      // Prelim XmlText applies inserts in order once integrated.
      text.insert(offset, line, marks);
      offset += line.length;
    });
  }
  if (children.length === 0) children.push(new Y.XmlText());
  element.insert(0, children);
  return element;
}

function codeElement(text: string): Y.XmlElement {
  const element = new Y.XmlElement('codeBlock');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function listElement(tree: ListTree): Y.XmlElement {
  const element = new Y.XmlElement(tree.ordered ? 'orderedList' : 'bulletList');
  if (tree.ordered) element.setAttribute('start', normaliseAttribute('orderedList', 'start', tree.start) as unknown as string);
  element.insert(
    0,
    tree.items.map((item) => {
      const itemElement = new Y.XmlElement('listItem');
      itemElement.insert(0, [textElement('paragraph', item.runs), ...item.lists.map(listElement)]);
      return itemElement;
    }),
  );
  return element;
}

function cellElement(cell: TableCell): Y.XmlElement {
  const element = new Y.XmlElement(cell.header ? 'tableHeader' : 'tableCell');
  element.setAttribute('colspan', normaliseAttribute('tableCell', 'colspan', cell.colspan ?? 1) as unknown as string);
  element.setAttribute('rowspan', normaliseAttribute('tableCell', 'rowspan', cell.rowspan ?? 1) as unknown as string);
  element.insert(0, blocksToElements(cell.blocks.length ? cell.blocks : [paragraph('')]));
  return element;
}

function tableElement(rows: readonly TableRow[]): Y.XmlElement {
  const element = new Y.XmlElement('table');
  const kept = rows.filter((row) => row.cells.length > 0);
  element.insert(
    0,
    (kept.length ? kept : [{ cells: [{ blocks: [] }] }]).map((row) => {
      const rowElement = new Y.XmlElement('tableRow');
      rowElement.insert(0, row.cells.map(cellElement));
      return rowElement;
    }),
  );
  return element;
}

function nestedElement(block: NestedBlock): Y.XmlElement {
  switch (block.kind) {
    case 'paragraph':
      return textElement('paragraph', block.runs);
    case 'heading':
      return textElement('heading', block.runs, { level: clampHeadingLevel(block.level) });
    case 'listTree':
      return listElement(block);
    case 'quote': {
      const element = new Y.XmlElement('blockquote');
      element.insert(0, blocksToElements(block.blocks.length ? block.blocks : [paragraph('')]));
      return element;
    }
    case 'code':
      return codeElement(block.text);
    case 'divider':
      return new Y.XmlElement('horizontalRule');
    case 'table':
      return tableElement(block.rows);
  }
}

/** Builds detached Yjs elements for blocks, ready to insert into a section. */
export function blocksToElements(blocks: readonly Block[]): Y.XmlElement[] {
  return nestLists(blocks).map(nestedElement);
}

// ---------------------------------------------------------------- tables

export interface GridSlot {
  cell: TableCell;
  /** Whether this slot is the cell's top-left one (where its content is shown). */
  origin: boolean;
}

/**
 * The table as rows of column slots, with every span expanded: what aligned text columns and
 * Word's column widths need. Rows are padded to the widest row.
 */
export function tableGrid(rows: readonly TableRow[]): GridSlot[][] {
  const grid: Array<Array<GridSlot | undefined>> = rows.map(() => []);
  rows.forEach((row, rowIndex) => {
    let column = 0;
    for (const cell of row.cells) {
      while (grid[rowIndex]![column]) column++;
      const colspan = Math.min(MAX_TABLE_SPAN, Math.max(1, cell.colspan ?? 1));
      const rowspan = Math.max(1, Math.min(MAX_TABLE_SPAN, cell.rowspan ?? 1, rows.length - rowIndex));
      for (let r = 0; r < rowspan; r++) {
        for (let c = 0; c < colspan; c++) grid[rowIndex + r]![column + c] = { cell, origin: r === 0 && c === 0 };
      }
      column += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  const empty = (): GridSlot => ({ cell: { blocks: [] }, origin: true });
  return grid.map((row) => Array.from({ length: width }, (_, column) => row[column] ?? empty()));
}
