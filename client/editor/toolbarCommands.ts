/**
 * What the formatting toolbar offers, as data: each command's Swedish name, shortcut, the
 * content it makes (checked against the section's allowed content in the shared schema), and
 * how it reads and changes the editor. Undo and redo are the Yjs binding's (per person); the
 * editor has no ProseMirror history.
 */
import type { Editor } from '@tiptap/core';
import type {} from '@tiptap/extension-table';
import type {} from '@tiptap/extension-collaboration';
import { sectionSpec, type DocumentType } from '../../shared/model';
import { DEFAULT_HEADING_LEVEL, SECTION_CONTENT_ALLOWS, type ContentNodeName, type MarkName } from '../../shared/model/schema';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

export interface Needs {
  mark?: MarkName;
  node?: ContentNodeName;
}

export interface ToolbarCommand {
  id: string;
  /** The accessible name, also the tooltip. */
  label: string;
  /** What the button shows: a part of the label, so that speech input finds it. */
  glyph: string;
  /** A symbol shown before the glyph, hidden from assistive technology. */
  icon?: string;
  /** For aria-keyshortcuts, e.g. "Control+B". */
  shortcut?: string;
  needs?: Needs;
  /** Only where there is a table (adding or removing rows and columns). */
  inTableOnly?: boolean;
  /** Whether the command applies at the selection now (shown as aria-pressed). */
  isActive?(editor: Editor): boolean;
  can(editor: Editor): boolean;
  run(editor: Editor): void;
}

const LIST_ITEM = 'listItem';

export const FORMAT_COMMANDS: readonly ToolbarCommand[] = [
  {
    id: 'bold',
    label: 'Fet',
    glyph: 'F',
    shortcut: 'Control+B',
    needs: { mark: 'bold' },
    isActive: (editor) => editor.isActive('bold'),
    can: (editor) => editor.can().toggleBold(),
    run: (editor) => editor.chain().focus().toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'Kursiv',
    glyph: 'K',
    shortcut: 'Control+I',
    needs: { mark: 'italic' },
    isActive: (editor) => editor.isActive('italic'),
    can: (editor) => editor.can().toggleItalic(),
    run: (editor) => editor.chain().focus().toggleItalic().run(),
  },
  {
    id: 'underline',
    label: 'Understruken',
    glyph: 'U',
    shortcut: 'Control+U',
    needs: { mark: 'underline' },
    isActive: (editor) => editor.isActive('underline'),
    can: (editor) => editor.can().toggleUnderline(),
    run: (editor) => editor.chain().focus().toggleUnderline().run(),
  },
  {
    id: 'bulletList',
    label: 'Punktlista',
    icon: '•',
    glyph: 'Punktlista',
    shortcut: 'Control+Shift+8',
    needs: { node: 'bulletList' },
    isActive: (editor) => editor.isActive('bulletList'),
    can: (editor) => editor.can().toggleBulletList(),
    run: (editor) => editor.chain().focus().toggleBulletList().run(),
  },
  {
    id: 'orderedList',
    label: 'Numrerad lista',
    glyph: 'Numrerad lista',
    shortcut: 'Control+Shift+7',
    needs: { node: 'orderedList' },
    isActive: (editor) => editor.isActive('orderedList'),
    can: (editor) => editor.can().toggleOrderedList(),
    run: (editor) => editor.chain().focus().toggleOrderedList().run(),
  },
  {
    id: 'indent',
    label: 'Öka indrag',
    icon: '→',
    glyph: 'Indrag',
    shortcut: 'Tab',
    can: (editor) => editor.can().sinkListItem(LIST_ITEM),
    run: (editor) => editor.chain().focus().sinkListItem(LIST_ITEM).run(),
  },
  {
    id: 'outdent',
    label: 'Minska indrag',
    icon: '←',
    glyph: 'Indrag',
    shortcut: 'Shift+Tab',
    can: (editor) => editor.can().liftListItem(LIST_ITEM),
    run: (editor) => editor.chain().focus().liftListItem(LIST_ITEM).run(),
  },
  {
    id: 'heading',
    label: 'Underrubrik',
    glyph: 'Underrubrik',
    needs: { node: 'heading' },
    isActive: (editor) => editor.isActive('heading'),
    can: (editor) => editor.can().toggleHeading({ level: DEFAULT_HEADING_LEVEL }),
    run: (editor) => editor.chain().focus().toggleHeading({ level: DEFAULT_HEADING_LEVEL }).run(),
  },
];

/** The table menu's entries; shown only when the editor has tables at all. */
export const TABLE_COMMANDS: readonly ToolbarCommand[] = [
  {
    id: 'insertTable',
    label: 'Infoga tabell (3 × 3 med rubrikrad)',
    glyph: 'Infoga tabell',
    needs: { node: 'table' },
    can: (editor) => editor.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    run: (editor) => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: 'addRowAfter',
    label: 'Lägg till rad under',
    glyph: 'Lägg till rad under',
    inTableOnly: true,
    can: (editor) => editor.can().addRowAfter(),
    run: (editor) => editor.chain().focus().addRowAfter().run(),
  },
  {
    id: 'addRowBefore',
    label: 'Lägg till rad ovanför',
    glyph: 'Lägg till rad ovanför',
    inTableOnly: true,
    can: (editor) => editor.can().addRowBefore(),
    run: (editor) => editor.chain().focus().addRowBefore().run(),
  },
  {
    id: 'addColumnAfter',
    label: 'Lägg till kolumn till höger',
    glyph: 'Lägg till kolumn till höger',
    inTableOnly: true,
    can: (editor) => editor.can().addColumnAfter(),
    run: (editor) => editor.chain().focus().addColumnAfter().run(),
  },
  {
    id: 'addColumnBefore',
    label: 'Lägg till kolumn till vänster',
    glyph: 'Lägg till kolumn till vänster',
    inTableOnly: true,
    can: (editor) => editor.can().addColumnBefore(),
    run: (editor) => editor.chain().focus().addColumnBefore().run(),
  },
  {
    id: 'deleteRow',
    label: 'Ta bort rad',
    glyph: 'Ta bort rad',
    inTableOnly: true,
    can: (editor) => editor.can().deleteRow(),
    run: (editor) => editor.chain().focus().deleteRow().run(),
  },
  {
    id: 'deleteColumn',
    label: 'Ta bort kolumn',
    glyph: 'Ta bort kolumn',
    inTableOnly: true,
    can: (editor) => editor.can().deleteColumn(),
    run: (editor) => editor.chain().focus().deleteColumn().run(),
  },
  {
    id: 'toggleHeaderRow',
    label: 'Rubrikrad',
    glyph: 'Rubrikrad',
    inTableOnly: true,
    isActive: (editor) => hasHeaderRow(editor),
    can: (editor) => editor.can().toggleHeaderRow(),
    run: (editor) => editor.chain().focus().toggleHeaderRow().run(),
  },
  {
    id: 'deleteTable',
    label: 'Ta bort tabell',
    glyph: 'Ta bort tabell',
    inTableOnly: true,
    can: (editor) => editor.can().deleteTable(),
    run: (editor) => editor.chain().focus().deleteTable().run(),
  },
];

export const UNDO: ToolbarCommand = {
  id: 'undo',
  label: 'Ångra',
  icon: '↶',
  glyph: 'Ångra',
  shortcut: 'Control+Z',
  can: (editor) => editor.can().undo(),
  run: (editor) => editor.chain().focus().undo().run(),
};

export const REDO: ToolbarCommand = {
  id: 'redo',
  label: 'Gör om',
  icon: '↷',
  glyph: 'Gör om',
  shortcut: 'Control+Y',
  can: (editor) => editor.can().redo(),
  run: (editor) => editor.chain().focus().redo().run(),
};

/** Whether the table around the selection starts with a row of header cells. */
function hasHeaderRow(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth -= 1) {
    const node = $from.node(depth);
    if (node.type.name === 'table') return node.firstChild?.firstChild?.type.name === 'tableHeader';
  }
  return false;
}

export function editorHasTables(editor: Editor): boolean {
  return !!editor.schema.nodes.table;
}

export function isInTable(editor: Editor): boolean {
  return editor.isActive('table');
}

/** The template section the selection is in, by key; null outside every section. */
export function selectionSection(editor: Editor): string | null {
  const { $from } = editor.state.selection;
  return $from.depth >= 1 ? String($from.node(1).attrs[SECTION_KEY_ATTRIBUTE] ?? '') || null : null;
}

/**
 * Whether a section offers what a command makes. The editor accepts every node and mark in
 * every section (see SECTION_CONTENT_ALLOWS); the toolbar only stops offering what the
 * template does not expect there, such as a table among the beslutspunkter.
 */
export function offeredIn(type: DocumentType, sectionKey: string | null, needs: Needs | undefined): boolean {
  if (!needs || !sectionKey) return true;
  const spec = sectionSpec(type, sectionKey);
  if (!spec) return true;
  const allows = SECTION_CONTENT_ALLOWS[spec.content];
  if (needs.mark && !allows.marks.includes(needs.mark)) return false;
  if (needs.node && !allows.nodes.includes(needs.node)) return false;
  return true;
}
