/**
 * Keyboard access to the text for people who may not change it (readers, commenters, a
 * justerad document). ProseMirror makes a read-only view `contenteditable="false"`: the
 * browser then neither stops there on Tab nor moves a caret with the arrow keys, so a
 * commenter could only select text with a mouse. Here the read-only body
 *  - is a focusable, read-only text box in the Tab order;
 *  - moves and extends the selection with the usual keys (arrows, Ctrl+arrows by word,
 *    Home/End, Ctrl+Home/End, Shift for extending, Ctrl+A), through the browser's own
 *    `Selection.modify`, which ProseMirror then reads like a mouse selection;
 *  - draws a caret where a collapsed selection is, since the browser paints none in text that
 *    is not editable. The caret is an overlay outside the editor's DOM, so it never splits the
 *    text the selection moves through.
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

type Alter = 'move' | 'extend';
type Direction = 'forward' | 'backward';
type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary';

/** The movement a key asks for, or null for keys this module leaves alone. */
export function movementFor(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): [Alter, Direction, Granularity] | null {
  if (event.altKey) return null;
  const alter: Alter = event.shiftKey ? 'extend' : 'move';
  const byWord = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowRight':
      return [alter, 'forward', byWord ? 'word' : 'character'];
    case 'ArrowLeft':
      return [alter, 'backward', byWord ? 'word' : 'character'];
    case 'ArrowDown':
      return [alter, 'forward', 'line'];
    case 'ArrowUp':
      return [alter, 'backward', 'line'];
    case 'End':
      return [alter, 'forward', byWord ? 'documentboundary' : 'lineboundary'];
    case 'Home':
      return [alter, 'backward', byWord ? 'documentboundary' : 'lineboundary'];
    default:
      return null;
  }
}

type ModifiableSelection = globalThis.Selection & { modify(alter: Alter, direction: Direction, granularity: Granularity): void };

/** Puts the DOM selection where the editor's selection is, when focus arrives from elsewhere. */
function placeDomSelection(view: EditorView): void {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection) return;
  if (selection.anchorNode && view.dom.contains(selection.anchorNode)) return;
  const { node, offset } = view.domAtPos(view.state.selection.head);
  selection.collapse(node, offset);
}

function readOnlyKeydown(view: EditorView, event: KeyboardEvent): boolean {
  if (view.editable) return false;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
    // The body's text, not the whole page's.
    const { doc } = view.state;
    placeDomSelection(view);
    view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(0), doc.resolve(doc.content.size))));
    event.preventDefault();
    return true;
  }
  const movement = movementFor(event);
  const selection = view.dom.ownerDocument.getSelection() as ModifiableSelection | null;
  if (!movement || !selection) return false;
  event.preventDefault();
  // ProseMirror draws its selection into the DOM only while the DOM selection is in the body.
  placeDomSelection(view);
  const [alter, direction, granularity] = movement;
  if (granularity === 'documentboundary') {
    // The browser's document boundary is the page's, outside the body: go to the body's own.
    const { doc, selection: current } = view.state;
    const target = direction === 'forward' ? Selection.atEnd(doc) : Selection.atStart(doc);
    const next = alter === 'extend' ? TextSelection.between(current.$anchor, target.$head) : target;
    view.dispatch(view.state.tr.setSelection(next).scrollIntoView());
    return true;
  }
  selection.modify(alter, direction, granularity);
  return true;
}

/**
 * Moves focus back to the body (from the toolbar or the find bar). ProseMirror's own focus()
 * does nothing in a read-only view, which is focusable here all the same.
 */
export function focusBody(editor: Editor): void {
  if (editor.isDestroyed) return;
  if (editor.isEditable) editor.commands.focus();
  else editor.view.dom.focus();
}

/** The painted caret of a read-only body: positioned over the text, hidden when not needed. */
class ReadOnlyCaret {
  private readonly caret: HTMLElement;

  constructor(private readonly view: EditorView) {
    this.caret = view.dom.ownerDocument.createElement('span');
    this.caret.className = 'read-only-caret';
    this.caret.setAttribute('aria-hidden', 'true');
    view.dom.parentElement?.append(this.caret);
  }

  update(): void {
    const { view, caret } = this;
    const parent = view.dom.parentElement;
    const show = !view.editable && view.hasFocus() && view.state.selection.empty && !!parent;
    // Written only when it changes: this runs at every transaction, typing included.
    if (caret.hidden === show) caret.hidden = !show;
    if (!show || !parent) return;
    const at = view.coordsAtPos(view.state.selection.head);
    const box = parent.getBoundingClientRect();
    caret.style.left = `${at.left - box.left}px`;
    caret.style.top = `${at.top - box.top}px`;
    caret.style.height = `${at.bottom - at.top}px`;
  }

  destroy(): void {
    this.caret.remove();
  }
}

const readOnlyKeyboardKey = new PluginKey('yttraReadOnlyKeyboard');

export const ReadOnlyKeyboard = Extension.create({
  name: 'readOnlyKeyboard',

  addProseMirrorPlugins() {
    const editor: Editor = this.editor;
    return [
      new Plugin({
        key: readOnlyKeyboardKey,
        view: (view) => {
          const caret = new ReadOnlyCaret(view);
          const update = () => caret.update();
          view.dom.addEventListener('focus', update);
          view.dom.addEventListener('blur', update);
          return {
            update,
            destroy: () => {
              view.dom.removeEventListener('focus', update);
              view.dom.removeEventListener('blur', update);
              caret.destroy();
            },
          };
        },
        props: {
          // Recomputed on every state update, so it follows setEditable().
          attributes: (): Record<string, string> =>
            editor.options.editable ? {} : { tabindex: '0', 'aria-readonly': 'true', 'aria-multiline': 'true' },
          handleDOMEvents: {
            keydown: readOnlyKeydown,
            focus: (view) => {
              if (!view.editable) placeDomSelection(view);
              return false;
            },
          },
        },
      }),
    ];
  },
});
