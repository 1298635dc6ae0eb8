/**
 * Find and replace in the body: the matches of a query in every section's text, shown as
 * decorations, and replacements made as ordinary editor transactions, so that they pass the
 * section guard, the Yjs binding (one undo step each) and the server's guard like typing does.
 * A match never spans two textblocks, so replacing can only change text inside a paragraph,
 * heading, list item or table cell: no section can be removed by it.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

export interface SearchQuery {
  text: string;
  matchCase: boolean;
  wholeWord: boolean;
}

export interface Match {
  from: number;
  to: number;
}

/** Work a query may cause: longer queries are refused, counting stops at the cap. */
export const MAX_QUERY_LENGTH = 500;
export const MAX_MATCHES = 5000;

/** Stands in for every inline node that is not text (line breaks), so no match crosses one. */
const OBJECT = '\uFFFC';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The query as a regular expression, or null when there is nothing to search for. */
export function queryPattern(query: SearchQuery): RegExp | null {
  if (!query.text || query.text.length > MAX_QUERY_LENGTH) return null;
  let source = escapeRegExp(query.text);
  // A "word" character is a letter or digit in any script (å, ä, ö), not only [A-Za-z0-9_].
  if (query.wholeWord) source = `(?<![\\p{L}\\p{N}_])${source}(?![\\p{L}\\p{N}_])`;
  return new RegExp(source, query.matchCase ? 'gu' : 'giu');
}

/** Adds the matches inside one textblock (at `pos`) to `matches`, up to MAX_MATCHES. */
function searchTextblock(node: ProseMirrorNode, pos: number, pattern: RegExp, matches: Match[]): void {
  // One character per position, so that an index in `text` is an offset from the block's start.
  let text = '';
  node.forEach((child) => {
    text += child.isText ? child.text! : OBJECT.repeat(child.nodeSize);
  });
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found && matches.length < MAX_MATCHES; found = pattern.exec(text)) {
    if (found[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    matches.push({ from: pos + 1 + found.index, to: pos + 1 + found.index + found[0].length });
  }
}

/** Every match in document order, at most MAX_MATCHES. */
export function findMatches(doc: ProseMirrorNode, query: SearchQuery): Match[] {
  const pattern = queryPattern(query);
  const matches: Match[] = [];
  if (!pattern) return matches;
  doc.descendants((node, pos) => {
    if (matches.length >= MAX_MATCHES) return false;
    if (!node.isTextblock) return true;
    searchTextblock(node, pos, pattern, matches);
    return false;
  });
  return matches;
}

/**
 * The matches after a change, without searching the whole document again: matches in
 * textblocks the change did not touch are mapped to their new place, the touched textblocks
 * are searched again. The same result as `findMatches(tr.doc, query)`, at the cost of the
 * change (someone typing elsewhere while the bar is open costs one paragraph's search).
 */
export function updateMatches(tr: Transaction, previous: readonly Match[], query: SearchQuery): Match[] {
  const pattern = queryPattern(query);
  if (!pattern) return [];
  // A capped list is not every match: there is nothing exact to map.
  if (previous.length >= MAX_MATCHES) return findMatches(tr.doc, query);
  const { doc } = tr;
  const touched = new Map<number, ProseMirrorNode>();
  tr.mapping.maps.forEach((map, index) => {
    const rest = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      // One position wider on each side, so that a deletion that joins two blocks is seen in the joined one.
      const from = Math.max(0, rest.map(newStart, -1) - 1);
      const to = Math.min(doc.content.size, rest.map(newEnd, 1) + 1);
      doc.nodesBetween(from, to, (node, pos) => {
        if (!node.isTextblock) return true;
        touched.set(pos, node);
        return false;
      });
    });
  });
  const blocks = [...touched].map(([pos, node]) => ({ pos, node, end: pos + node.nodeSize }));
  const matches: Match[] = [];
  for (const match of previous) {
    const from = tr.mapping.map(match.from, 1);
    const to = tr.mapping.map(match.to, -1);
    if (blocks.some((block) => from >= block.pos && to <= block.end)) continue;
    // Its text moved but did not change; if it did (or went), its block is searched again.
    if (to - from !== match.to - match.from || doc.textBetween(from, to) !== tr.before.textBetween(match.from, match.to)) continue;
    matches.push({ from, to });
  }
  for (const block of blocks) searchTextblock(block.node, block.pos, pattern, matches);
  matches.sort((a, b) => a.from - b.from);
  return matches.slice(0, MAX_MATCHES);
}

export interface FindState {
  query: SearchQuery;
  matches: Match[];
  /** Index into `matches` of the current one, or -1. */
  current: number;
  decorations: DecorationSet;
}

export const findReplaceKey = new PluginKey<FindState>('yttraFindReplace');

const NO_QUERY: SearchQuery = { text: '', matchCase: false, wholeWord: false };

type FindMeta = { query: SearchQuery; near?: number } | { current: number };

function decorate(doc: ProseMirrorNode, matches: readonly Match[], current: number): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((match, index) =>
      Decoration.inline(match.from, match.to, { class: index === current ? 'search-match search-match-current' : 'search-match' }),
    ),
  );
}

/** The first match at or after `pos`, wrapping to the first; -1 when there is none. */
function matchFrom(matches: readonly Match[], pos: number): number {
  if (matches.length === 0) return -1;
  const index = matches.findIndex((match) => match.from >= pos);
  return index < 0 ? 0 : index;
}

function searched(state: EditorState, query: SearchQuery, near: number): FindState {
  const matches = findMatches(state.doc, query);
  const current = matchFrom(matches, near);
  return { query, matches, current, decorations: decorate(state.doc, matches, current) };
}

export const FindReplace = Extension.create({
  name: 'findReplace',

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findReplaceKey,
        state: {
          init: (_config, state) => ({ query: NO_QUERY, matches: [], current: -1, decorations: DecorationSet.create(state.doc, []) }),
          apply(tr: Transaction, value: FindState, _old: EditorState, state: EditorState): FindState {
            const meta = tr.getMeta(findReplaceKey) as FindMeta | undefined;
            if (meta && 'query' in meta) return searched(state, meta.query, meta.near ?? state.selection.from);
            if (meta && 'current' in meta)
              return { ...value, current: meta.current, decorations: decorate(state.doc, value.matches, meta.current) };
            if (!tr.docChanged || !value.query.text) return value;
            // The text changed (here or remotely): search again, staying at the current match.
            const at = value.current >= 0 ? tr.mapping.map(value.matches[value.current]!.from, -1) : state.selection.from;
            const matches = updateMatches(tr, value.matches, value.query);
            const current = matchFrom(matches, at);
            return { query: value.query, matches, current, decorations: decorate(state.doc, matches, current) };
          },
        },
        props: { decorations: (state) => findReplaceKey.getState(state)?.decorations },
      }),
    ];
  },
});

export function findState(state: EditorState): FindState | undefined {
  return findReplaceKey.getState(state);
}

/** Selects a match and brings it into view, without taking focus from the search box. */
function selectMatch(tr: Transaction, match: Match): Transaction {
  return tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
}

export interface Dispatcher {
  state: EditorState;
  dispatch(tr: Transaction): void;
}

/** Searches for `query` (an empty text clears the highlights) and selects the first match from the caret. */
export function setQuery(view: Dispatcher, query: SearchQuery): void {
  const tr = view.state.tr.setMeta(findReplaceKey, { query }).setMeta('addToHistory', false);
  view.dispatch(tr);
  const state = findState(view.state);
  if (state && state.current >= 0) view.dispatch(selectMatch(view.state.tr, state.matches[state.current]!));
}

/** Moves to the next (1) or previous (-1) match, wrapping around. */
export function step(view: Dispatcher, direction: 1 | -1): void {
  const state = findState(view.state);
  if (!state || state.matches.length === 0) return;
  const current = (state.current + direction + state.matches.length) % state.matches.length;
  view.dispatch(selectMatch(view.state.tr.setMeta(findReplaceKey, { current }), state.matches[current]!));
}

function replaceIn(tr: Transaction, match: Match, replacement: string): void {
  if (replacement) tr.insertText(replacement, match.from, match.to);
  else tr.delete(match.from, match.to);
}

/** Replaces the current match and moves to the next one. Returns whether anything was replaced. */
export function replaceCurrent(view: Dispatcher, replacement: string): boolean {
  const state = findState(view.state);
  if (!state || state.current < 0) return false;
  const match = state.matches[state.current]!;
  const before = view.state.doc;
  const tr = view.state.tr;
  replaceIn(tr, match, replacement);
  const end = tr.mapping.map(match.to);
  // Search on after the replacement, so a replacement that contains the query is not found again.
  tr.setSelection(TextSelection.create(tr.doc, end)).setMeta(findReplaceKey, { query: state.query, near: end });
  view.dispatch(tr);
  if (view.state.doc === before) return false;
  const after = findState(view.state);
  if (after && after.current >= 0) view.dispatch(selectMatch(view.state.tr, after.matches[after.current]!));
  return true;
}

/** Whether the editor's plugins let `tr` through, as the state checks before applying it. */
function passesFilters(state: EditorState, tr: Transaction): boolean {
  return state.plugins.every((plugin) => plugin.spec.filterTransaction?.call(plugin, tr, state) ?? true);
}

/**
 * Replaces every match that may be changed, in one transaction (one undo step). A match the
 * editor's filters refuse on its own (a section the ärende writes, a locked section's heading)
 * is left and counted as skipped, rather than the whole replacement being refused with it.
 */
export function replaceAll(view: Dispatcher, replacement: string): { replaced: number; skipped: number } {
  const state = findState(view.state);
  if (!state || state.matches.length === 0) return { replaced: 0, skipped: 0 };
  const changeable = state.matches.filter((match) => {
    const alone = view.state.tr;
    replaceIn(alone, match, replacement);
    return passesFilters(view.state, alone);
  });
  const before = view.state.doc;
  if (changeable.length > 0) {
    const tr = view.state.tr;
    // Last first: earlier positions stay valid without mapping.
    for (let index = changeable.length - 1; index >= 0; index -= 1) replaceIn(tr, changeable[index]!, replacement);
    view.dispatch(tr);
  }
  const replaced = view.state.doc === before ? 0 : changeable.length;
  return { replaced, skipped: state.matches.length - replaced };
}
