/**
 * The Tiptap extensions for what a section holds, configured from the content schema
 * (shared/model/schema.ts): the nodes and marks there, with exactly the attributes there. The
 * starter kit's code block, ordered list and the table cells are narrowed to the schema's
 * attributes (no code language, list letter style or column widths, which no export carries).
 * test/model/schemaEditor.test.ts checks that the editor schema and the content schema agree.
 */
import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { CodeBlock } from '@tiptap/extension-code-block';
import { OrderedList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { CONTENT_NODES, HEADING_LEVELS } from '../../shared/model/schema';
import { SUGGESTION_MARK_EXTENSIONS } from '../suggestions/suggestionMarks';

/** Keeps only the attributes the schema lists for the node. */
function schemaAttributes(node: keyof typeof CONTENT_NODES, parent: Record<string, unknown> | undefined): Record<string, unknown> {
  const allowed = Object.keys(CONTENT_NODES[node].attrs);
  return Object.fromEntries(Object.entries(parent ?? {}).filter(([name]) => allowed.includes(name)));
}

const SchemaCodeBlock = CodeBlock.extend({
  addAttributes() {
    return schemaAttributes('codeBlock', this.parent?.());
  },
});

const SchemaOrderedList = OrderedList.extend({
  addAttributes() {
    return schemaAttributes('orderedList', this.parent?.());
  },
});

const SchemaTableCell = TableCell.extend({
  addAttributes() {
    return schemaAttributes('tableCell', this.parent?.());
  },
});

const SchemaTableHeader = TableHeader.extend({
  addAttributes() {
    return schemaAttributes('tableHeader', this.parent?.());
  },
});

/**
 * Every node and mark a section may hold (the document and section nodes come from sectionNode.ts),
 * the suggestion marks included.
 */
export function contentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      document: false,
      // Undo is Yjs' (per user), never ProseMirror's.
      undoRedo: false,
      link: false,
      codeBlock: false,
      orderedList: false,
      heading: { levels: [...HEADING_LEVELS] },
    }),
    SchemaCodeBlock,
    SchemaOrderedList,
    // Column widths are left to each format's layout, so columns are not dragged.
    Table.configure({ resizable: false, HTMLAttributes: { class: 'section-table' } }),
    TableRow,
    SchemaTableHeader,
    SchemaTableCell,
    // Suggestions (Föreslå): insertion, deletion, formatChange.
    ...SUGGESTION_MARK_EXTENSIONS,
  ];
}
