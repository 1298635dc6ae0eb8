/**
 * Word's tracked changes in an imported file become Yttra suggestions by their authors (issue 15).
 *
 * Mammoth, which reads the rest of the file, shows a document as if every change were accepted:
 * inserted text (w:ins, w:moveTo) as text, deleted text (w:del, w:moveFrom) left out, a paragraph
 * whose mark was deleted joined to the next one. So word/document.xml is read once more here, only
 * for the paragraphs that hold changes: each as a row of pieces (plain, inserted, deleted, or
 * formatted differently than before, w:rPrChange) with author and time. A paragraph is found in
 * the imported blocks by its text as accepted (white space aside), which is what mammoth gave the
 * importer, and there its inserted pieces are marked as insertions, its deleted pieces put back
 * in place marked as deletions, and its reformatted pieces given their earlier formatting with a
 * formatChange proposing the new one. A change in a paragraph that did not come through as one
 * block (a header field, a section heading, a footnote) stays as Word would show it accepted, and
 * the import report says how many did.
 *
 * The XML is read with indexOf, never with a pattern that could backtrack, so any file is read in
 * time linear in its size.
 */
import {
  mapBlockRuns,
  mergeRuns,
  runsText,
  sortSuggestions,
  type Block,
  type InlineRun,
  type RunSuggestion,
} from '../../shared/doc/blocks';
import { MAX_SUGGESTION_USER_ID_LENGTH, MAX_SUGGESTION_USER_NAME_LENGTH, type MarkName } from '../../shared/model/schema';
import { hasForbiddenCharacters } from '../../shared/model/text';
import { newSuggestionId } from '../../shared/suggestions/marks';
import { readEntries, type DocxContainerLimits } from './docxContainer';
import type { ParsedDocument } from './parseDocument';

/** The user id of an imported change's author before they are matched to a person: `import:<name>`. */
export const IMPORTED_AUTHOR_PREFIX = 'import:';
/** The name of an author Word did not name. */
const UNNAMED_AUTHOR = 'Okänd person';

interface Change {
  kind: 'insertion' | 'deletion';
  author: string;
  date: string;
}

interface FormatChange {
  author: string;
  date: string;
  /** The formatting before the change (what rejecting it brings back). */
  before: MarkName[];
}

interface Piece {
  text: string;
  /** The formatting the piece has in the file. */
  marks: MarkName[];
  /** Outermost first: an insertion someone else then deleted is a w:del inside a w:ins. */
  changes: Change[];
  formatChange?: FormatChange;
}

export interface TrackedParagraph {
  pieces: Piece[];
}

const MAX_CHANGE_NESTING = 4;
const RUN_MARKS: Record<string, MarkName> = { 'w:b': 'bold', 'w:i': 'italic', 'w:u': 'underline', 'w:strike': 'strike' };
const OFF_VALUES = new Set(['0', 'false', 'off', 'none']);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Whether a document.xml holds any tracked change at all (most files do not: nothing more is read). */
export function hasTrackedChanges(xml: string): boolean {
  return ['<w:ins ', '<w:del ', '<w:moveTo ', '<w:moveFrom ', '<w:rPrChange '].some((tag) => xml.includes(tag));
}

/** One attribute's value from a tag's text, by indexOf. */
function attribute(tag: string, name: string): string | undefined {
  let at = tag.indexOf(` ${name}="`);
  if (at === -1) at = tag.indexOf(`\t${name}="`);
  if (at === -1) at = tag.indexOf(`\n${name}="`);
  if (at === -1) return undefined;
  const start = at + name.length + 3;
  const end = tag.indexOf('"', start);
  return end === -1 ? undefined : decodeXml(tag.slice(start, end));
}

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let position = 0;
  while (position < text.length) {
    const amp = text.indexOf('&', position);
    if (amp === -1) break;
    out += text.slice(position, amp);
    // Entities are short: the ";" is looked for nearby only, and a lone "&" stays as it is.
    const near = text.slice(amp, amp + 12).indexOf(';');
    const semi = near === -1 ? -1 : amp + near;
    if (semi === -1) {
      out += '&';
      position = amp + 1;
      continue;
    }
    const name = text.slice(amp + 1, semi);
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : NaN;
    const decoded = ENTITIES[name] ?? (Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined);
    out += decoded ?? text.slice(amp, semi + 1);
    position = semi + 1;
  }
  return out + text.slice(position);
}

/** A name as a suggestion may carry it: no control characters, within the schema's length. */
function authorName(raw: string | undefined): string {
  const name = [...(raw ?? '').normalize('NFC')]
    .filter((char) => !hasForbiddenCharacters(char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return name.slice(0, MAX_SUGGESTION_USER_NAME_LENGTH) || UNNAMED_AUTHOR;
}

/** Word's w:date as ISO UTC; a change without a (readable) date is dated at the import. */
function changeDate(raw: string | undefined, now: Date): string {
  const parsed = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(parsed) ? now.toISOString() : new Date(parsed).toISOString();
}

/**
 * The paragraphs of document.xml that hold a tracked change, in document order, as mammoth joins
 * them (a paragraph whose mark was deleted runs on into the next).
 */
export function readTrackedParagraphs(xml: string, now: Date = new Date()): TrackedParagraph[] {
  const found: TrackedParagraph[] = [];
  const open: string[] = [];
  const paragraphs: Array<{ pieces: Piece[]; markDeleted: boolean }> = [];
  const changes: Array<{ depth: number; change: Change }> = [];
  let run: { marks: Set<MarkName>; formatChange?: FormatChange } | undefined;
  let carried: Piece[] = [];
  let inText = false;
  /** Depth of an element whose content mammoth does not read (mc:Choice, instrText); 0 when none. */
  let skipDepth = 0;

  /** How many w:rPr and w:pPr are open: a change element inside them is about a mark, not text. */
  let properties = 0;
  const isProperties = (name: string) => name === 'w:rPr' || name === 'w:pPr';
  const parent = (distance = 1) => open[open.length - distance];
  const inRunProperties = () => properties > 0;
  const add = (text: string) => {
    const paragraph = paragraphs[paragraphs.length - 1];
    if (!paragraph || !run || text === '') return;
    const piece: Piece = {
      text,
      marks: [...run.marks].sort(),
      changes: changes.map((entry) => entry.change),
      ...(run.formatChange ? { formatChange: run.formatChange } : {}),
    };
    const last = paragraph.pieces[paragraph.pieces.length - 1];
    if (last && samePiece(last, piece)) last.text += text;
    else paragraph.pieces.push(piece);
  };

  const openTag = (name: string, tag: string, selfClosing: boolean) => {
    if (skipDepth) {
      if (!selfClosing) {
        open.push(name);
        if (isProperties(name)) properties++;
      }
      return;
    }
    switch (name) {
      case 'w:p':
        if (!selfClosing) paragraphs.push({ pieces: [], markDeleted: false });
        break;
      case 'w:ins':
      case 'w:moveTo':
      case 'w:del':
      case 'w:moveFrom': {
        // In a paragraph's properties it marks the paragraph mark itself.
        if (parent() === 'w:rPr' && parent(2) === 'w:pPr') {
          const paragraph = paragraphs[paragraphs.length - 1];
          if (paragraph && (name === 'w:del' || name === 'w:moveFrom')) paragraph.markDeleted = true;
          break;
        }
        if (selfClosing || inRunProperties()) break;
        // Word nests at most a deletion in an insertion; deeper nesting is no change of its own (and would cost per piece).
        if (changes.length >= MAX_CHANGE_NESTING) break;
        const kind = name === 'w:ins' || name === 'w:moveTo' ? 'insertion' : 'deletion';
        changes.push({
          depth: open.length + 1,
          change: { kind, author: authorName(attribute(tag, 'w:author')), date: changeDate(attribute(tag, 'w:date'), now) },
        });
        break;
      }
      case 'w:r':
        if (!selfClosing) run = { marks: new Set() };
        break;
      case 'w:rPrChange':
        // Self-closing when the run had no formatting before (Word wants a w:rPr there; not every program writes one).
        if (run)
          run.formatChange = {
            author: authorName(attribute(tag, 'w:author')),
            date: changeDate(attribute(tag, 'w:date'), now),
            before: [],
          };
        break;
      case 'w:t':
      case 'w:delText':
        inText = !selfClosing && !!run;
        break;
      case 'w:tab':
        if (run && !inRunProperties()) add('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (run && !inRunProperties()) add('\n');
        break;
      case 'mc:Choice':
      case 'w:instrText':
      case 'w:delInstrText':
        if (!selfClosing) skipDepth = open.length + 1;
        break;
      default: {
        const mark = RUN_MARKS[name];
        if (!mark || !run || parent() !== 'w:rPr') break;
        const on = !OFF_VALUES.has((attribute(tag, 'w:val') ?? 'true').toLowerCase());
        // Inside w:rPrChange the formatting is the earlier one.
        if (parent(2) === 'w:rPrChange') {
          if (on && run.formatChange) run.formatChange.before.push(mark);
        } else if (parent(2) === 'w:r') {
          if (on) run.marks.add(mark);
        }
      }
    }
    if (!selfClosing) {
      open.push(name);
      if (isProperties(name)) properties++;
    }
  };

  const closeTag = (name: string) => {
    // Mammoth has already read the file, so its tags nest; one that does not is passed over.
    if (parent() !== name) return;
    open.pop();
    if (isProperties(name)) properties--;
    if (skipDepth && open.length < skipDepth) skipDepth = 0;
    if (skipDepth) return;
    while (changes.length && changes[changes.length - 1]!.depth > open.length) changes.pop();
    switch (name) {
      case 'w:t':
      case 'w:delText':
        inText = false;
        break;
      case 'w:r':
        run = undefined;
        break;
      case 'w:p': {
        const paragraph = paragraphs.pop();
        if (!paragraph) break;
        const pieces = [...carried, ...paragraph.pieces];
        carried = [];
        if (paragraph.markDeleted) {
          // As mammoth does, its content runs on into the next paragraph; a deleted ending gets a
          // space so that, rejected, the two sentences do not run together.
          const last = pieces[pieces.length - 1];
          if (last && last.changes.some((change) => change.kind === 'deletion') && !/\s$/.test(last.text)) last.text += ' ';
          carried = pieces;
        } else if (pieces.some((piece) => piece.changes.length || (piece.formatChange && formatDifference(piece)))) {
          found.push({ pieces });
        }
        break;
      }
    }
  };

  let position = 0;
  while (position < xml.length) {
    const start = xml.indexOf('<', position);
    if (start === -1) break;
    if (inText && start > position && !skipDepth) add(decodeXml(xml.slice(position, start)));
    const end = xml.indexOf('>', start + 1);
    if (end === -1) break;
    const tag = xml.slice(start + 1, end);
    position = end + 1;
    const first = tag[0];
    if (first === '?' || first === '!') continue;
    if (first === '/') {
      closeTag(tag.slice(1).trim());
      continue;
    }
    const selfClosing = tag.endsWith('/');
    let nameEnd = 0;
    while (nameEnd < tag.length && !' \t\r\n/'.includes(tag[nameEnd]!)) nameEnd++;
    openTag(tag.slice(0, nameEnd), tag, selfClosing);
  }
  return found;
}

function samePiece(a: Piece, b: Piece): boolean {
  return (
    a.marks.join(' ') === b.marks.join(' ') &&
    a.changes.length === b.changes.length &&
    a.changes.every((change, index) => change === b.changes[index]) &&
    a.formatChange === b.formatChange
  );
}

/** The marks a formatting change adds and removes, or undefined when it changed none Yttra has. */
function formatDifference(piece: Piece): { add: MarkName[]; remove: MarkName[] } | undefined {
  if (!piece.formatChange) return undefined;
  const before = piece.formatChange.before;
  const add = piece.marks.filter((mark) => !before.includes(mark));
  const remove = before.filter((mark) => !piece.marks.includes(mark));
  return add.length || remove.length ? { add, remove } : undefined;
}

// ---------------------------------------------------------------- placing them in the blocks

/** Text with runs of white space as one space and none at either end, with where each character came from. */
function normalised(text: string): { text: string; rawOf: number[]; normAt: number[] } {
  let out = '';
  const rawOf: number[] = [];
  const normAt: number[] = [];
  let pendingSpace = -1;
  for (let raw = 0; raw < text.length; raw++) {
    const char = text[raw]!;
    if (/\s/.test(char)) {
      normAt.push(out.length);
      if (pendingSpace === -1) pendingSpace = raw;
      continue;
    }
    if (pendingSpace !== -1 && out.length > 0) {
      out += ' ';
      rawOf.push(pendingSpace);
    }
    pendingSpace = -1;
    normAt.push(out.length);
    out += char;
    rawOf.push(raw);
  }
  normAt.push(out.length);
  rawOf.push(text.length);
  return { text: out, rawOf, normAt };
}

/** A place in the blocks that holds one paragraph's runs. */
interface Slot {
  get(): InlineRun[];
  set(runs: InlineRun[]): void;
}

function slotsOf(blocks: Block[], slots: Slot[]): void {
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        slots.push({ get: () => block.runs, set: (runs) => (block.runs = runs) });
        break;
      case 'list':
        block.items.forEach((_, index) => slots.push({ get: () => block.items[index]!, set: (runs) => (block.items[index] = runs) }));
        break;
      case 'quote':
        slotsOf(block.blocks, slots);
        break;
      case 'table':
        for (const row of block.rows) for (const cell of row.cells) slotsOf(cell.blocks, slots);
        break;
    }
  }
}

/** The suggestions of each piece; neighbouring pieces of one kind by one author are one suggestion. */
function suggestionsOfPieces(pieces: readonly Piece[]): RunSuggestion[][] {
  let previous = new Map<string, string>();
  return pieces.map((piece) => {
    const current = new Map<string, string>();
    const suggestions: RunSuggestion[] = [];
    const add = (key: string, make: (id: string) => RunSuggestion) => {
      const id = previous.get(key) ?? newSuggestionId();
      current.set(key, id);
      suggestions.push(make(id));
    };
    for (const change of piece.changes) {
      add(`${change.kind}\u0000${change.author}`, (id) => ({
        kind: change.kind,
        id,
        ...importedAuthor(change.author),
        createdAt: change.date,
      }));
    }
    const difference = formatDifference(piece);
    if (difference && !piece.changes.some((change) => change.kind === 'deletion')) {
      const change = piece.formatChange!;
      add(`format\u0000${change.author}\u0000${difference.add.join()}\u0000${difference.remove.join()}`, (id) => ({
        kind: 'formatChange',
        id,
        ...importedAuthor(change.author),
        createdAt: change.date,
        ...difference,
      }));
    }
    previous = current;
    return sortSuggestions(suggestions);
  });
}

function importedAuthor(name: string): { userId: string; userName: string } {
  return { userId: `${IMPORTED_AUTHOR_PREFIX}${name}`.slice(0, MAX_SUGGESTION_USER_ID_LENGTH), userName: name };
}

const isDeleted = (piece: Piece) => piece.changes.some((change) => change.kind === 'deletion');

/**
 * The runs of one block with the paragraph's changes in place, or undefined when its text is not
 * the paragraph's text as accepted.
 */
function withChanges(runs: readonly InlineRun[], pieces: readonly Piece[]): InlineRun[] | undefined {
  const accepted = pieces
    .filter((piece) => !isDeleted(piece))
    .map((piece) => piece.text)
    .join('');
  const ours = runsText(runs);
  const a = normalised(accepted);
  const b = normalised(ours);
  if (a.text !== b.text) return undefined;
  const toOurs = (acceptedOffset: number) => b.rawOf[a.normAt[acceptedOffset]!]!;

  const suggestions = suggestionsOfPieces(pieces);
  /** Per character of `ours`: the suggestions on it and the formatting a formatChange proposes. */
  const marked: Array<{ suggestions: RunSuggestion[]; piece: Piece } | undefined> = new Array(ours.length);
  const putBack = new Map<number, InlineRun[]>();
  let offset = 0;
  pieces.forEach((piece, index) => {
    if (isDeleted(piece)) {
      const at = toOurs(offset);
      const run: InlineRun = { text: piece.text, suggestions: suggestions[index]! };
      for (const mark of piece.marks) run[mark] = true;
      putBack.set(at, [...(putBack.get(at) ?? []), run]);
      return;
    }
    const from = toOurs(offset);
    offset += piece.text.length;
    const to = toOurs(offset);
    if (suggestions[index]!.length === 0) return;
    const mark = { suggestions: suggestions[index]!, piece };
    for (let char = from; char < to; char++) marked[char] = mark;
  });

  const out: InlineRun[] = [];
  let position = 0;
  const flushAt = (at: number) => {
    const runsHere = putBack.get(at);
    if (runsHere) out.push(...runsHere);
    putBack.delete(at);
  };
  for (const run of runs) {
    let start = 0;
    for (let char = 0; char <= run.text.length; char++) {
      const at = position + char;
      const boundary = char === run.text.length || putBack.has(at) || (char > start && marked[at] !== marked[at - 1]);
      if (!boundary) continue;
      if (char > start) out.push(piecedRun(run, run.text.slice(start, char), marked[position + start]));
      if (char < run.text.length) flushAt(at);
      start = char;
    }
    position += run.text.length;
  }
  flushAt(ours.length);
  for (const rest of putBack.values()) out.push(...rest);
  return mergeRuns(out);
}

function piecedRun(run: InlineRun, text: string, mark: { suggestions: RunSuggestion[]; piece: Piece } | undefined): InlineRun {
  const piece: InlineRun = { ...run, text };
  if (!mark) return piece;
  piece.suggestions = sortSuggestions([...(run.suggestions ?? []), ...mark.suggestions]);
  // The text shows its formatting from before the change; accepting the suggestion applies the new.
  const difference = formatDifference(mark.piece);
  if (difference && mark.suggestions.some((suggestion) => suggestion.kind === 'formatChange')) {
    for (const added of difference.add) delete piece[added];
    for (const removed of difference.remove) piece[removed] = true;
  }
  return piece;
}

export interface PlacedChanges {
  sections: Record<string, Block[]>;
  /** How many paragraphs' changes became suggestions, and how many stayed accepted. */
  placed: number;
  unplaced: number;
  /** The authors of the changes placed, in order of appearance. */
  authors: string[];
}

/** Puts the tracked paragraphs' changes into the imported sections (a copy); see the module comment. */
export function placeTrackedChanges(sections: Record<string, Block[]>, paragraphs: readonly TrackedParagraph[]): PlacedChanges {
  const copy = structuredClone(sections);
  const slots: Slot[] = [];
  for (const blocks of Object.values(copy)) slotsOf(blocks, slots);
  const byText = new Map<string, Slot[]>();
  for (const slot of slots) {
    const key = normalised(runsText(slot.get())).text;
    if (key) byText.set(key, [...(byText.get(key) ?? []), slot]);
  }
  let placed = 0;
  let unplaced = 0;
  const authors = new Set<string>();
  for (const paragraph of paragraphs) {
    const key = normalised(
      paragraph.pieces
        .filter((piece) => !isDeleted(piece))
        .map((piece) => piece.text)
        .join(''),
    ).text;
    const candidates = byText.get(key);
    const slot = candidates?.shift();
    const runs = slot && withChanges(slot.get(), paragraph.pieces);
    if (!slot || !runs) {
      unplaced++;
      continue;
    }
    slot.set(runs);
    placed++;
    for (const piece of paragraph.pieces) {
      for (const change of piece.changes) authors.add(change.author);
      if (formatDifference(piece)) authors.add(piece.formatChange!.author);
    }
  }
  return { sections: copy, placed, unplaced, authors: [...authors] };
}

/** The largest document.xml read for tracked changes (mammoth has read it already, within the import limits). */
function documentXml(buffer: Buffer, limits: DocxContainerLimits): string | undefined {
  const part = readEntries(buffer, (name) => name === DOCUMENT_PART, { ...limits, maxBytes: limits.maxInflatedBytes }).get(DOCUMENT_PART);
  return part?.toString('utf8');
}

const DOCUMENT_PART = 'word/document.xml';

/**
 * The imported document with the Word file's tracked changes as suggestions, and the report
 * saying so; the document as it was when the file has none.
 */
export function withTrackedChanges(parsed: ParsedDocument, buffer: Buffer, limits: DocxContainerLimits, now = new Date()): ParsedDocument {
  const xml = documentXml(buffer, limits);
  if (!xml || !hasTrackedChanges(xml)) return parsed;
  const paragraphs = readTrackedParagraphs(xml, now);
  if (paragraphs.length === 0) return parsed;
  const { sections, placed, unplaced, authors } = placeTrackedChanges(parsed.sections, paragraphs);
  const entries = [...parsed.report.entries];
  if (placed > 0) {
    entries.push({
      kind: 'suggestion',
      message: `Spårade ändringar i ${placed === 1 ? 'ett stycke' : `${placed} stycken`} blev förslag av ${authors.join(', ')}. Godta eller avvisa dem i dokumentet.`,
    });
  }
  if (unplaced > 0) {
    entries.push({
      kind: 'warning',
      message: `Spårade ändringar i ${unplaced === 1 ? 'ett stycke' : `${unplaced} stycken`} stod där Yttra inte kan visa förslag (t.ex. i rubriken, sidhuvudets fält eller en fotnot) och togs med som godtagna. Jämför med Word-filen om det gäller något viktigt.`,
    });
  }
  return { ...parsed, sections, report: { ...parsed.report, entries } };
}

const nameKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv-SE');

/**
 * Gives the suggestions of imported changes to the people of their authors' names: a name that
 * exactly one account has (case and spacing aside) becomes that person's suggestion; any other
 * name is kept as written, with the user id `import:<name>`.
 */
export function assignImportedAuthors(
  sections: Record<string, Block[]>,
  users: ReadonlyArray<{ id: string; name: string }>,
): Record<string, Block[]> {
  const byName = new Map<string, { id: string; name: string } | null>();
  for (const user of users) {
    const key = nameKey(user.name);
    byName.set(key, byName.has(key) ? null : user);
  }
  const person = (suggestion: RunSuggestion): RunSuggestion => {
    if (!suggestion.userId.startsWith(IMPORTED_AUTHOR_PREFIX) || !suggestion.userName) return suggestion;
    const user = byName.get(nameKey(suggestion.userName));
    return user ? { ...suggestion, userId: user.id, userName: user.name } : suggestion;
  };
  return Object.fromEntries(
    Object.entries(sections).map(([key, blocks]) => [
      key,
      mapBlockRuns(blocks, (runs) =>
        runs.map((run) => (run.suggestions ? { ...run, suggestions: sortSuggestions(run.suggestions.map(person)) } : run)),
      ),
    ]),
  );
}
