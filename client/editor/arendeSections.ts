/**
 * Sections the document's ärende writes (shared/doc/arendeSections.ts: the Beslutsplanering that
 * shows the ärende's meetings) are read-only in the editor while the document is in an ärende:
 * local transactions that would change them are filtered out (those of the Yjs binding always
 * pass — the server's rewrite arrives that way), and the section says where its content comes
 * from, with "Ändra i ärendet" leading to the ärende's page. The server's guard is the rule; this
 * keeps a person from typing what would be refused. Follows the link live: a document put in
 * or taken out of an ärende while open changes at once.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { SECTION_KEY_ATTRIBUTE, metaMap } from '../../shared/doc/documentState';
import { ARENDE_LINK, arendeLinkOf, sectionKeysFromArende, type ArendeLink } from '../../shared/doc/arendeSections';
import { navigate } from '../app/router';

interface FromArende {
  link: ArendeLink | null;
  keys: readonly string[];
}

const key = new PluginKey<FromArende>('yttraArendeSections');

function read(doc: Y.Doc | null): FromArende {
  if (!doc) return { link: null, keys: [] };
  const meta = metaMap(doc);
  return { link: arendeLinkOf(meta), keys: sectionKeysFromArende(meta) };
}

function sectionNode(doc: ProseMirrorNode, sectionKey: string): ProseMirrorNode | null {
  let found: ProseMirrorNode | null = null;
  doc.forEach((child) => {
    if (child.attrs[SECTION_KEY_ATTRIBUTE] === sectionKey) found = child;
  });
  return found;
}

/** Whether a transaction leaves the ärende's sections as they were (or comes from the binding). */
export function keepsSectionsFromArende(transaction: Transaction, state: EditorState): boolean {
  const { keys } = key.getState(state) ?? { keys: [] };
  if (keys.length === 0 || !transaction.docChanged || transaction.getMeta(ySyncPluginKey) !== undefined) return true;
  return keys.every((sectionKey) => {
    const before = sectionNode(state.doc, sectionKey);
    const after = sectionNode(transaction.doc, sectionKey);
    return before === after || (before !== null && after !== null && before.eq(after));
  });
}

function note(link: ArendeLink): HTMLElement {
  const paragraph = document.createElement('p');
  paragraph.className = 'section-from-arende-note';
  paragraph.contentEditable = 'false';
  paragraph.append(`Sammanträdena hämtas från ärendet ${link.diarienummer} och ändras där. `);
  const anchor = document.createElement('a');
  anchor.href = `/arenden/${encodeURIComponent(link.id)}`;
  anchor.textContent = 'Ändra i ärendet';
  anchor.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(anchor.getAttribute('href')!);
  });
  paragraph.append(anchor);
  return paragraph;
}

function decorations(state: EditorState): DecorationSet {
  const { link, keys } = key.getState(state) ?? { link: null, keys: [] };
  if (!link || keys.length === 0) return DecorationSet.empty;
  const found: Decoration[] = [];
  state.doc.forEach((child, offset) => {
    if (!keys.includes(String(child.attrs[SECTION_KEY_ATTRIBUTE]))) return;
    found.push(Decoration.node(offset, offset + child.nodeSize, { class: 'section-from-arende', contenteditable: 'false' }));
    // The note's link is the page's, not the editor's: ProseMirror leaves its events alone.
    const spec = { side: -1, key: `arende-${link.id}-${link.diarienummer}`, ignoreSelection: true, stopEvent: () => true };
    found.push(Decoration.widget(offset + 1, () => note(link), spec));
  });
  return DecorationSet.create(state.doc, found);
}

export interface ArendeSectionsOptions {
  /** The document's Y.Doc, whose meta holds the link to its ärende. */
  doc: Y.Doc | null;
}

export const ArendeSections = Extension.create<ArendeSectionsOptions>({
  name: 'arendeSections',

  addOptions() {
    return { doc: null };
  },

  addProseMirrorPlugins() {
    const doc = this.options.doc;
    return [
      new Plugin<FromArende>({
        key,
        state: {
          init: () => read(doc),
          apply: (transaction, value) => (transaction.getMeta(key) ? read(doc) : value),
        },
        filterTransaction: keepsSectionsFromArende,
        props: { decorations },
        view: (view) => {
          if (!doc) return {};
          const meta = metaMap(doc);
          const onMeta = (event: Y.YMapEvent<unknown>) => {
            if (event.keysChanged.has(ARENDE_LINK) || event.keysChanged.has('type')) view.dispatch(view.state.tr.setMeta(key, true));
          };
          meta.observe(onMeta);
          return { destroy: () => meta.unobserve(onMeta) };
        },
      }),
    ];
  },
});
