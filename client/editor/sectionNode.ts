/**
 * The `section` node: one per template section, at the top level of the body, keyed by
 * `sectionKey`. Its title is rendered from the template (not typed, not editable); users write
 * inside. Content stays permissive (`block+`): the Yjs binding deletes shared content that fails
 * the schema, for every user, so strictness here would lose text.
 */
import { Node, mergeAttributes } from '@tiptap/core';
import { documentType, sectionSpec, type DocumentType } from '../../shared/model';
import { SECTION_KEY_ATTRIBUTE, SECTION_NODE } from '../../shared/doc/documentState';

/**
 * The body holds sections only. `section*` rather than `section+`: with a required child,
 * ProseMirror would invent a section for an empty (not yet synced) body, and the binding would
 * write that invented section back to the shared document.
 */
export const BodyDocument = Node.create({ name: 'doc', topNode: true, content: `${SECTION_NODE}*` });

export interface SectionNodeOptions {
  /** The document's type as its own template pack version defines it (titles, hints). */
  documentType: DocumentType;
}

export const SectionNode = Node.create<SectionNodeOptions>({
  name: SECTION_NODE,
  content: 'block+',
  defining: true,
  isolating: true,
  draggable: false,
  selectable: false,

  addOptions() {
    return { documentType: documentType('tjansteskrivelse') };
  },

  addAttributes() {
    return {
      [SECTION_KEY_ATTRIBUTE]: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-section-key'),
        renderHTML: (attributes) => ({ 'data-section-key': attributes[SECTION_KEY_ATTRIBUTE] }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'section[data-section-key]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', mergeAttributes(HTMLAttributes, { class: 'section-block' }), 0];
  },

  addNodeView() {
    return ({ node }) => {
      const type = this.options.documentType;
      const key = String(node.attrs[SECTION_KEY_ATTRIBUTE] ?? '');
      const spec = sectionSpec(type, key);
      const dom = document.createElement('section');
      dom.className = 'section-block';
      dom.dataset.sectionKey = key;
      dom.id = `avsnitt-${key}`;
      const header = document.createElement('h2');
      header.className = 'section-title';
      header.contentEditable = 'false';
      header.textContent = spec?.title ?? key;
      if (spec?.required) {
        const required = document.createElement('span');
        required.className = 'section-required';
        required.textContent = ' (obligatoriskt)';
        header.append(required);
      }
      const contentDOM = document.createElement('div');
      contentDOM.className = 'section-content';
      dom.append(header, contentDOM);
      return {
        dom,
        contentDOM,
        // The title never changes with the content; only the content is re-rendered.
        ignoreMutation: (mutation) => header.contains(mutation.target as globalThis.Node),
        update: (updated) => updated.type.name === SECTION_NODE && updated.attrs[SECTION_KEY_ATTRIBUTE] === key,
      };
    };
  },
});
