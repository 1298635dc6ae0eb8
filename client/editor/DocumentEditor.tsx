/**
 * The body editor: Tiptap bound to the document's `body` fragment, one section block per
 * template section, the nodes and marks of the content schema (tables included), Word-aware
 * paste, Yjs undo per user, named coloured carets.
 */
import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { DocumentType } from '../../shared/model';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';
import { BodyDocument, SectionNode } from './sectionNode';
import { SectionGuard } from './sectionGuard';
import { ArendeSections } from './arendeSections';
import { CaretStaysInSection } from './caretStaysInSection';
import { SectionHints } from './sectionHints';
import { FOCUS_SECTION_EVENT, focusSection } from './focusSection';
import { ReviewHighlights } from '../review/reviewHighlights';
import { contentExtensions } from './contentExtensions';
import { PasteHandling } from './pasteHandling';
import { FindReplace } from './findReplace';
import { ReadOnlyKeyboard } from './readOnlyKeyboard';
import { SuggestMode, setAvailableModes, type EditorMode } from '../suggestions/suggestMode';
import { SuggestionCard } from '../suggestions/SuggestionCard';

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
  /**
   * The modes this person may use, the first being where the editor opens (editorModes in
   * client/suggestions/suggestMode.ts). Without it: all three when editable, else Visa.
   */
  modes?: readonly EditorMode[];
  onEditor?(editor: Editor | null): void;
}

/** The section the selection is in, for presence ("Mimmi skriver i Ärendet"). */
function currentSection(editor: Editor): string | null {
  const { $from } = editor.state.selection;
  return $from.depth >= 1 ? String($from.node(1).attrs[SECTION_KEY_ATTRIBUTE] ?? '') || null : null;
}

const WRITER_MODES: readonly EditorMode[] = ['edit', 'suggest', 'view'];
const READER_MODES: readonly EditorMode[] = ['view'];

export function DocumentEditor({ doc, body, provider, type, user, editable, modes: givenModes, onEditor }: Props) {
  const modesKey = (givenModes ?? (editable ? WRITER_MODES : READER_MODES)).join(' ');
  const modes = useMemo(() => modesKey.split(' ') as EditorMode[], [modesKey]);
  const editor = useEditor(
    {
      editable: modes[0] !== 'view',
      extensions: [
        BodyDocument,
        ...contentExtensions(),
        PasteHandling,
        SectionNode.configure({ documentType: type }),
        SectionGuard,
        ArendeSections.configure({ doc }),
        CaretStaysInSection,
        Collaboration.configure({ fragment: body }),
        CollaborationCaret.configure({ provider, user }),
        SectionHints.configure({ documentType: type }),
        ReviewHighlights,
        FindReplace,
        ReadOnlyKeyboard,
        SuggestMode.configure({ userId: user.id, userName: user.name, modes }),
      ],
      editorProps: {
        attributes: { class: 'document-body', 'aria-label': `${type.label}: text`, lang: 'sv' },
      },
      onSelectionUpdate: ({ editor: current }) => provider.awareness.setLocalStateField('section', currentSection(current)),
    },
    [body, provider, type],
  );

  // The role or the status changed: the modes follow (and with them whether the text is editable).
  useEffect(() => {
    if (editor) setAvailableModes(editor, modes);
  }, [editor, modes]);

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

  return (
    <>
      <EditorContent editor={editor} className="editor-content" />
      {editor && <SuggestionCard editor={editor} self={{ id: user.id, name: user.name }} />}
    </>
  );
}
