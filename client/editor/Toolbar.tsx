/**
 * The formatting toolbar above the body: a WAI-ARIA toolbar (one Tab stop, arrow keys move
 * between its buttons, Alt+F10 from the text jumps to it). Buttons show their state with
 * aria-pressed and stay in place when they cannot be used (aria-disabled, with the reason as
 * tooltip), so a keyboard user finds every command where it always is. Readers and commenters
 * see it too, with only Kommentera usable for commenters.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { sectionSpec, type DocumentType } from '../../shared/model';
import { requestComment } from './commentRequest';
import { focusBody } from './readOnlyKeyboard';
import { useIdleEditorState } from './idleEditorState';
import { requestFind } from './FindReplaceBar';
import { editorMode, type EditorMode } from '../suggestions/suggestMode';
import { ModeSwitch } from '../suggestions/ModeSwitch';
import {
  FORMAT_COMMANDS,
  REDO,
  TABLE_COMMANDS,
  UNDO,
  editorHasTables,
  isInTable,
  offeredIn,
  selectionSection,
  type ToolbarCommand,
} from './toolbarCommands';

interface Props {
  editor: Editor;
  type: DocumentType;
  /**
   * May change the text (owner or editor, document not justerad). The editor's mode (Redigera,
   * Föreslå, Visa) decides what the buttons offer now; a suggester writes in Föreslå.
   */
  editable: boolean;
  /** May write comments (everyone but readers). */
  canComment: boolean;
}

interface CommandState {
  active: boolean | undefined;
  /** Why it cannot be used now, or null when it can. */
  unavailable: string | null;
}

const READ_ONLY = 'Du kan inte ändra texten';
const NOT_PROPOSABLE = 'Går inte att föreslå: i Föreslå kan du skriva, ta bort och formatera text';
/** What can be proposed in Föreslå: character formatting, and taking back one's own steps. */
const PROPOSABLE = new Set(['bold', 'italic', 'underline', 'undo', 'redo']);

function commandState(editor: Editor, type: DocumentType, editable: boolean, command: ToolbarCommand, mode: EditorMode): CommandState {
  const active = command.isActive ? command.isActive(editor) : undefined;
  if (!editable) return { active, unavailable: READ_ONLY };
  if (mode === 'suggest' && !PROPOSABLE.has(command.id)) return { active, unavailable: NOT_PROPOSABLE };
  const section = selectionSection(editor);
  if (!offeredIn(type, section, command.needs)) {
    const title = section ? (sectionSpec(type, section)?.title ?? section) : '';
    return { active, unavailable: `Används inte i avsnittet ${title}` };
  }
  if (command.inTableOnly && !isInTable(editor)) return { active, unavailable: 'Placera markören i en tabell' };
  return { active, unavailable: command.can(editor) ? null : 'Går inte att använda här' };
}

function sameStates(a: Record<string, CommandState>, b: Record<string, CommandState>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => a[key]!.active === b[key]?.active && a[key]!.unavailable === b[key]?.unavailable)
  );
}

const ITEM = '[data-toolbar-item]';

function moveFocus(toolbar: HTMLElement, from: Element | null, key: string): boolean {
  const items = [...toolbar.querySelectorAll<HTMLElement>(ITEM)];
  if (items.length === 0) return false;
  const index = from ? items.indexOf(from as HTMLElement) : -1;
  const target =
    key === 'Home'
      ? 0
      : key === 'End'
        ? items.length - 1
        : key === 'ArrowRight'
          ? (index + 1) % items.length
          : key === 'ArrowLeft'
            ? (index - 1 + items.length) % items.length
            : -1;
  if (target < 0) return false;
  items[target]!.focus();
  return true;
}

function ToolbarButton({
  command,
  state,
  editor,
  focusable,
  groupStart,
}: {
  command: ToolbarCommand;
  state: CommandState;
  editor: Editor;
  focusable: boolean;
  groupStart?: boolean;
}) {
  const title = [
    command.label,
    command.shortcut && `(${command.shortcut.replace('Control', 'Ctrl')})`,
    state.unavailable && `– ${state.unavailable}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type="button"
      className={`toolbar-button toolbar-${command.id}${groupStart ? ' toolbar-group-start' : ''}`}
      data-toolbar-item=""
      tabIndex={focusable ? 0 : -1}
      aria-label={command.label}
      title={title}
      aria-pressed={command.isActive ? state.active : undefined}
      aria-disabled={state.unavailable ? true : undefined}
      aria-keyshortcuts={command.shortcut}
      // The text keeps focus and selection: the command acts on what is selected there.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        if (!state.unavailable) command.run(editor);
      }}
    >
      {command.icon && <span aria-hidden="true">{command.icon} </span>}
      {command.glyph}
    </button>
  );
}

function TableMenu({ editor, states, focusable }: { editor: Editor; states: Record<string, CommandState>; focusable: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuItems = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"], [role="menuitemcheckbox"]') ?? [])];

  useEffect(() => {
    if (open) menuItems()[0]?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKeyDown = (event: ReactKeyboardEvent) => {
    const items = menuItems();
    const index = items.indexOf(document.activeElement as HTMLElement);
    let target = -1;
    if (event.key === 'ArrowDown') target = (index + 1) % items.length;
    else if (event.key === 'ArrowUp') target = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = items.length - 1;
    else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    } else if (event.key === 'Tab') {
      close(false);
      return;
    }
    // Arrow keys here move within the menu, not along the toolbar.
    event.stopPropagation();
    if (target >= 0) {
      event.preventDefault();
      items[target]?.focus();
    }
  };

  const tableState = states.insertTable!;
  return (
    <div
      className="toolbar-menu"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="toolbar-button toolbar-group-start"
        data-toolbar-item=""
        tabIndex={focusable ? 0 : -1}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="tabellmeny"
        aria-disabled={tableState.unavailable === READ_ONLY ? true : undefined}
        title={tableState.unavailable === READ_ONLY ? `Tabell – ${READ_ONLY}` : 'Tabell'}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          if (tableState.unavailable !== READ_ONLY) setOpen(!open);
        }}
        onKeyDown={(event) => {
          if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && tableState.unavailable !== READ_ONLY) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        Tabell ▾
      </button>
      {open && (
        <ul ref={menu} id="tabellmeny" role="menu" aria-label="Tabell" className="toolbar-menu-list" onKeyDown={onMenuKeyDown}>
          {TABLE_COMMANDS.map((command) => {
            const state = states[command.id]!;
            return (
              <li key={command.id} role="none">
                <button
                  type="button"
                  role={command.isActive ? 'menuitemcheckbox' : 'menuitem'}
                  aria-checked={command.isActive ? !!state.active : undefined}
                  tabIndex={-1}
                  aria-disabled={state.unavailable ? true : undefined}
                  title={state.unavailable ?? undefined}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    if (state.unavailable) return;
                    command.run(editor);
                    setOpen(false);
                  }}
                >
                  {command.glyph}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function Toolbar({ editor, type, editable: mayEdit, canComment }: Props) {
  const toolbar = useRef<HTMLDivElement>(null);
  const mode = useEditorState({ editor, selector: ({ editor: current }) => (current ? editorMode(current.state) : 'view') });
  // In Visa nothing changes the text; in Föreslå a suggester (not an editor) writes too.
  const editable = mode !== 'view' && (mayEdit || mode === 'suggest');
  const [focusIndex, setFocusIndex] = useState(0);
  const hasTables = editorHasTables(editor);

  // Asking every command whether it can run costs milliseconds: it is done once the keystroke is
  // painted, and re-renders only when what the buttons show changes (selection, marks, undo stack).
  const readStates = useCallback(
    (current: Editor) => {
      const result: Record<string, CommandState> = {};
      for (const command of [...FORMAT_COMMANDS, UNDO, REDO, ...(hasTables ? TABLE_COMMANDS : [])]) {
        result[command.id] = commandState(current, type, editable, command, mode);
      }
      return result;
    },
    [type, editable, hasTables, mode],
  );
  const states = useIdleEditorState(editor, readStates, sameStates);

  // Alt+F10 (as in Word and Google Docs) moves from the text to the toolbar.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.key !== 'F10' || !editor.view.dom.contains(document.activeElement)) return;
      event.preventDefault();
      toolbar.current?.querySelectorAll<HTMLElement>(ITEM)[focusIndex]?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editor, focusIndex]);

  let index = 0;
  const next = () => index++ === focusIndex;
  const button = (command: ToolbarCommand, groupStart?: boolean) => (
    <ToolbarButton
      key={command.id}
      command={command}
      state={states[command.id]!}
      editor={editor}
      focusable={next()}
      groupStart={groupStart}
    />
  );
  const groupStarts = new Set(['bulletList', 'indent', 'heading']);

  return (
    <>
      <div
        ref={toolbar}
        role="toolbar"
        aria-label="Formatering"
        aria-controls={editor.view.dom.id || undefined}
        className="editor-toolbar"
        onKeyDown={(event) => {
          if (moveFocus(event.currentTarget, document.activeElement, event.key)) event.preventDefault();
          else if (event.key === 'Escape') focusBody(editor);
        }}
        onFocus={(event) => {
          const items = [...event.currentTarget.querySelectorAll(ITEM)];
          const at = items.indexOf(event.target);
          if (at >= 0) setFocusIndex(at);
        }}
      >
        {FORMAT_COMMANDS.map((command) => button(command, groupStarts.has(command.id)))}
        {hasTables && <TableMenu editor={editor} states={states} focusable={next()} />}
        {button(UNDO, true)}
        {button(REDO)}
        <button
          type="button"
          className="toolbar-button toolbar-group-start"
          data-toolbar-item=""
          tabIndex={next() ? 0 : -1}
          aria-keyshortcuts={editable ? 'Control+F Control+H' : 'Control+F'}
          title={editable ? 'Sök och ersätt (Ctrl+F, Ctrl+H)' : 'Sök (Ctrl+F)'}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => requestFind(editable ? 'replace' : 'find')}
        >
          Sök
        </button>
        <button
          type="button"
          className="toolbar-button"
          data-toolbar-item=""
          tabIndex={next() ? 0 : -1}
          aria-keyshortcuts="Control+Alt+M"
          aria-disabled={canComment ? undefined : true}
          title={canComment ? 'Kommentera markerad text (Ctrl+Alt+M)' : 'Kommentera – du kan läsa kommentarerna men inte skriva egna'}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            if (canComment) requestComment();
          }}
        >
          Kommentera
        </button>
      </div>
      <ModeSwitch editor={editor} />
    </>
  );
}
