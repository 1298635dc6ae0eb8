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
 *
 * Open suggestions are compared as what they are (issue 15): a paragraph's words are all its
 * visible text, so text proposed for deletion is still there and is not reported as deleted
 * until the deletion is accepted; words that stand in a suggestion carry it (`suggestion` on the
 * part: what is proposed, by whom); and a paragraph whose words are the same but whose
 * suggestions are not is a change of its own kind, `suggestions`.
 */
import { runsText, suggestionOf, type Block, type InlineRun } from '../doc/blockModel';
import { MARK_NAMES } from '../model/schema';
import { editScript, wordDiff, type DiffPart, type DiffSuggestion } from './wordDiff';

export type UnitKind = 'paragraph' | 'heading' | 'listItem' | 'code' | 'divider' | 'tableRow';

/** One paragraph-sized piece of a section: what is aligned and shown. */
interface Unit {
  kind: UnitKind;
  /** What alignment compares; a table row's cells are joined by tabs. */
  key: string;
  text: string;
  cells?: string[];
  /** Everything but the words: kind, marks, level, depth, header cells, spans, and open suggestions. */
  format: string;
  /** The same without the suggestions. */
  plainFormat: string;
  /** The runs of `text` (of each cell for a table row), for the suggestions of its words. */
  runs: InlineRun[];
  cellRuns?: InlineRun[][];
}

export type BlockDiffEntry =
  | { kind: 'context'; unit: UnitKind; text: string; cells?: string[] }
  | { kind: 'collapsed'; count: number }
  | {
      /** `suggestions`: the same words and formatting, but suggestions made, decided on or changed. */
      kind: 'inserted' | 'deleted' | 'modified' | 'formatting' | 'suggestions';
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
  /** Some open suggestions differ (made, decided on, or words in them changed). */
  suggestionsChanged: boolean;
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

/**
 * A paragraph's formatting for comparing: each stretch of text of the same marks, and with
 * `suggestions` each stretch of the same marks and open suggestions (kind, id and author).
 */
function runsFormat(runs: readonly InlineRun[], suggestions = true): unknown {
  const stretches: Array<{ key: string[]; length: number }> = [];
  for (const run of runs) {
    const key = [
      ...MARK_NAMES.filter((mark) => run[mark]),
      ...(suggestions ? (run.suggestions ?? []).map((suggestion) => `${suggestion.kind}:${suggestion.id}:${suggestion.userId}`) : []),
    ];
    const last = stretches[stretches.length - 1];
    if (last && last.key.join() === key.join()) last.length += run.text.length;
    else stretches.push({ key, length: run.text.length });
  }
  return stretches.map(({ key, length }) => [...key, String(length)]);
}

/** The runs of a block's text, exactly as blockText joins it. */
function blockRuns(block: Block): InlineRun[] {
  const joined = (parts: InlineRun[][], separator: string) =>
    parts.flatMap((part, index) => (index > 0 ? [{ text: separator }, ...part] : part));
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return block.runs;
    case 'list':
      return joined(block.items, '\n');
    case 'quote':
      return joined(block.blocks.map(blockRuns), '\n');
    case 'code':
      return [{ text: block.text }];
    case 'divider':
      return [];
    case 'table':
      return joined(
        block.rows.map((row) => joined(row.cells.map(cellRuns), '\t')),
        '\n',
      );
  }
}

const cellRuns = (cell: { blocks: Block[] }) =>
  cell.blocks.map(blockRuns).reduce<InlineRun[]>((all, runs, index) => [...all, ...(index > 0 ? [{ text: ' ' }] : []), ...runs], []);

function units(blocks: readonly Block[], prefix = ''): Unit[] {
  const out: Unit[] = [];
  const add = (kind: UnitKind, runs: InlineRun[], format: (suggestions: boolean) => unknown, cells?: InlineRun[][]) => {
    const text = cells ? cells.map(runsText).join('\t') : runsText(runs);
    out.push({
      kind,
      key: kind === 'tableRow' ? `\u0001${text}` : text,
      text,
      format: prefix + JSON.stringify([kind, format(true)]),
      plainFormat: prefix + JSON.stringify([kind, format(false)]),
      runs,
      ...(cells ? { cells: cells.map(runsText), cellRuns: cells } : {}),
    });
  };
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        add('paragraph', block.runs, (suggestions) => runsFormat(block.runs, suggestions));
        break;
      case 'heading':
        add('heading', block.runs, (suggestions) => [block.level, runsFormat(block.runs, suggestions)]);
        break;
      case 'list':
        for (const item of block.items)
          add('listItem', item, (suggestions) => [block.ordered, block.depth ?? 0, runsFormat(item, suggestions)]);
        break;
      case 'quote':
        out.push(...units(block.blocks, `${prefix}quote:`));
        break;
      case 'code':
        add('code', [{ text: block.text }], () => null);
        break;
      case 'divider':
        add('divider', [], () => null);
        break;
      case 'table':
        for (const row of block.rows) {
          add(
            'tableRow',
            [],
            // A cell's blocks are compared as paragraphs are (marks, heading level, list depth), not by size.
            (suggestions) =>
              row.cells.map((cell) => [
                cell.header ?? false,
                cell.colspan ?? 1,
                cell.rowspan ?? 1,
                units(cell.blocks).map((unit) => (suggestions ? unit.format : unit.plainFormat)),
              ]),
            row.cells.map(cellRuns),
          );
        }
        break;
    }
  }
  return out;
}

/** The suggestion a reader sees on a run: a deletion before an insertion before a formatting change. */
function shownSuggestion(run: InlineRun): DiffSuggestion | undefined {
  const suggestion = suggestionOf(run, 'deletion') ?? suggestionOf(run, 'insertion') ?? suggestionOf(run, 'formatChange');
  return suggestion ? { kind: suggestion.kind, userName: suggestion.userName ?? null } : undefined;
}

const sameSuggestion = (a: DiffSuggestion | undefined, b: DiffSuggestion | undefined) =>
  a?.kind === b?.kind && (a?.userName ?? null) === (b?.userName ?? null);

/** Walks a version's text forward, handing out its pieces split where the suggestion on them changes. */
class SuggestionCursor {
  private readonly ends: number[] = [];
  private readonly suggestions: Array<DiffSuggestion | undefined> = [];
  private index = 0;
  position = 0;

  constructor(runs: readonly InlineRun[]) {
    let end = 0;
    for (const run of runs) {
      end += run.text.length;
      const suggestion = shownSuggestion(run);
      const last = this.ends.length - 1;
      if (last >= 0 && sameSuggestion(this.suggestions[last], suggestion)) this.ends[last] = end;
      else {
        this.ends.push(end);
        this.suggestions.push(suggestion);
      }
    }
  }

  /** The next `text` of this version as parts of `kind`, each with the suggestion on it. */
  take(kind: DiffPart['kind'], text: string): DiffPart[] {
    const parts: DiffPart[] = [];
    let from = 0;
    while (from < text.length) {
      while (this.index < this.ends.length && this.ends[this.index]! <= this.position) this.index++;
      const end = this.index < this.ends.length ? this.ends[this.index]! : Infinity;
      const length = Math.min(text.length - from, end - this.position);
      const suggestion = this.index < this.ends.length ? this.suggestions[this.index] : undefined;
      parts.push(
        suggestion ? { kind, text: text.slice(from, from + length), suggestion } : { kind, text: text.slice(from, from + length) },
      );
      from += length;
      this.position += length;
    }
    return parts;
  }
}

/** The parts with the suggestions of their words: deleted words from the earlier version, the rest from the later. */
function withSuggestions(parts: readonly DiffPart[], before: readonly InlineRun[], after: readonly InlineRun[]): DiffPart[] {
  if (!before.some((run) => run.suggestions?.length) && !after.some((run) => run.suggestions?.length)) return [...parts];
  const earlier = new SuggestionCursor(before);
  const later = new SuggestionCursor(after);
  const out: DiffPart[] = [];
  for (const part of parts) {
    if (part.kind === 'deleted') out.push(...earlier.take('deleted', part.text));
    else {
      if (part.kind === 'same') earlier.position += part.text.length;
      out.push(...later.take(part.kind, part.text));
    }
  }
  return out;
}

function whole(kind: 'inserted' | 'deleted', unit: Unit): BlockDiffEntry {
  const parts = (text: string, runs: readonly InlineRun[]) =>
    text ? withSuggestions([{ kind, text }], kind === 'deleted' ? runs : [], kind === 'inserted' ? runs : []) : [];
  const cells = unit.cells?.map((cell, index) => parts(cell, unit.cellRuns![index]!));
  return {
    kind,
    unit: unit.kind,
    parts: cells ? cells.flatMap((cell, index) => (index > 0 ? [{ kind, text: '\t' }, ...cell] : cell)) : parts(unit.text, unit.runs),
    ...(cells ? { cells } : {}),
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
            cells.push(withSuggestions(result.parts, x.cellRuns?.[c] ?? [], y.cellRuns?.[c] ?? []));
          }
          const parts = cells.flatMap((cell, c) => (c > 0 ? [{ kind: 'same' as const, text: '\t' }, ...cell] : cell));
          rows.push({
            same: false,
            entry: { kind: 'modified', unit: y.kind, parts, cells, ...(rowCoarse ? { coarse: true as const } : {}) },
          });
        } else {
          const result = words(x.text, y.text);
          rows.push({
            same: false,
            entry: { kind: 'modified', unit: y.kind, ...result, parts: withSuggestions(result.parts, x.runs, y.runs) },
          });
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
        const same = (text: string, runs: readonly InlineRun[]): DiffPart[] =>
          text ? withSuggestions([{ kind: 'same', text }], runs, runs) : [];
        const parts = same(y.text, y.runs);
        const cells = y.cells?.map((cell, index) => same(cell, y.cellRuns![index]!));
        const kind = x.plainFormat === y.plainFormat ? 'suggestions' : 'formatting';
        rows.push({ same: false, entry: { kind, unit: y.kind, parts, ...(cells ? { cells } : {}) } });
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
  const formattingChanged = !wordsChanged && entries.some((entry) => entry.kind === 'formatting');
  const suggestionsChanged = entries.some(
    (entry) =>
      entry.kind === 'suggestions' ||
      (entry.kind !== 'context' && entry.kind !== 'collapsed' && entry.parts.some((part) => part.suggestion)),
  );
  return { entries, wordsChanged, formattingChanged, suggestionsChanged, ...(coarse ? { coarse: COARSE_MESSAGE } : {}) };
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
