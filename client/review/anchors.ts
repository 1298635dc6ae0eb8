/**
 * Between the editor's positions and a thread's anchor. y-tiptap's binding knows which Yjs
 * type and index a ProseMirror position is; the anchor itself is made by the shared
 * `anchorFor`, so the browser and the server tests agree on how an anchor sticks to its text
 * (the start to the first character of the range, the end to the last).
 */
import type { EditorState } from '@tiptap/pm/state';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
  type ProsemirrorBinding,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';
import { cleanText } from '../../shared/model/text';
import { anchorFor, resolveAnchor, type Anchor } from '../../shared/review/reviewDoc';

export interface TextRange {
  from: number;
  to: number;
}

export interface CommentTarget {
  sectionKey: string;
  quote: string;
  anchor: Anchor;
}

const MAX_QUOTE = 300;

export function bindingOf(state: EditorState): ProsemirrorBinding | null {
  return (ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding | null } | undefined)?.binding ?? null;
}

function yPosition(binding: ProsemirrorBinding, pos: number): Y.AbsolutePosition | null {
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
  return Y.createAbsolutePositionFromRelativePosition(relative, binding.doc);
}

/**
 * What the current selection would be commented as, or why it cannot be: a thread belongs to
 * one section, so a selection across sections is refused rather than silently cut.
 */
export function commentTarget(state: EditorState): CommentTarget | { problem: string } | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  if ($from.depth < 1 || $to.depth < 1 || $from.index(0) !== $to.index(0)) {
    return { problem: 'Markera text inom ett och samma avsnitt.' };
  }
  const text = state.doc.textBetween(from, to, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return { problem: 'Markera den text du vill kommentera.' };
  const binding = bindingOf(state);
  const start = binding && yPosition(binding, from);
  const end = binding && yPosition(binding, to);
  if (!start || !end) return null;
  return {
    sectionKey: String($from.node(1).attrs[SECTION_KEY_ATTRIBUTE] ?? ''),
    // Cut at the limit, then cleaned: a cut through a surrogate pair leaves half of one.
    quote: cleanText(text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text),
    anchor: anchorFor(start.type, start.index, end.type, end.index),
  };
}

/** Where an anchor is in the editor now, or null when its text was deleted (detached). */
export function anchorRange(state: EditorState, anchor: Anchor): TextRange | null {
  const binding = bindingOf(state);
  if (!binding || !resolveAnchor(binding.doc, anchor)) return null;
  try {
    const toAbsolute = (json: unknown) =>
      relativePositionToAbsolutePosition(binding.doc, binding.type, Y.createRelativePositionFromJSON(json), binding.mapping);
    const from = toAbsolute(anchor.start);
    const to = toAbsolute(anchor.end);
    if (from === null || to === null) return null;
    const size = state.doc.content.size;
    const range = { from: Math.max(0, Math.min(from, size)), to: Math.max(0, Math.min(to, size)) };
    return range.from < range.to ? range : null;
  } catch {
    // An anchor from a damaged or foreign review doc is treated like deleted text.
    return null;
  }
}
