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
import { MARK_NAMES, MAX_TABLE_SPAN, SUGGESTION_MARK_NAMES, type MarkName, type SuggestionMarkName } from '../model/schema';

/**
 * A suggestion mark on a run (issue 15): the text is proposed for insertion, for deletion, or for
 * a formatting change, by a person at a time. Runs carry them so that every conversion of
 * blocks (versions restored, imports, template migration, exports) keeps open suggestions as
 * suggestions, and the exports can print the text as if accepted or as tracked changes.
 */
export interface RunSuggestion {
  kind: SuggestionMarkName;
  id: string;
  userId: string;
  /** The author's name as written with the mark (null when the writer gave none). */
  userName?: string | null;
  /** ISO UTC. */
  createdAt: string;
  /** For a formatChange: the marks accepting it adds and removes. */
  add?: MarkName[];
  remove?: MarkName[];
}

/**
 * Text with its formatting marks and, when it is part of open suggestions, those suggestions
 * (usually one; text suggested by one person and proposed for deletion by another has two), in
 * SUGGESTION_MARK_NAMES order, then by id.
 */
export type InlineRun = { text: string; suggestions?: RunSuggestion[] } & { [mark in MarkName]?: boolean };

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

/** The suggestions of a run in their canonical order (kind, then id), for comparing and writing. */
export function sortSuggestions(suggestions: readonly RunSuggestion[]): RunSuggestion[] {
  const rank = (kind: SuggestionMarkName) => SUGGESTION_MARK_NAMES.indexOf(kind);
  return [...suggestions].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sameSuggestion(a: RunSuggestion, b: RunSuggestion): boolean {
  return (
    a.kind === b.kind &&
    a.id === b.id &&
    a.userId === b.userId &&
    (a.userName ?? null) === (b.userName ?? null) &&
    a.createdAt === b.createdAt &&
    (a.add ?? []).join(' ') === (b.add ?? []).join(' ') &&
    (a.remove ?? []).join(' ') === (b.remove ?? []).join(' ')
  );
}

export function sameSuggestions(a: InlineRun, b: InlineRun): boolean {
  const x = a.suggestions ?? [];
  const y = b.suggestions ?? [];
  return x.length === y.length && x.every((suggestion, index) => sameSuggestion(suggestion, y[index]!));
}

/** Same formatting and the same suggestions: two such runs are one. */
export function sameMarks(a: InlineRun, b: InlineRun): boolean {
  return MARK_NAMES.every((mark) => !!a[mark] === !!b[mark]) && sameSuggestions(a, b);
}

/** A suggestion of the run of this kind, if any. */
export function suggestionOf(run: InlineRun, kind: SuggestionMarkName): RunSuggestion | undefined {
  return run.suggestions?.find((suggestion) => suggestion.kind === kind);
}

/**
 * The runs as if every suggestion on them were accepted: suggested deletions gone, suggested
 * insertions plain text, suggested formatting applied; no run carries a suggestion any more.
 */
export function acceptedRuns(runs: readonly InlineRun[]): InlineRun[] {
  const accepted: InlineRun[] = [];
  for (const run of runs) {
    if (!run.suggestions?.length) {
      accepted.push(run);
      continue;
    }
    if (suggestionOf(run, 'deletion')) continue;
    const { suggestions, ...plain } = run;
    const next: InlineRun = { ...plain };
    for (const change of suggestions) {
      if (change.kind !== 'formatChange') continue;
      for (const mark of change.add ?? []) next[mark] = true;
      for (const mark of change.remove ?? []) delete next[mark];
    }
    accepted.push(next);
  }
  return mergeRuns(accepted);
}

/** The blocks with every run of text (paragraphs, headings, list items, in quotes and tables) passed through `change`. */
export function mapBlockRuns(blocks: readonly Block[], change: (runs: InlineRun[]) => InlineRun[]): Block[] {
  return blocks.map((block): Block => {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        return { ...block, runs: change(block.runs) };
      case 'list':
        return { ...block, items: block.items.map(change) };
      case 'quote':
        return { ...block, blocks: mapBlockRuns(block.blocks, change) };
      case 'table':
        return {
          ...block,
          rows: block.rows.map((row) => ({ cells: row.cells.map((cell) => ({ ...cell, blocks: mapBlockRuns(cell.blocks, change) })) })),
        };
      default:
        return block;
    }
  });
}

/** The blocks as if every suggestion were accepted (see acceptedRuns). */
export function acceptedBlocks(blocks: readonly Block[]): Block[] {
  return mapBlockRuns(blocks, acceptedRuns);
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
