/**
 * The find and replace bar: Ctrl+F opens it for searching, Ctrl+H with the replace field
 * (searching is for everyone, replacing for those who may change the text). A non-modal
 * dialog: the text stays usable while it is open, Escape closes it and returns to the text.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { focusBody } from './readOnlyKeyboard';
import { MAX_MATCHES, MAX_QUERY_LENGTH, findState, replaceAll, replaceCurrent, setQuery, step, type SearchQuery } from './findReplace';

interface Props {
  editor: Editor;
  canReplace: boolean;
}

const NUMBER = new Intl.NumberFormat('sv-SE');

/** Opens the bar from elsewhere on the page (the toolbar's Sök button), like Ctrl+F and Ctrl+H. */
export const OPEN_FIND_EVENT = 'yttra-open-find';

export function requestFind(wanted: 'find' | 'replace'): void {
  window.dispatchEvent(new CustomEvent(OPEN_FIND_EVENT, { detail: wanted }));
}

function countLabel(query: string, current: number, total: number): string {
  if (!query) return '';
  if (query.length > MAX_QUERY_LENGTH) return `Sökordet får vara högst ${MAX_QUERY_LENGTH} tecken.`;
  if (total === 0) return 'Inga träffar';
  const all = total >= MAX_MATCHES ? `minst ${NUMBER.format(total)}` : NUMBER.format(total);
  return `${NUMBER.format(current + 1)} av ${all} ${total === 1 ? 'träff' : 'träffar'}`;
}

/** Ctrl+F and Ctrl+H, not AltGr combinations (AltGr reports itself as Ctrl+Alt on Windows). */
function shortcut(event: KeyboardEvent): 'find' | 'replace' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  if (event.code === 'KeyF') return 'find';
  if (event.code === 'KeyH') return 'replace';
  return null;
}

export function FindReplaceBar({ editor, canReplace }: Props) {
  const [open, setOpen] = useState(false);
  const [replaceWanted, setShowReplace] = useState(false);
  // Follows the role: a document that becomes justerad while the bar is open loses its replace row.
  const showReplace = replaceWanted && canReplace;
  const [query, setQueryState] = useState<SearchQuery>({ text: '', matchCase: false, wholeWord: false });
  const [replacement, setReplacement] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const ids = useId();

  const result = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const state = current ? findState(current.state) : undefined;
      return { current: state?.current ?? -1, total: state?.matches.length ?? 0 };
    },
  });

  useEffect(() => {
    const openBar = (wanted: 'find' | 'replace') => {
      setOpen(true);
      setShowReplace(wanted === 'replace' && canReplace);
      // The selected word is what one usually wants to find.
      const { from, to, empty } = editor.state.selection;
      const selected = empty ? '' : editor.state.doc.textBetween(from, to, ' ');
      if (selected && !selected.includes('\n') && selected.length <= MAX_QUERY_LENGTH)
        setQueryState((previous) => ({ ...previous, text: selected }));
      requestAnimationFrame(() => searchInput.current?.select());
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const wanted = shortcut(event);
      if (!wanted) return;
      event.preventDefault();
      openBar(wanted);
    };
    const onRequest = (event: Event) => openBar((event as CustomEvent<'find' | 'replace'>).detail);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener(OPEN_FIND_EVENT, onRequest);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener(OPEN_FIND_EVENT, onRequest);
    };
  }, [editor, canReplace]);

  // The highlights follow the query while the bar is open and go when it closes.
  useEffect(() => {
    if (editor.isDestroyed) return;
    setQuery(editor.view, open ? query : { ...query, text: '' });
  }, [editor, open, query]);

  if (!open) return null;

  const close = () => {
    setOpen(false);
    setMessage(null);
    focusBody(editor);
  };
  const onSubmit = (event: FormEvent) => event.preventDefault();
  const label = countLabel(query.text, result.current, result.total);
  // aria-disabled, not disabled: a button that loses its use (after Ersätt alla) keeps focus in the bar.
  const noMatches = result.total === 0;

  return (
    <div
      className="find-replace"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${ids}-heading`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <h2 id={`${ids}-heading`} className="visually-hidden">
        {showReplace ? 'Sök och ersätt' : 'Sök'}
      </h2>
      <form onSubmit={onSubmit} className="find-replace-form">
        <div className="find-replace-row">
          <label htmlFor={`${ids}-search`}>Sök</label>
          <input
            ref={searchInput}
            id={`${ids}-search`}
            type="search"
            value={query.text}
            maxLength={MAX_QUERY_LENGTH}
            autoFocus
            onChange={(event) => {
              setMessage(null);
              setQueryState({ ...query, text: event.target.value });
            }}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              step(editor.view, event.shiftKey ? -1 : 1);
            }}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => noMatches || step(editor.view, -1)}
            aria-disabled={noMatches || undefined}
          >
            Föregående
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => noMatches || step(editor.view, 1)}
            aria-disabled={noMatches || undefined}
          >
            Nästa
          </button>
          <p className="find-replace-count" role="status">
            {label}
          </p>
        </div>
        <div className="find-replace-row">
          <label className="checkbox-inline">
            <input
              type="checkbox"
              checked={query.matchCase}
              onChange={(event) => setQueryState({ ...query, matchCase: event.target.checked })}
            />
            Matcha gemener/VERSALER
          </label>
          <label className="checkbox-inline">
            <input
              type="checkbox"
              checked={query.wholeWord}
              onChange={(event) => setQueryState({ ...query, wholeWord: event.target.checked })}
            />
            Hela ord
          </label>
          {canReplace && !showReplace && (
            <button type="button" className="link-button" onClick={() => setShowReplace(true)}>
              Ersätt…
            </button>
          )}
        </div>
        {showReplace && (
          <div className="find-replace-row">
            <label htmlFor={`${ids}-replace`}>Ersätt med</label>
            <input id={`${ids}-replace`} type="text" value={replacement} onChange={(event) => setReplacement(event.target.value)} />
            <button
              type="button"
              className="secondary"
              aria-disabled={noMatches || undefined}
              onClick={() => noMatches || setMessage(replaceCurrent(editor.view, replacement) ? null : 'Texten kunde inte ändras.')}
            >
              Ersätt
            </button>
            <button
              type="button"
              aria-disabled={noMatches || undefined}
              onClick={() => {
                if (noMatches) return;
                const { replaced, skipped } = replaceAll(editor.view, replacement);
                const left = skipped > 0 ? ` ${NUMBER.format(skipped)} i text som inte kan ändras här lämnades.` : '';
                setMessage(replaced > 0 ? `${NUMBER.format(replaced)} ersatta.${left}` : 'Texten kunde inte ändras.');
              }}
            >
              Ersätt alla
            </button>
          </div>
        )}
        {message && (
          <p className="find-replace-message" role="status">
            {message}
          </p>
        )}
      </form>
      <button type="button" className="link-button find-replace-close" onClick={close}>
        Stäng
      </button>
    </div>
  );
}
