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

/** Where a section's placeholder goes: its first textblock, when the section holds no text at all. */
interface HintSpot {
  /** From the section's start. */
  offset: number;
  size: number;
}

function hasText(section: ProseMirrorNode): boolean {
  let found = false;
  section.descendants((node) => {
    if (found) return false;
    if (node.isLeaf && /\S/.test(node.textContent)) found = true;
    return !found;
  });
  return found;
}

function findSpot(section: ProseMirrorNode): HintSpot | null {
  if (hasText(section)) return null;
  let found: HintSpot | null = null;
  section.descendants((node, pos) => {
    if (found) return false;
    if (node.isTextblock) {
      found = { offset: 1 + pos, size: node.nodeSize };
      return false;
    }
    return true;
  });
  return found;
}

/** Per section node: an edit makes new nodes only for the sections it touches, so the others are not read again. */
const spots = new WeakMap<ProseMirrorNode, HintSpot | null>();

function spotOf(section: ProseMirrorNode): HintSpot | null {
  let spot = spots.get(section);
  if (spot === undefined) {
    spot = findSpot(section);
    spots.set(section, spot);
  }
  return spot;
}

interface Hint {
  from: number;
  to: number;
  hint: string;
}

interface HintState {
  hints: Hint[];
  decorations: DecorationSet;
}

function readHints(doc: ProseMirrorNode, type: DocumentType): Hint[] {
  const hints: Hint[] = [];
  doc.forEach((section, offset) => {
    const hint = sectionSpec(type, String(section.attrs[SECTION_KEY_ATTRIBUTE]))?.hint;
    const spot = hint ? spotOf(section) : null;
    if (spot && hint) hints.push({ from: offset + spot.offset, to: offset + spot.offset + spot.size, hint });
  });
  return hints;
}

function sameHints(a: readonly Hint[], b: readonly Hint[]): boolean {
  return (
    a.length === b.length &&
    a.every((hint, index) => hint.from === b[index]!.from && hint.to === b[index]!.to && hint.hint === b[index]!.hint)
  );
}

function hintState(doc: ProseMirrorNode, type: DocumentType, previous?: HintState): HintState {
  const hints = readHints(doc, type);
  // The same set when nothing moved, so the view has no decorations to compare.
  if (previous && sameHints(previous.hints, hints)) return previous;
  const decorations = hints.map(({ from, to, hint }) => Decoration.node(from, to, { class: 'section-hint', 'data-hint': hint }));
  return { hints, decorations: DecorationSet.create(doc, decorations) };
}

const sectionHintsKey = new PluginKey<HintState>('yttraSectionHints');

/** The placeholders of a document type's sections, worked out again only for sections an edit replaced. */
export function sectionHintsPlugin(type: DocumentType): Plugin<HintState> {
  return new Plugin<HintState>({
    key: sectionHintsKey,
    state: {
      init: (_config, state) => hintState(state.doc, type),
      apply: (tr, value, _old, state) => (tr.docChanged ? hintState(state.doc, type, value) : value),
    },
    props: {
      decorations: (state) => sectionHintsKey.getState(state)?.decorations,
    },
  });
}

export const SectionHints = Extension.create<{ documentType: DocumentType }>({
  name: 'sectionHints',

  addOptions() {
    return { documentType: documentType('tjansteskrivelse') };
  },

  addProseMirrorPlugins() {
    return [sectionHintsPlugin(this.options.documentType)];
  },
});
