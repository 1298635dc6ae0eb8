/**
 * A person typing in a header field, without a browser: a stand-in for an <input> with a value, a
 * caret and focus, bound to a Y.Text by the client's own binding (client/editor/textBinding.ts).
 * Typing changes the value at the caret and reports `input`, as the browser does.
 */
import type * as Y from 'yjs';
import { bindTextInput, type TextField } from '../../client/editor/textBinding';

class FakeInput implements TextField {
  value = '';
  readonly type = 'text';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  selectionDirection: 'forward' | 'backward' | 'none' | null = 'none';
  readonly ownerDocument = { activeElement: this as unknown };
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();

  setSelectionRange(start: number, end: number): void {
    this.selectionStart = Math.min(start, this.value.length);
    this.selectionEnd = Math.min(end, this.value.length);
  }

  addEventListener(type: string, listener: (event: Event) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  dispatch(type: string): void {
    const event = { type, isComposing: false } as unknown as Event;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

export interface Typist {
  readonly input: FakeInput;
  /** The caret (collapsed selection) in the field. */
  caret(): number;
  moveCaret(index: number): void;
  /** Types `text` one key at a time at the caret. */
  type(text: string): void;
  /** Backspace: deletes the character before the caret. */
  backspace(): void;
  /** Starts an input method composition: the field changes, nothing is reported until `endComposition`. */
  compose(text: string): void;
  endComposition(): void;
  unbind(): void;
}

export function typistFor(text: Y.Text, origin: object = {}): Typist {
  const input = new FakeInput();
  const unbind = bindTextInput(input, text, { origin });
  input.setSelectionRange(input.value.length, input.value.length);
  const replaceAtCaret = (deleteBefore: number, insert: string) => {
    const caret = input.selectionEnd ?? input.value.length;
    const from = Math.max(0, caret - deleteBefore);
    input.value = input.value.slice(0, from) + insert + input.value.slice(caret);
    input.setSelectionRange(from + insert.length, from + insert.length);
  };
  return {
    input,
    caret: () => input.selectionEnd ?? 0,
    moveCaret: (index) => input.setSelectionRange(index, index),
    type(value) {
      for (const key of value) {
        replaceAtCaret(0, key);
        input.dispatch('input');
      }
    },
    backspace() {
      if ((input.selectionEnd ?? 0) === 0) return;
      replaceAtCaret(1, '');
      input.dispatch('input');
    },
    compose(value) {
      input.dispatch('compositionstart');
      replaceAtCaret(0, value);
    },
    endComposition() {
      input.dispatch('compositionend');
    },
    unbind,
  };
}
