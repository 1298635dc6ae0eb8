/**
 * Blocks: a plain, serialisable view of a section's content, covering every node and mark of the
 * content schema (shared/model/schema.ts):
 *   paragraph, heading        runs of text with marks; a hard break is a "\n" in a run
 *   list                      bulletList / orderedList; nesting is a depth (see ListBlock)
 *   quote                     blockquote, holding blocks
 *   code                      codeBlock, plain text with its line breaks
 *   divider                   horizontalRule
 *   table                     rows of header or data cells, each holding blocks
 * Export, import, completeness, version diffs and the demo data all speak in blocks. Their Yjs
 * form, which the editor is bound to, is in blocks.ts.
 */
import { MARK_NAMES, MAX_TABLE_SPAN, type MarkName } from '../model/schema';

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
