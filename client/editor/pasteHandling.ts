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

export const PasteHandling = Extension.create({
  name: 'pasteHandling',

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
            const tr = placePaste(view.state, slice, notes);
            if (!tr) return false;
            view.dispatch(tr.scrollIntoView().setMeta('uiEvent', 'paste'));
            return true;
          },
        },
      }),
    ];
  },
});
