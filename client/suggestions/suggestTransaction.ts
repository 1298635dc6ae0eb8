/**
 * Föreslå: turns an ordinary editing transaction into the same change proposed as a suggestion.
 *
 * Why our own transform and not @handlewithcare/prosemirror-suggest-changes (read for ideas, and
 * its mark names are the ones our schema uses): it marks suggestions with an `id` only, numbered
 * per document, while ours must carry the author's user id and the time, be random (two people
 * suggest at once in one Yjs document) and pass the server's guard, which lets a suggester add
 * only text under their own insertion mark, mark existing text with their own deletion or
 * formatChange marks, and change only their own suggestions. The library would also delete any
 * suggested insertion a user deletes, not only the user's own, proposes formatting by applying it
 * at once (our formatChange proposes without applying), and plugs in as a `dispatchTransaction`
 * decorator of a bare EditorView and its own block marks, which Tiptap and y-prosemirror (marks
 * are stored as formatting of a Y.XmlText, not on elements) do not give it. What it would do for
 * us is small next to those differences, so the rules below are written for our marks and run as
 * a Tiptap `dispatchTransaction` hook (see suggestMode.ts), which works with Tiptap 3.31.3 and
 * leaves the Yjs binding's own transactions (remote changes, undo) alone.
 *
 * The rules, per step of the original transaction, in the "tracked" document (which keeps text the
 * original would have removed):
 *  - removed inline content that is the author's own suggested insertion is really removed;
 *    any other text gets a deletion mark (text already proposed for removal keeps its mark);
 *    block boundaries stay (joining paragraphs cannot be proposed);
 *  - inserted content goes after what it replaces, every inline node under the author's insertion
 *    mark (suggestion marks it came with are dropped); the id is that of the author's own
 *    suggestion right beside it (typing inside your own suggestion extends it), else a new one;
 *  - adding or removing bold, italic, … on the author's own insertion applies it; on other text it
 *    becomes a formatChange mark naming what to add and remove; proposing the opposite of one's own
 *    pending proposal withdraws it;
 *  - anything else (lists, headings, tables, attributes) cannot be proposed: the transaction is
 *    dropped (null), and the toolbar does not offer those commands in Föreslå.
 */
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Mapping } from '@tiptap/pm/transform';
import { Fragment, Slice, type Mark, type MarkType, type Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model';
import { MARK_NAMES, type MarkName } from '../../shared/model/schema';

export interface Suggester {
  userId: string;
  userName?: string | null;
  /** ISO UTC time for new marks. */
  now: string;
  newId(): string;
  /** Put the caret after text the transaction proposed for removal (forward Delete), not before it. */
  caretAfter?: boolean;
}

export interface SuggestionMarkTypes {
  insertion: MarkType;
  deletion: MarkType;
  formatChange: MarkType;
}

export function suggestionMarkTypes(schema: Schema): SuggestionMarkTypes | null {
  const { insertion, deletion, formatChange } = schema.marks;
  return insertion && deletion && formatChange ? { insertion, deletion, formatChange } : null;
}

export function isSuggestionMarkType(types: SuggestionMarkTypes, type: MarkType): boolean {
  return type === types.insertion || type === types.deletion || type === types.formatChange;
}

function ownMark(types: SuggestionMarkTypes, node: ProseMirrorNode | null | undefined, userId: string, type?: MarkType): Mark | null {
  if (!node) return null;
  return (
    node.marks.find(
      (mark) => (type ? mark.type === type : isSuggestionMarkType(types, mark.type)) && mark.attrs.userId === userId && mark.attrs.id,
    ) ?? null
  );
}

/**
 * A change of text (not of marks) the suggestion makes, in positions of the state it started from:
 * what suggestMode.ts writes to the shared document character by character (see there why).
 */
export type TextOp = { kind: 'delete'; from: number; to: number } | { kind: 'insert'; at: number; text: string };

/** Ranges of the tracked document that the original transaction had already removed. */
interface Kept {
  from: number;
  to: number;
}

/** Inline content between from and to, as [start, end, node] pieces. */
function inlinePieces(doc: ProseMirrorNode, from: number, to: number): Array<{ from: number; to: number; node: ProseMirrorNode }> {
  const pieces: Array<{ from: number; to: number; node: ProseMirrorNode }> = [];
  if (from >= to) return pieces;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    pieces.push({ from: Math.max(pos, from), to: Math.min(pos + node.nodeSize, to), node });
    return false;
  });
  return pieces;
}

function mapFragment(fragment: Fragment, map: (node: ProseMirrorNode) => ProseMirrorNode): Fragment {
  const children: ProseMirrorNode[] = [];
  fragment.forEach((child) => {
    children.push(child.isInline ? map(child) : child.copy(mapFragment(child.content, map)));
  });
  return Fragment.fromArray(children);
}

/**
 * The text a slice inserts when it is only text within one textblock (typing, a paste of part of
 * one paragraph), else null: a new paragraph, list item or hard break cannot carry a mark in the
 * shared document, so it cannot be proposed.
 */
function inlineText(slice: Slice): Fragment | null {
  if (slice.openStart !== slice.openEnd) return null;
  let content = slice.content;
  for (let depth = 0; depth < slice.openStart; depth += 1) {
    if (content.childCount !== 1 || content.firstChild!.isInline) return null;
    content = content.firstChild!.content;
  }
  let onlyText = true;
  content.forEach((node) => {
    if (!node.isText) onlyText = false;
  });
  return onlyText ? content : null;
}

function markList(value: unknown): MarkName[] {
  return typeof value === 'string' && value
    ? (value.split(' ').filter((name) => (MARK_NAMES as readonly string[]).includes(name)) as MarkName[])
    : [];
}

class Tracker {
  readonly tr: Transaction;
  readonly textOps: TextOp[] = [];
  private kept: Kept[] = [];
  /** The id and time of this transaction's text suggestion, and of its formatting one, once chosen. */
  private chosen: { id: string; createdAt: string } | null = null;
  private chosenFormat: { id: string; createdAt: string } | null = null;

  constructor(
    readonly state: EditorState,
    readonly types: SuggestionMarkTypes,
    readonly who: Suggester,
  ) {
    this.tr = state.tr;
  }

  /** A position of the original's document in the tracked one (before kept ranges at it unless bias > 0). */
  toTracked(pos: number, bias: -1 | 1): number {
    let tracked = pos;
    for (const range of this.kept) {
      if (range.from < tracked || (range.from === tracked && bias > 0)) tracked += range.to - range.from;
      else break;
    }
    return tracked;
  }

  private mapKept(mapping: Mapping): void {
    this.kept = this.kept
      .map((range) => ({ from: mapping.map(range.from, 1), to: mapping.map(range.to, -1) }))
      .filter((range) => range.from < range.to);
  }

  private addKept(range: Kept): void {
    if (range.from >= range.to) return;
    this.kept.push(range);
    this.kept.sort((a, b) => a.from - b.from);
  }

  /**
   * The id of the author's own suggestion touching [from, to], else this transaction's (new) one.
   * Typing and deleting join the author's insertion or deletion beside them (a replacement is one
   * suggestion); a formatting proposal joins only the author's formatting proposal beside it.
   */
  private attrsNear(from: number, to: number, formatting = false): Record<string, unknown> {
    let chosen = formatting ? this.chosenFormat : this.chosen;
    if (!chosen) {
      const doc = this.tr.doc;
      const type = formatting ? this.types.formatChange : undefined;
      const near =
        ownMark(this.types, doc.resolve(from).nodeBefore, this.who.userId, type) ??
        ownMark(this.types, doc.resolve(to).nodeAfter, this.who.userId, type);
      const usable = near && (formatting || near.type !== this.types.formatChange) ? near : null;
      chosen = usable
        ? { id: String(usable.attrs.id), createdAt: String(usable.attrs.createdAt ?? this.who.now) }
        : { id: this.who.newId(), createdAt: this.who.now };
      if (formatting) this.chosenFormat = chosen;
      else this.chosen = chosen;
    }
    return { ...chosen, userId: this.who.userId, userName: this.who.userName ?? null };
  }

  replace(step: ReplaceStep): boolean {
    const stepFrom = (step as unknown as { from: number }).from;
    const stepTo = (step as unknown as { to: number }).to;
    const slice = (step as unknown as { slice: Slice }).slice;
    let from = stepFrom === stepTo ? this.toTracked(stepFrom, -1) : this.toTracked(stepFrom, 1);
    let to = stepFrom === stepTo ? from : this.toTracked(stepTo, -1);
    if (to < from) to = from;

    if (from < to) {
      const start = this.tr.steps.length;
      const pieces = inlinePieces(this.tr.doc, from, to);
      const own = pieces.filter((piece) => ownMark(this.types, piece.node, this.who.userId, this.types.insertion));
      // Only text carries marks in the shared document (the binding stores none on a hard break),
      // so a hard break or other inline node in the range stays.
      const others = pieces.filter((piece) => piece.node.isText && !own.includes(piece) && !this.types.deletion.isInSet(piece.node.marks));
      if (others.length > 0) {
        const mark = this.types.deletion.create(this.attrsNear(from, to));
        for (const piece of others) {
          if (!this.tr.doc.resolve(piece.from).parent.type.allowsMarkType(this.types.deletion)) return false;
          this.tr.addMark(piece.from, piece.to, mark);
        }
      }
      for (const piece of [...own].reverse()) {
        const back = this.tr.mapping.invert();
        this.textOps.push({ kind: 'delete', from: back.map(piece.from, 1), to: back.map(piece.to, -1) });
        this.tr.delete(piece.from, piece.to);
      }
      const mapping = this.tr.mapping.slice(start);
      this.mapKept(mapping);
      from = mapping.map(from, 1);
      to = mapping.map(to, -1);
      this.addKept({ from, to });
    }

    if (slice.size > 0) {
      const text = inlineText(slice);
      if (!text || !this.tr.doc.resolve(to).parent.isTextblock) return false;
      const mark = this.types.insertion.create(this.attrsNear(to, to));
      const marked = mapFragment(text, (node) =>
        node.mark(mark.addToSet(node.marks.filter((existing) => !isSuggestionMarkType(this.types, existing.type)))),
      );
      const start = this.tr.steps.length;
      this.textOps.push({ kind: 'insert', at: this.tr.mapping.invert().map(to, 1), text: marked.textBetween(0, marked.size) });
      if (this.tr.maybeStep(new ReplaceStep(to, to, new Slice(marked, 0, 0))).failed) return false;
      this.mapKept(this.tr.mapping.slice(start));
    }
    return true;
  }

  format(step: AddMarkStep | RemoveMarkStep): boolean {
    const { mark } = step as unknown as { mark: Mark };
    if (isSuggestionMarkType(this.types, mark.type)) return false;
    const name = mark.type.name as MarkName;
    if (!(MARK_NAMES as readonly string[]).includes(name)) return false;
    const adding = step instanceof AddMarkStep;
    const { from: stepFrom, to: stepTo } = step as unknown as { from: number; to: number };
    const from = this.toTracked(stepFrom, 1);
    const to = this.toTracked(stepTo, -1);
    for (const piece of inlinePieces(this.tr.doc, from, to)) {
      const { node } = piece;
      if (ownMark(this.types, node, this.who.userId, this.types.insertion)) {
        if (adding) this.tr.addMark(piece.from, piece.to, mark);
        else this.tr.removeMark(piece.from, piece.to, mark.type);
        continue;
      }
      if (this.types.deletion.isInSet(node.marks)) continue;
      const has = mark.type.isInSet(node.marks) !== undefined;
      // Someone else's formatting proposal on the same text stays theirs; this person's is one mark.
      const mine = ownMark(this.types, node, this.who.userId, this.types.formatChange);
      const add = new Set(markList(mine?.attrs.add));
      const remove = new Set(markList(mine?.attrs.remove));
      if (adding) {
        // A second Fet on text with one's own pending "make bold" withdraws it, as a toggle would.
        if (add.has(name)) add.delete(name);
        else if (remove.has(name)) remove.delete(name);
        else if (!has) add.add(name);
      } else {
        if (remove.has(name)) remove.delete(name);
        else if (add.has(name)) add.delete(name);
        else if (has) remove.add(name);
      }
      if (mine) this.tr.removeMark(piece.from, piece.to, mine);
      if (add.size === 0 && remove.size === 0) continue;
      const attrs = mine ? { ...mine.attrs } : this.attrsNear(piece.from, piece.to, true);
      if (!this.tr.doc.resolve(piece.from).parent.type.allowsMarkType(this.types.formatChange)) return false;
      this.tr.addMark(
        piece.from,
        piece.to,
        this.types.formatChange.create({ ...attrs, add: [...add].sort().join(' '), remove: [...remove].sort().join(' ') }),
      );
    }
    return true;
  }
}

/**
 * The suggestion form of a local transaction, or null when its change cannot be proposed (it is
 * then dropped). A transaction that does not change the document is returned as it is.
 */
export function suggestTransaction(state: EditorState, original: Transaction, who: Suggester): Transaction | null {
  return suggestChange(state, original, who)?.tr ?? null;
}

/** The suggestion form of a local transaction with the text changes it makes (see TextOp), or null. */
export function suggestChange(state: EditorState, original: Transaction, who: Suggester): { tr: Transaction; textOps: TextOp[] } | null {
  if (!original.docChanged) return { tr: original, textOps: [] };
  const types = suggestionMarkTypes(state.schema);
  if (!types) return null;
  const tracker = new Tracker(state, types, who);
  for (const step of original.steps) {
    if (step instanceof ReplaceStep) {
      if (!tracker.replace(step)) return null;
    } else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      if (!tracker.format(step)) return null;
    } else {
      return null;
    }
  }
  const tr = tracker.tr;
  {
    // The original's selection (set or mapped through its steps), placed in the tracked document.
    const { anchor, head } = original.selection;
    const size = tr.doc.content.size;
    const bias = who.caretAfter ? 1 : -1;
    const at = (pos: number) => tr.doc.resolve(Math.max(0, Math.min(tracker.toTracked(pos, bias), size)));
    try {
      tr.setSelection(TextSelection.between(at(anchor), at(head)));
    } catch {
      // A selection the tracked document cannot hold is left where the mapping puts it.
    }
  }
  if (original.storedMarksSet) tr.setStoredMarks(original.storedMarks);
  if (original.scrolledIntoView) tr.scrollIntoView();
  for (const [key, value] of Object.entries((original as unknown as { meta: Record<string, unknown> }).meta ?? {})) tr.setMeta(key, value);
  return { tr, textOps: tracker.textOps };
}
