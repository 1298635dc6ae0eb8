/**
 * Accepting and rejecting suggestions on the shared document itself (the body's Y.XmlText
 * formatting, as y-prosemirror stores the suggestion marks), for the server, the tests and any
 * client that works on the Y.Doc rather than in ProseMirror. An accept or reject is a plain edit:
 *   accept an insertion   → the mark goes, the text stays
 *   accept a deletion     → the text goes
 *   accept a formatChange → its marks are added and removed, the suggestion mark goes
 *   reject an insertion   → the text goes
 *   reject a deletion or formatChange → the mark goes, the text stays as it is
 * A piece of text that is both someone's suggested insertion and someone's suggested deletion
 * goes when the deletion is accepted or the insertion rejected. Everything one call resolves is
 * one Yjs transaction (with the caller's origin), so an editor's undo takes it back in one step.
 * Text that others type next to a suggestion meanwhile is never touched: only the characters that
 * carry the selected marks are.
 */
import * as Y from 'yjs';
import { BODY, SECTION_KEY_ATTRIBUTE } from '../doc/documentState';
import {
  formatChangeMarks,
  isSuggestionAttrs,
  suggestionMarkOfAttribute,
  type SuggestionAttrs,
  type SuggestionMarkName,
} from '../model/schema';

/** One suggestion mark on one run of text, as a selector sees it. */
export interface SuggestionRef {
  id: string;
  mark: SuggestionMarkName;
  userId: string;
  sectionKey: string | null;
}

export type SuggestionFilter = (suggestion: SuggestionRef) => boolean;

/** A suggestion as a list shows it, gathered over the runs that carry its id, in document order. */
export interface SuggestionSummary extends SuggestionRef {
  userName: string | null;
  createdAt: string;
  /** The text the suggestion inserts, deletes or formats (its runs joined). */
  text: string;
  /** For a formatChange: the marks it adds and removes. */
  add?: string[];
  remove?: string[];
}

interface Run {
  text: Y.XmlText;
  offset: number;
  length: number;
  insert: string;
  attributes: Record<string, unknown>;
  sectionKey: string | null;
}

/** Every run of text in the body, in document order, with the section it stands in. */
function* runs(doc: Y.Doc): Generator<Run> {
  function* walk(node: Y.XmlElement | Y.XmlFragment, sectionKey: string | null): Generator<Run> {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        let offset = 0;
        for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
          const length = typeof op.insert === 'string' ? op.insert.length : 1;
          if (typeof op.insert === 'string')
            yield { text: child, offset, length, insert: op.insert, attributes: op.attributes ?? {}, sectionKey };
          offset += length;
        }
      } else if (child instanceof Y.XmlElement) {
        const key =
          sectionKey ?? (child.nodeName === 'section' ? ((child.getAttribute(SECTION_KEY_ATTRIBUTE) as string | undefined) ?? null) : null);
        yield* walk(child, key);
      }
    }
  }
  yield* walk(doc.getXmlFragment(BODY), null);
}

/** The valid suggestion marks on a run: formatting key, mark and attributes. */
function suggestionsOf(run: Run): Array<{ name: string; mark: SuggestionMarkName; attrs: SuggestionAttrs }> {
  const found: Array<{ name: string; mark: SuggestionMarkName; attrs: SuggestionAttrs }> = [];
  for (const [name, value] of Object.entries(run.attributes)) {
    const mark = suggestionMarkOfAttribute(name);
    if (mark && isSuggestionAttrs(mark, value)) found.push({ name, mark, attrs: value });
  }
  return found;
}

const refOf = (run: Run, mark: SuggestionMarkName, attrs: SuggestionAttrs): SuggestionRef => ({
  id: attrs.id,
  mark,
  userId: attrs.userId,
  sectionKey: run.sectionKey,
});

/** The open suggestions of the document, one entry per id (and mark), in document order. */
export function listSuggestions(doc: Y.Doc): SuggestionSummary[] {
  const byKey = new Map<string, SuggestionSummary>();
  for (const run of runs(doc)) {
    for (const { name, mark, attrs } of suggestionsOf(run)) {
      const key = `${mark}\u0000${attrs.id}`;
      const known = byKey.get(key);
      if (known) {
        known.text += run.insert;
        continue;
      }
      const summary: SuggestionSummary = {
        ...refOf(run, mark, attrs),
        userName: attrs.userName ?? null,
        createdAt: attrs.createdAt,
        text: run.insert,
      };
      if (mark === 'formatChange') {
        const marks = formatChangeMarks(run.attributes[name])!;
        summary.add = marks.add;
        summary.remove = marks.remove;
      }
      byKey.set(key, summary);
    }
  }
  return [...byKey.values()];
}

/**
 * Accepts or rejects every suggestion `select` picks; returns how many distinct suggestion ids it
 * resolved. Runs are changed from the last to the first, so the offsets read before stay valid.
 */
export function resolveSuggestions(doc: Y.Doc, action: 'accept' | 'reject', select: SuggestionFilter, origin: unknown = null): number {
  const resolved = new Set<string>();
  const all = [...runs(doc)];
  doc.transact(() => {
    for (let index = all.length - 1; index >= 0; index--) {
      const run = all[index]!;
      const chosen = suggestionsOf(run).filter(({ mark, attrs }) => select(refOf(run, mark, attrs)));
      if (chosen.length === 0) continue;
      for (const { attrs } of chosen) resolved.add(attrs.id);
      const goes = chosen.some(({ mark }) => mark === (action === 'accept' ? 'deletion' : 'insertion'));
      if (goes) {
        run.text.delete(run.offset, run.length);
        continue;
      }
      const formats: Record<string, unknown> = {};
      for (const { name, mark } of chosen) {
        formats[name] = null;
        if (mark === 'formatChange' && action === 'accept') {
          const marks = formatChangeMarks(run.attributes[name])!;
          for (const added of marks.add) formats[added] = {};
          for (const removed of marks.remove) formats[removed] = null;
        }
      }
      run.text.format(run.offset, run.length, formats);
    }
  }, origin);
  return resolved.size;
}

export const acceptAll = (doc: Y.Doc, origin?: unknown) => resolveSuggestions(doc, 'accept', () => true, origin);
export const rejectAll = (doc: Y.Doc, origin?: unknown) => resolveSuggestions(doc, 'reject', () => true, origin);
export const accept = (doc: Y.Doc, id: string, origin?: unknown) => resolveSuggestions(doc, 'accept', (ref) => ref.id === id, origin);
export const reject = (doc: Y.Doc, id: string, origin?: unknown) => resolveSuggestions(doc, 'reject', (ref) => ref.id === id, origin);
/** Accepts or rejects every suggestion of one person. */
export const resolveByUser = (doc: Y.Doc, action: 'accept' | 'reject', userId: string, origin?: unknown) =>
  resolveSuggestions(doc, action, (ref) => ref.userId === userId, origin);
/** Accepts or rejects every suggestion in one section. */
export const resolveInSection = (doc: Y.Doc, action: 'accept' | 'reject', sectionKey: string, origin?: unknown) =>
  resolveSuggestions(doc, action, (ref) => ref.sectionKey === sectionKey, origin);
