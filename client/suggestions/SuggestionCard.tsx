/**
 * The card by a suggestion in the text: who proposed it, when, what it changes, and Godta /
 * Avvisa for those who decide. It opens when the pointer rests on a suggestion, or when the caret
 * is in one (so a keyboard user reaches it too: Tab from the text goes to its buttons, as the card
 * follows the editor in the page's order).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorMode, useSuggestions } from './hooks';
import { reviewSuggestions } from './suggestionReview';
import { authorColor, authorName, changeLines, formatSuggestionTime } from './describe';
import { suggestionMarkTypes } from './suggestTransaction';

interface Placement {
  id: string;
  /** The suggestion's (or the caret's) box on screen: the card goes below it, or above when there is no room. */
  top: number;
  bottom: number;
  left: number;
  /** What opened it: the pointer closes it on leaving, the caret on moving away. */
  by: 'pointer' | 'caret';
}

const HIDE_DELAY_MS = 250;

/** The suggestion the caret is in (the marks on either side of a collapsed caret count). */
function suggestionAtCaret(editor: Editor): string | null {
  const types = suggestionMarkTypes(editor.schema);
  const { $from, empty } = editor.state.selection;
  if (!types || !empty) return null;
  for (const node of [$from.nodeAfter, $from.nodeBefore]) {
    const mark = node?.marks.find(
      (candidate) => candidate.type === types.insertion || candidate.type === types.deletion || candidate.type === types.formatChange,
    );
    if (mark?.attrs.id) return String(mark.attrs.id);
  }
  return null;
}

export function SuggestionCard({ editor, self }: { editor: Editor; self: { id: string; name: string } }) {
  const suggestions = useSuggestions(editor);
  const { canReview, display, mode } = useEditorMode(editor);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const card = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const dom = editor.view.dom;
    const cancelHide = () => clearTimeout(hideTimer.current);
    const onOver = (event: MouseEvent) => {
      const element = (event.target as Element | null)?.closest<HTMLElement>('[data-suggestion-id]');
      if (!element || !dom.contains(element)) return;
      cancelHide();
      const rect = element.getBoundingClientRect();
      setPlacement({ id: element.dataset.suggestionId ?? '', top: rect.top, bottom: rect.bottom, left: rect.left, by: 'pointer' });
    };
    const onOut = (event: MouseEvent) => {
      const from = (event.target as Element | null)?.closest('[data-suggestion-id]');
      const to = (event.relatedTarget as Element | null)?.closest?.('[data-suggestion-id]');
      if (!from || from === to) return;
      cancelHide();
      hideTimer.current = setTimeout(() => setPlacement((current) => (current?.by === 'pointer' ? null : current)), HIDE_DELAY_MS);
    };
    const onSelection = () => {
      if (editor.isDestroyed) return;
      const id = editor.isFocused ? suggestionAtCaret(editor) : null;
      setPlacement((current) => {
        if (!id) return current?.by === 'caret' ? null : current;
        if (current?.id === id) return current;
        const coords = editor.view.coordsAtPos(editor.state.selection.head);
        return { id, top: coords.top, bottom: coords.bottom, left: coords.left, by: 'caret' };
      });
    };
    // The card is placed on screen: when the page scrolls, it follows its suggestion.
    const onScroll = () =>
      setPlacement((current) => {
        if (!current) return current;
        if (current.by === 'caret') {
          const coords = editor.view.coordsAtPos(editor.state.selection.head);
          return { ...current, top: coords.top, bottom: coords.bottom, left: coords.left };
        }
        const element = dom.querySelector(`[data-suggestion-id="${CSS.escape(current.id)}"]`);
        if (!element) return null;
        const rect = element.getBoundingClientRect();
        return { ...current, top: rect.top, bottom: rect.bottom, left: rect.left };
      });
    window.addEventListener('scroll', onScroll, true);
    dom.addEventListener('mouseover', onOver);
    dom.addEventListener('mouseout', onOut);
    editor.on('selectionUpdate', onSelection);
    return () => {
      cancelHide();
      window.removeEventListener('scroll', onScroll, true);
      dom.removeEventListener('mouseover', onOver);
      dom.removeEventListener('mouseout', onOut);
      editor.off('selectionUpdate', onSelection);
    };
  }, [editor]);

  const suggestion = placement ? suggestions.find((candidate) => candidate.id === placement.id) : undefined;

  // Below the text when it fits in the window, else above it; never past the window's right edge.
  useLayoutEffect(() => {
    const element = card.current;
    if (!element || !placement) return;
    const { height, width } = element.getBoundingClientRect();
    const below = placement.bottom + 4;
    const top = below + height > window.innerHeight ? Math.max(0, placement.top - height - 4) : below;
    element.style.top = `${top}px`;
    element.style.left = `${Math.max(0, Math.min(placement.left, window.innerWidth - width - 8))}px`;
  }, [placement, suggestion]);

  // While the text is read as if accepted or without the suggestions, they are not pointed at.
  if (!placement || !suggestion || display !== 'markup') return null;
  const name = authorName(suggestion, self);
  const decide = (accept: boolean) => {
    reviewSuggestions(editor, [suggestion.id], accept);
    setPlacement(null);
  };
  return (
    <div
      ref={card}
      className="suggestion-card"
      role="group"
      aria-label={`Förslag av ${name}`}
      data-suggestion-id={suggestion.id}
      style={{ top: placement.bottom + 4, left: placement.left, borderColor: authorColor(suggestion.userId) }}
      onMouseEnter={() => clearTimeout(hideTimer.current)}
      onMouseLeave={() => {
        if (placement.by === 'pointer') hideTimer.current = setTimeout(() => setPlacement(null), HIDE_DELAY_MS);
      }}
    >
      <p className="suggestion-card-meta">
        <span className="suggestion-swatch" style={{ background: authorColor(suggestion.userId) }} aria-hidden="true" />
        <strong className="suggestion-author">{name}</strong>{' '}
        <time dateTime={suggestion.createdAt}>{formatSuggestionTime(suggestion.createdAt)}</time>
      </p>
      <ul className="suggestion-changes">
        {changeLines(suggestion).map((line) => (
          <li key={line.kind} className={`suggestion-change-${line.kind}`}>
            {line.label}: <span className="suggestion-change-text">”{line.text}”</span>
          </li>
        ))}
      </ul>
      {canReview && (
        <div className="suggestion-actions">
          <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={() => decide(true)}>
            Godta
          </button>
          <button type="button" className="secondary" onMouseDown={(event) => event.preventDefault()} onClick={() => decide(false)}>
            Avvisa
          </button>
        </div>
      )}
      {!canReview && mode === 'suggest' && suggestion.userId === self.id && (
        <div className="suggestion-actions">
          <button type="button" className="secondary" onMouseDown={(event) => event.preventDefault()} onClick={() => decide(false)}>
            Ta tillbaka
          </button>
        </div>
      )}
    </div>
  );
}
