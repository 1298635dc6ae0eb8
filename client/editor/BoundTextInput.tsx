/**
 * An <input> bound to a Y.Text (textBinding.ts): uncontrolled by React, since the binding writes
 * the value and keeps the caret where it belongs when others type in the same field.
 */
import { useEffect, useRef, type InputHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { bindTextInput } from './textBinding';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange'> {
  text: Y.Text;
  /** This person's transaction origin (tracked by the undo manager). */
  origin: object;
  undoManager: Y.UndoManager | null;
}

export function BoundTextInput({ text, origin, undoManager, ...inputProps }: Props) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    return bindTextInput(input, text, { origin, undoManager });
  }, [text, origin, undoManager]);
  return <input ref={ref} {...inputProps} />;
}
