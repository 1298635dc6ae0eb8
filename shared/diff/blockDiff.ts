/**
 * Paragraph-by-paragraph comparison of a section, the way a reader of two versions wants it:
 * only the paragraphs (list items, table rows) that changed, each with the unchanged paragraph
 * before and after it as context, the rest collapsed into a count; inside a changed paragraph
 * the inserted and deleted words; a table row compared cell by cell.
 *
 * Two passes of the bounded Myers search (wordDiff.ts): first over the section's paragraphs, keyed
 * by their text, then over the words of each changed paragraph paired with its replacement. A
 * paragraph whose text is the same but whose formatting is not (bold, heading level, list depth,
 * a header cell) is reported as a formatting change. The work is bounded for very long sections:
 * the paragraph search gets fewer edits the more paragraphs there are, and the word searches
 * share a character budget; beyond either, changed paragraphs are shown whole as "ändrat" and the
 * section says so (`coarse`).
 */
import { blockText, runsText, type Block, type InlineRun } from '../doc/blockModel';
import { editScript, wordDiff, type DiffPart } from './wordDiff';

export type UnitKind = 'paragraph' | 'heading' | 'listItem' | 'code' | 'divider' | 'tableRow';

/** One paragraph-sized piece of a section: what is aligned and shown. */
interface Unit {
  kind: UnitKind;
  /** What alignment compares; a table row's cells are joined by tabs. */
  key: string;
  text: string;
  cells?: string[];
  /** Everything but the words: kind, marks, level, depth, header cells, spans. */
  format: string;
}

export type BlockDiffEntry =
  | { kind: 'context'; unit: UnitKind; text: string; cells?: string[] }
  | { kind: 'collapsed'; count: number }
  | {
      kind: 'inserted' | 'deleted' | 'modified' | 'formatting';
      unit: UnitKind;
      parts: DiffPart[];
      /** For a table row: each cell's words. */
      cells?: DiffPart[][];
      /** The words were not compared (too long); the paragraph is shown whole as changed. */
      coarse?: true;
    };

export interface SectionDiff {
  entries: BlockDiffEntry[];
  /** Some words differ. */
  wordsChanged: boolean;
  /** The words are all the same, but formatting or structure is not. */
  formattingChanged: boolean;
  /** Set when the section was too long to compare word by word everywhere: a Swedish sentence. */
  coarse?: string;
}

/** Comparisons made per section by the paragraph search, at most: keeps it linear in practice. */
const ALIGN_BUDGET = 4_000_000;
/** Characters compared word by word per section, at most. */
const WORD_BUDGET = 200_000;
/** A paragraph longer than this is not compared word by word. */
const MAX_PARAGRAPH_CHARS = 20_000;

export const COARSE_MESSAGE =
  'Avsnittet är för långt för att jämföras ord för ord överallt; en del ändrade stycken visas hela som ändrade.';

function runsFormat(runs: readonly InlineRun[]): unknown {
  return runs.map((run) =>
    Object.keys(run)
      .filter((key) => key !== 'text' && run[key as keyof InlineRun])
      .sort()
      .concat(String(run.text.length)),
  );
}

function units(blocks: readonly Block[], prefix = ''): Unit[] {
  const out: Unit[] = [];
  const add = (kind: UnitKind, text: string, format: unknown, cells?: string[]) =>
    out.push({
      kind,
      key: kind === 'tableRow' ? `\u0001${text}` : text,
      text,
      format: prefix + JSON.stringify([kind, format]),
      ...(cells ? { cells } : {}),
    });
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        add('paragraph', runsText(block.runs), runsFormat(block.runs));
        break;
      case 'heading':
        add('heading', runsText(block.runs), [block.level, runsFormat(block.runs)]);
        break;
      case 'list':
        for (const item of block.items) add('listItem', runsText(item), [block.ordered, block.depth ?? 0, runsFormat(item)]);
        break;
      case 'quote':
        out.push(...units(block.blocks, `${prefix}quote:`));
        break;
      case 'code':
        add('code', block.text, null);
        break;
      case 'divider':
        add('divider', '', null);
        break;
      case 'table':
        for (const row of block.rows) {
          const cells = row.cells.map((cell) => cell.blocks.map(blockText).join(' '));
          add(
            'tableRow',
            cells.join('\t'),
            // A cell's blocks are compared as paragraphs are (marks, heading level, list depth), not by size.
            row.cells.map((cell) => [
              cell.header ?? false,
              cell.colspan ?? 1,
              cell.rowspan ?? 1,
              units(cell.blocks).map((unit) => unit.format),
            ]),
            cells,
          );
        }
        break;
    }
  }
  return out;
}

function whole(kind: 'inserted' | 'deleted', unit: Unit): BlockDiffEntry {
  return {
    kind,
    unit: unit.kind,
    parts: unit.text ? [{ kind, text: unit.text }] : [],
    ...(unit.cells ? { cells: unit.cells.map((cell) => (cell ? [{ kind, text: cell }] : [])) } : {}),
  };
}

/** Compares a section's blocks in two versions; `entries` is empty when nothing differs. */
export function diffBlocks(before: readonly Block[], after: readonly Block[]): SectionDiff {
  const a = units(before);
  const b = units(after);
  let coarse = false;
  let wordBudget = WORD_BUDGET;
  const words = (x: string, y: string): { parts: DiffPart[]; coarse?: true } => {
    const cost = x.length + y.length;
    if (x.length > MAX_PARAGRAPH_CHARS || y.length > MAX_PARAGRAPH_CHARS || cost > wordBudget) {
      coarse = true;
      return {
        parts: [...(x ? [{ kind: 'deleted' as const, text: x }] : []), ...(y ? [{ kind: 'inserted' as const, text: y }] : [])],
        coarse: true,
      };
    }
    wordBudget -= cost;
    return { parts: wordDiff(x, y) };
  };

  const maxEdits = Math.max(10, Math.min(2000, Math.floor(ALIGN_BUDGET / Math.max(1, a.length + b.length))));
  const keyed = (list: Unit[]) => list.map((unit) => unit.key);
  let script = editScript(keyed(a), keyed(b), maxEdits);
  if (!script) {
    coarse = true;
    script = [
      ...a.map((unit) => ['deleted', unit.key] as ['deleted', string]),
      ...b.map((unit) => ['inserted', unit.key] as ['inserted', string]),
    ];
  }

  // Walk the script into a sequence of rows: unchanged pairs and changed entries.
  type Row = { same: true; unit: Unit } | { same: false; entry: BlockDiffEntry };
  const rows: Row[] = [];
  let ia = 0;
  let ib = 0;
  let deleted: Unit[] = [];
  let inserted: Unit[] = [];
  const flush = () => {
    const pairs = Math.min(deleted.length, inserted.length);
    for (let i = 0; i < Math.max(deleted.length, inserted.length); i++) {
      const x = deleted[i];
      const y = inserted[i];
      if (i < pairs && x && y && (x.kind === 'tableRow') === (y.kind === 'tableRow')) {
        if (x.cells && y.cells) {
          const cells: DiffPart[][] = [];
          let rowCoarse = false;
          for (let c = 0; c < Math.max(x.cells.length, y.cells.length); c++) {
            const result = words(x.cells[c] ?? '', y.cells[c] ?? '');
            if (result.coarse) rowCoarse = true;
            cells.push(result.parts);
          }
          const parts = cells.flatMap((cell, c) => (c > 0 ? [{ kind: 'same' as const, text: '\t' }, ...cell] : cell));
          rows.push({
            same: false,
            entry: { kind: 'modified', unit: y.kind, parts, cells, ...(rowCoarse ? { coarse: true as const } : {}) },
          });
        } else {
          rows.push({ same: false, entry: { kind: 'modified', unit: y.kind, ...words(x.text, y.text) } });
        }
      } else {
        if (x) rows.push({ same: false, entry: whole('deleted', x) });
        if (y) rows.push({ same: false, entry: whole('inserted', y) });
      }
    }
    deleted = [];
    inserted = [];
  };
  for (const [kind] of script) {
    if (kind === 'deleted') deleted.push(a[ia++]!);
    else if (kind === 'inserted') inserted.push(b[ib++]!);
    else {
      flush();
      const x = a[ia++]!;
      const y = b[ib++]!;
      if (x.format === y.format) rows.push({ same: true, unit: y });
      else {
        const parts: DiffPart[] = y.text ? [{ kind: 'same', text: y.text }] : [];
        const cells = y.cells?.map((cell): DiffPart[] => (cell ? [{ kind: 'same', text: cell }] : []));
        rows.push({ same: false, entry: { kind: 'formatting', unit: y.kind, parts, ...(cells ? { cells } : {}) } });
      }
    }
  }
  flush();

  const entries: BlockDiffEntry[] = [];
  const changedAt = rows.map((row) => !row.same);
  if (changedAt.some(Boolean)) {
    const context = (unit: Unit): BlockDiffEntry => ({
      kind: 'context',
      unit: unit.kind,
      text: unit.text,
      ...(unit.cells ? { cells: unit.cells } : {}),
    });
    let hidden = 0;
    rows.forEach((row, index) => {
      if (!row.same) {
        if (hidden) entries.push({ kind: 'collapsed', count: hidden });
        hidden = 0;
        entries.push(row.entry);
      } else if (changedAt[index - 1] || changedAt[index + 1]) {
        if (hidden) entries.push({ kind: 'collapsed', count: hidden });
        hidden = 0;
        entries.push(context(row.unit));
      } else hidden++;
    });
    if (hidden) entries.push({ kind: 'collapsed', count: hidden });
  }
  const wordsChanged = entries.some(
    (entry) =>
      entry.kind === 'inserted' ||
      entry.kind === 'deleted' ||
      (entry.kind === 'modified' && entry.parts.some((part) => part.kind !== 'same')),
  );
  const formattingChanged = !wordsChanged && entries.some((entry) => entry.kind !== 'context' && entry.kind !== 'collapsed');
  return { entries, wordsChanged, formattingChanged, ...(coarse ? { coarse: COARSE_MESSAGE } : {}) };
}

/** The section's changes as one run of parts (changed paragraphs only, separated by newlines), for summaries. */
export function entryParts(entries: readonly BlockDiffEntry[]): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const entry of entries) {
    if (entry.kind === 'context' || entry.kind === 'collapsed') continue;
    if (parts.length) parts.push({ kind: 'same', text: '\n' });
    parts.push(...entry.parts);
  }
  return parts;
}
