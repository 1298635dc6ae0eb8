/**
 * The body editor: Tiptap bound to the document's `body` fragment, one section block per
 * template section, the nodes and marks of the content schema (tables included), Word-aware
 * paste, Yjs undo per user, named coloured carets.
 */
import { useEffect } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { DocumentType } from '../../shared/model';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';
import { BodyDocument, SectionNode } from './sectionNode';
import { SectionGuard } from './sectionGuard';
import { CaretStaysInSection } from './caretStaysInSection';
import { SectionHints } from './sectionHints';
import { FOCUS_SECTION_EVENT, focusSection } from './focusSection';
import { ReviewHighlights } from '../review/reviewHighlights';
import { contentExtensions } from './contentExtensions';
import { PasteHandling } from './pasteHandling';
import { FindReplace } from './findReplace';
import { ReadOnlyKeyboard } from './readOnlyKeyboard';

/**
 * What this person shows others (awareness `user`). The server stamps id, name, party and role
 * from the session on what it relays; the same values here keep this tab's own entry in step
 * (one person with two tabs is listed once).
 */
export interface CaretUser {
  id: string;
  name: string;
  color: string;
  party: string | null;
}

interface Props {
  doc: Y.Doc;
  body: Y.XmlFragment;
  provider: WebsocketProvider;
  type: DocumentType;
  user: CaretUser;
  editable: boolean;
  onEditor?(editor: Editor | null): void;
}

/** The section the selection is in, for presence ("Mimmi skriver i Ärendet"). */
function currentSection(editor: Editor): string | null {
  const { $from } = editor.state.selection;
  return $from.depth >= 1 ? String($from.node(1).attrs[SECTION_KEY_ATTRIBUTE] ?? '') || null : null;
}

export function DocumentEditor({ body, provider, type, user, editable, onEditor }: Props) {
  const editor = useEditor(
    {
      editable,
      extensions: [
        BodyDocument,
        ...contentExtensions(),
        PasteHandling,
        SectionNode.configure({ documentType: type.key }),
        SectionGuard,
        CaretStaysInSection,
        Collaboration.configure({ fragment: body }),
        CollaborationCaret.configure({ provider, user }),
        SectionHints.configure({ documentType: type.key }),
        ReviewHighlights,
        FindReplace,
        ReadOnlyKeyboard,
      ],
      editorProps: {
        attributes: { class: 'document-body', 'aria-label': `${type.label}: text`, lang: 'sv' },
      },
      onSelectionUpdate: ({ editor: current }) => provider.awareness.setLocalStateField('section', currentSection(current)),
    },
    [body, provider, type.key],
  );

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    if (!editor) return;
    const onFocusSection = (event: Event) => focusSection(editor, String((event as CustomEvent).detail));
    window.addEventListener(FOCUS_SECTION_EVENT, onFocusSection);
    return () => window.removeEventListener(FOCUS_SECTION_EVENT, onFocusSection);
  }, [editor]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return <EditorContent editor={editor} className="editor-content" />;
}
