/**
 * Shows a section's hint (from the template) in its first empty paragraph, as a placeholder
 * that is not text: nothing is stored, nothing is exported.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { documentType, sectionSpec, type DocumentType } from '../../shared/model';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

/** The first empty textblock of a section whose text is all empty, with its position. */
function emptyTextblock(section: ProseMirrorNode, sectionPos: number): { pos: number; node: ProseMirrorNode } | null {
  if (section.textContent.trim() !== '') return null;
  let found: { pos: number; node: ProseMirrorNode } | null = null;
  section.descendants((node, pos) => {
    if (found) return false;
    if (node.isTextblock) {
      found = { pos: sectionPos + 1 + pos, node };
      return false;
    }
    return true;
  });
  return found;
}

export const SectionHints = Extension.create<{ documentType: DocumentType }>({
  name: 'sectionHints',

  addOptions() {
    return { documentType: documentType('tjansteskrivelse') };
  },

  addProseMirrorPlugins() {
    const type = this.options.documentType;
    return [
      new Plugin({
        key: new PluginKey('yttraSectionHints'),
        props: {
          decorations(state) {
            const decorations: Decoration[] = [];
            state.doc.forEach((section, offset) => {
              const hint = sectionSpec(type, String(section.attrs[SECTION_KEY_ATTRIBUTE]))?.hint;
              const empty = hint ? emptyTextblock(section, offset) : null;
              if (empty && hint) {
                decorations.push(Decoration.node(empty.pos, empty.pos + empty.node.nodeSize, { class: 'section-hint', 'data-hint': hint }));
              }
            });
            return DecorationSet.create(state.doc, decorations);
          },
        },
      }),
    ];
  },
});
