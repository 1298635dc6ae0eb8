/**
 * What a phone-sized screen folds away: a "Mer" menu for a row of actions, and drawers for side
 * panels. On a wide screen both are transparent (the CSS gives their boxes `display: contents`
 * and hides the toggles), so the same elements keep their place in the page's layout.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** A row of actions that a narrow screen shows behind a "Mer" button. */
export function FoldingActions({ className, children }: { className: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    // A click elsewhere or Escape folds the menu again, as any menu does.
    const onPointer = (event: PointerEvent) => {
      if (!box.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="folding-actions">
      <button type="button" className="secondary fold-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Mer
      </button>
      <div ref={box} id={id} className={`${className}${open ? ' fold-open' : ''}`}>
        {children}
      </div>
    </div>
  );
}

/** A side panel that a narrow screen shows as a drawer over the page, opened by its own button. */
export function Drawer({ label, open, onClose, children }: { label: string; open: boolean; onClose(): void; children: ReactNode }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    // Into the drawer, unless something in it took the focus as it opened (a new comment's field).
    if (!close.current?.parentElement?.contains(document.activeElement)) close.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, onClose]);
  return (
    // No landmark role: on a wide screen the box is not there (`display: contents`).
    // Following a link in it (the outline's sections) is going to the text: the drawer gets out of the way.
    <div className={`drawer${open ? ' drawer-open' : ''}`} onClick={(event) => open && (event.target as Element).closest('a') && onClose()}>
      <button ref={close} type="button" className="secondary drawer-close" onClick={onClose}>
        Stäng {label.toLowerCase()}
      </button>
      {children}
    </div>
  );
}

/** The width below which the CSS folds things away (styles.css: the phone rules). */
const NARROW = '(max-width: 48rem)';

/**
 * Content that a phone shows folded under its summary, so what matters more comes first on the
 * first screen; a wide screen shows it open (and the CSS hides the summary there).
 */
export function FoldOnNarrow({ summary, children }: { summary: string; children: ReactNode }) {
  const [open, setOpen] = useState(() => typeof matchMedia !== 'function' || !matchMedia(NARROW).matches);
  return (
    <details className="fold-on-narrow" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
