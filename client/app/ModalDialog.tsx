/**
 * A modal dialog: opened with the native <dialog> (focus trap, Escape, backdrop) when mounted,
 * titled by its heading, closed by "Stäng" or Escape, which tells the owner through onClose.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  wide?: boolean;
  onClose(): void;
  /** Buttons shown before "Stäng". */
  actions?: ReactNode;
  children: ReactNode;
}

export function ModalDialog({ title, wide, onClose, actions, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className={wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        {actions}
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          Stäng
        </button>
      </div>
    </dialog>
  );
}
