/**
 * Paste from Word and web pages: the clipboard HTML is cleaned (pasteWord.ts: Word's list
 * paragraphs become real lists, footnotes are taken out with their numbers, header rows get
 * header cells), then placed (pastePlacement.ts: blocks after the list or table the caret is in,
 * footnotes at the end of the section).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Slice } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { cleanPastedHtml, type PastedFootnote } from './pasteWord';
import { placePaste } from './pastePlacement';
import { clearAcrossSections } from './sectionGuard';

export const PasteHandling = Extension.create({
  name: 'pasteHandling',
  // Before the section guard's own paste handling, so a paste over several sections keeps its footnotes too.
  priority: 1001,

  addProseMirrorPlugins() {
    // The footnotes of the paste being handled: ProseMirror calls transformPastedHTML and then
    // handlePaste for one paste event, synchronously.
    let footnotes: PastedFootnote[] = [];
    return [
      new Plugin({
        key: new PluginKey('yttraPasteHandling'),
        props: {
          handleDOMEvents: {
            paste() {
              footnotes = [];
              return false;
            },
          },
          transformPastedHTML(html: string) {
            const cleaned = cleanPastedHtml(html);
            footnotes = cleaned.footnotes;
            return cleaned.html;
          },
          handlePaste(view: EditorView, _event: ClipboardEvent, slice: Slice) {
            const notes = footnotes;
            footnotes = [];
            // A selection over several sections is first emptied section by section (see sectionGuard.ts).
            const cleared = clearAcrossSections(view.state, (tr) => view.dispatch(tr));
            const tr = placePaste(view.state, slice, notes) ?? (cleared ? view.state.tr.replaceSelection(slice) : null);
            if (!tr) return false;
            view.dispatch(tr.scrollIntoView().setMeta('uiEvent', 'paste'));
            return true;
          },
        },
      }),
    ];
  },
});
