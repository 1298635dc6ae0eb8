/**
 * The mode control beside the toolbar: Redigera, Föreslå, Visa. Modes the role does not allow are
 * shown but cannot be chosen (a suggester sees that Redigera exists and is not theirs). When a
 * change cannot be proposed, the reason is announced here.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import {
  DISPLAY_LABELS,
  MODE_HINTS,
  MODE_KEYS,
  MODE_LABELS,
  SUGGEST_REFUSED_EVENT,
  setEditorMode,
  setSuggestionDisplay,
  type EditorMode,
  type SuggestionDisplay,
} from './suggestMode';
import { useEditorMode } from './hooks';

const ORDER: readonly EditorMode[] = ['edit', 'suggest', 'view'];
const NOTICE_MS = 8000;

export function ModeSwitch({ editor }: { editor: Editor }) {
  const { mode, modes, display } = useEditorMode(editor);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onRefused = (event: Event) => {
      setNotice(String((event as CustomEvent).detail));
      clearTimeout(timer);
      timer = setTimeout(() => setNotice(null), NOTICE_MS);
    };
    window.addEventListener(SUGGEST_REFUSED_EVENT, onRefused);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(SUGGEST_REFUSED_EVENT, onRefused);
    };
  }, []);

  useEffect(() => setNotice(null), [mode]);

  return (
    <div className={`mode-switch mode-switch-${mode}`}>
      <label htmlFor="redigeringslage">Läge</label>
      <select
        id="redigeringslage"
        value={mode}
        title={`${MODE_HINTS[mode]}. ${modes.map((option) => `${MODE_LABELS[option]}: ${MODE_KEYS[option].replace('Control', 'Ctrl')}`).join(', ')}`}
        aria-keyshortcuts={modes.map((option) => MODE_KEYS[option]).join(' ')}
        aria-describedby="redigeringslage-hjalp"
        disabled={modes.length < 2}
        onChange={(event) => setEditorMode(editor, event.target.value as EditorMode)}
      >
        {ORDER.map((option) => (
          <option key={option} value={option} disabled={!modes.includes(option)}>
            {MODE_LABELS[option]}
          </option>
        ))}
      </select>
      {mode === 'view' && (
        <>
          <label htmlFor="forslagsvisning">Förslag</label>
          <select
            id="forslagsvisning"
            value={display}
            onChange={(event) => setSuggestionDisplay(editor, event.target.value as SuggestionDisplay)}
          >
            {(Object.keys(DISPLAY_LABELS) as SuggestionDisplay[]).map((option) => (
              <option key={option} value={option}>
                {DISPLAY_LABELS[option]}
              </option>
            ))}
          </select>
        </>
      )}
      <span id="redigeringslage-hjalp" className="visually-hidden">
        {MODE_HINTS[mode]}
      </span>
      <p role="status" className="mode-notice">
        {notice}
      </p>
    </div>
  );
}
