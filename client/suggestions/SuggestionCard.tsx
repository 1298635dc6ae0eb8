/**
 * The card by a suggestion in the text: who proposed it, when, what it changes, and Godta /
 * Avvisa for those who decide. It opens when the pointer rests on a suggestion, or when the caret
 * is in one (so a keyboard user reaches it too: Tab from the text goes to its buttons, as the card
 * follows the editor in the page's order).
 */
import { useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorMode, useSuggestions } from './hooks';
import { reviewSuggestions } from './suggestionReview';
import { authorColor, authorName, changeLines, formatSuggestionTime } from './describe';
import { suggestionMarkTypes } from './suggestTransaction';

interface Placement {
  id: string;
  top: number;
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
  const { canReview } = useEditorMode(editor);
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
      setPlacement({ id: element.dataset.suggestionId ?? '', top: rect.bottom + 4, left: rect.left, by: 'pointer' });
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
        return { id, top: coords.bottom + 4, left: coords.left, by: 'caret' };
      });
    };
    dom.addEventListener('mouseover', onOver);
    dom.addEventListener('mouseout', onOut);
    editor.on('selectionUpdate', onSelection);
    return () => {
      cancelHide();
      dom.removeEventListener('mouseover', onOver);
      dom.removeEventListener('mouseout', onOut);
      editor.off('selectionUpdate', onSelection);
    };
  }, [editor]);

  const suggestion = placement ? suggestions.find((candidate) => candidate.id === placement.id) : undefined;
  if (!placement || !suggestion) return null;
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
      style={{ top: placement.top, left: placement.left, borderColor: authorColor(suggestion.userId) }}
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
    </div>
  );
}
