/**
 * Highlights the text of every open comment thread, the active one emphasised. The review doc
 * feeds the plugin (`showThreads`); the plugin keeps where each thread's text is now, which
 * the comments panel reads for document order and for "the text was deleted".
 *
 * Ranges come from the Yjs anchors whenever the body changed through Yjs (remote edits, undo,
 * first render) or the threads changed; a local edit maps them through ProseMirror's own
 * mapping instead, because the binding's Yjs copy is only updated after the edit is applied.
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { Anchor } from '../../shared/review/reviewDoc';
import { anchorRange, bindingOf, type TextRange } from './anchors';

export interface HighlightedThread {
  id: string;
  anchor: Anchor;
  resolved: boolean;
}

export interface HighlightInput {
  threads: readonly HighlightedThread[];
  activeId: string | null;
  /** Called when the reader clicks highlighted text. */
  onActivate?: (threadId: string) => void;
}

interface HighlightState {
  input: HighlightInput;
  /** Thread id → range now, or null when its text is gone. Absent: not known yet. */
  ranges: ReadonlyMap<string, TextRange | null>;
  decorations: DecorationSet;
}

export const reviewHighlightsKey = new PluginKey<HighlightState>('yttraReviewHighlights');

const EMPTY_INPUT: HighlightInput = { threads: [], activeId: null };

function resolveAll(state: EditorState, threads: readonly HighlightedThread[]): Map<string, TextRange | null> {
  const ranges = new Map<string, TextRange | null>();
  // Before the binding has rendered the body, nothing is known (which is not "deleted").
  if (!bindingOf(state)) return ranges;
  for (const thread of threads) ranges.set(thread.id, anchorRange(state, thread.anchor));
  return ranges;
}

function mapAll(ranges: ReadonlyMap<string, TextRange | null>, tr: Transaction): Map<string, TextRange | null> {
  const mapped = new Map<string, TextRange | null>();
  for (const [id, range] of ranges) {
    if (!range) {
      mapped.set(id, null);
      continue;
    }
    // Text typed at either edge stays outside the range, as with the Yjs anchor.
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

function decorate(state: EditorState, input: HighlightInput, ranges: ReadonlyMap<string, TextRange | null>): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of input.threads) {
    const range = ranges.get(thread.id);
    const active = thread.id === input.activeId;
    // A resolved thread is out of the way unless someone is looking at it.
    if (!range || (thread.resolved && !active)) continue;
    const classes = ['comment-highlight'];
    if (active) classes.push('comment-highlight-active');
    if (thread.resolved) classes.push('comment-highlight-resolved');
    decorations.push(Decoration.inline(range.from, range.to, { class: classes.join(' '), 'data-thread-id': thread.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

function isFromYjs(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

export const ReviewHighlights = Extension.create({
  name: 'reviewHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: reviewHighlightsKey,
        state: {
          init: (_config, state) => ({ input: EMPTY_INPUT, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, value, _old, state) {
            const input = tr.getMeta(reviewHighlightsKey) as HighlightInput | undefined;
            if (input) {
              const ranges = resolveAll(state, input.threads);
              return { input, ranges, decorations: decorate(state, input, ranges) };
            }
            if (!tr.docChanged && !isFromYjs(tr)) return value;
            const ranges = isFromYjs(tr) ? resolveAll(state, value.input.threads) : mapAll(value.ranges, tr);
            return { input: value.input, ranges, decorations: decorate(state, value.input, ranges) };
          },
        },
        props: {
          decorations: (state) => reviewHighlightsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const current = reviewHighlightsKey.getState(view.state);
            if (!current?.input.onActivate) return false;
            // The innermost thread under the click, when ranges overlap.
            let best: { id: string; size: number } | null = null;
            for (const thread of current.input.threads) {
              const range = current.ranges.get(thread.id);
              if (!range || thread.resolved || pos < range.from || pos > range.to) continue;
              const size = range.to - range.from;
              if (!best || size < best.size) best = { id: thread.id, size };
            }
            if (best) current.input.onActivate(best.id);
            return false;
          },
        },
      }),
    ];
  },
});

/** Hands the editor the threads to highlight and which one is active. */
export function showThreads(editor: Editor, input: HighlightInput): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(reviewHighlightsKey, input).setMeta('addToHistory', false));
}

/** Where each thread's text is now (see HighlightState.ranges). */
export function threadRanges(state: EditorState): ReadonlyMap<string, TextRange | null> {
  return reviewHighlightsKey.getState(state)?.ranges ?? new Map();
}
