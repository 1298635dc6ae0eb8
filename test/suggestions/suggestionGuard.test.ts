/**
 * Issue 15: the suggestion guard on its own (server/sync/guards/suggestionGuard.ts), for what the
 * socket tests do not reach: a justerad document, hashed mark keys, a suggestion typed inside
 * someone else's, a suggestion dated in the future, and the Yjs formatting races in which a
 * suggestion taken back while someone types inside it would run on over the rest of a paragraph.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  checkSuggestionUpdate,
  checkWriterUpdate,
  watchSuggestionResolutions,
  type SuggestionResolution,
} from '../../server/sync/guards/suggestionGuard';
import { formatChangeAttrs, suggestionAttrs } from '../../shared/suggestions/marks';
import { accept, reject } from '../../shared/suggestions/resolve';

const sara = { userId: 'user-sara', name: 'Sara Förslag' };
const olle = { userId: 'user-olle', name: 'Olle Förslag' };
const eva = { userId: 'user-eva', access: 'write' } as const;

function setup(status = 'utkast') {
  const server = new Y.Doc();
  server.getMap('meta').set('status', status);
  const section = new Y.XmlElement('section');
  section.setAttribute('sectionKey', 'arendet');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Nämnden beslutar att bifalla.')]);
  section.insert(0, [paragraph]);
  server.getXmlFragment('body').insert(0, [section]);
  return server;
}

const textOf = (doc: Y.Doc) => ((doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** The update `change` makes on a replica of `server`, judged as coming from `author`. */
function judge(server: Y.Doc, author: typeof sara, change: (text: Y.XmlText) => void, now = Date.now()) {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  change(textOf(client));
  const update = Y.encodeStateAsUpdate(client, before);
  const verdict = checkSuggestionUpdate(server, update, author, now);
  if (verdict.accepted) Y.applyUpdate(server, update);
  return verdict;
}

describe('the suggestion guard', () => {
  it('refuses even a correct suggestion in a justerad document', () => {
    const verdict = judge(setup('justerad'), sara, (text) => text.insert(0, 'Ja. ', { insertion: suggestionAttrs(sara) }));
    expect(verdict).toMatchObject({ accepted: false, code: 'document_locked' });
  });

  it('takes marks under hashed keys, one per suggestion, and overlapping deletions by two people', () => {
    const server = setup();
    expect(judge(server, sara, (text) => text.format(0, 16, { 'deletion--abcd1234': suggestionAttrs(sara) })).accepted).toBe(true);
    expect(judge(server, olle, (text) => text.format(8, 12, { 'deletion--wxyz9876': suggestionAttrs(olle) })).accepted).toBe(true);
    expect(judge(server, olle, (text) => text.format(0, 4, { 'deletion--abcd1234': null })).accepted).toBe(false);
  });

  it("takes an own insertion typed inside someone else's, and refuses adding one's insertion mark to their text", () => {
    const server = setup();
    expect(judge(server, olle, (text) => text.insert(8, 'enhälligt ', { insertion: suggestionAttrs(olle) })).accepted).toBe(true);
    expect(judge(server, sara, (text) => text.insert(12, 'XX', { insertion: suggestionAttrs(sara) })).accepted).toBe(true);
    const forged = judge(server, sara, (text) => text.format(8, 4, { insertion: suggestionAttrs(sara) }));
    expect(forged).toMatchObject({ accepted: false, code: 'suggestion_refused' });
  });

  it('lets only an editor accept: a suggester can take back their suggestions but not accept them', () => {
    const server = setup();
    expect(judge(server, sara, (text) => text.insert(8, 'enhälligt ', { insertion: suggestionAttrs(sara) })).accepted).toBe(true);
    expect(judge(server, sara, (text) => text.format(0, 7, { deletion: suggestionAttrs(sara) })).accepted).toBe(true);
    // Accepting the own insertion (the mark goes, the text stays) and the own deletion (the text goes).
    expect(judge(server, sara, (text) => text.format(8, 10, { insertion: null })).accepted).toBe(false);
    expect(judge(server, sara, (text) => text.delete(0, 7)).accepted).toBe(false);
    // Taking them back: the inserted text goes, the deletion mark goes.
    expect(judge(server, sara, (text) => text.delete(8, 10)).accepted).toBe(true);
    expect(judge(server, sara, (text) => text.format(0, 7, { deletion: null })).accepted).toBe(true);
    expect(textOf(server).toDelta()).toEqual([{ insert: 'Nämnden beslutar att bifalla.' }]);
  });

  /** Sara's suggestion taken back by her while an editor types inside it: both frames, unapplied. */
  function raceOfTakeBack() {
    const server = setup();
    expect(judge(server, sara, (text) => text.insert(8, 'enhälligt ', { insertion: suggestionAttrs(sara) })).accepted).toBe(true);
    const replica = (clientId: number) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      return doc;
    };
    const editor = replica(3);
    const suggester = replica(2);
    const editorBefore = Y.encodeStateVector(editor);
    // The editor's text stays outside the suggestion (explicit formats, as y-prosemirror writes).
    textOf(editor).insert(12, 'XY', {});
    const suggesterBefore = Y.encodeStateVector(suggester);
    textOf(suggester).delete(8, 10);
    return {
      server,
      editorUpdate: Y.encodeStateAsUpdate(editor, editorBefore),
      suggesterUpdate: Y.encodeStateAsUpdate(suggester, suggesterBefore),
    };
  }

  it('refuses a take-back that would let the insertion mark run on over text typed inside it meanwhile', () => {
    const { server, editorUpdate, suggesterUpdate } = raceOfTakeBack();
    Y.applyUpdate(server, editorUpdate);
    const before = JSON.stringify(textOf(server).toDelta());
    expect(checkSuggestionUpdate(server, suggesterUpdate, sara)).toMatchObject({ accepted: false, code: 'suggestion_refused' });
    expect(JSON.stringify(textOf(server).toDelta())).toBe(before);
  });

  it('refuses the editor’s typing when the take-back arrived first, so the mark cannot run on', () => {
    const { server, editorUpdate, suggesterUpdate } = raceOfTakeBack();
    expect(checkSuggestionUpdate(server, suggesterUpdate, sara).accepted).toBe(true);
    Y.applyUpdate(server, suggesterUpdate);
    const before = JSON.stringify(textOf(server).toDelta());
    expect(before).toBe(JSON.stringify([{ insert: 'Nämnden beslutar att bifalla.' }]));
    expect(checkWriterUpdate(server, editorUpdate, eva)).toMatchObject({ accepted: false, code: 'suggestion_refused' });
    expect(JSON.stringify(textOf(server).toDelta())).toBe(before);
  });

  /** Sara's deletion suggestion taken back by her while an editor types inside it. */
  function raceOfDeletionTakeBack() {
    const server = setup();
    expect(judge(server, sara, (text) => text.format(8, 9, { deletion: suggestionAttrs(sara) })).accepted).toBe(true);
    const editor = new Y.Doc();
    editor.clientID = 3;
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    const suggester = new Y.Doc();
    suggester.clientID = 2;
    Y.applyUpdate(suggester, Y.encodeStateAsUpdate(server));
    const editorBefore = Y.encodeStateVector(editor);
    textOf(editor).insert(12, 'XY', {});
    const suggesterBefore = Y.encodeStateVector(suggester);
    textOf(suggester).format(8, 9, { deletion: null });
    return {
      server,
      editorUpdate: Y.encodeStateAsUpdate(editor, editorBefore),
      suggesterUpdate: Y.encodeStateAsUpdate(suggester, suggesterBefore),
    };
  }

  it('never lets a deletion suggestion taken back during someone’s typing run on over the rest of the paragraph', () => {
    // Editor first: the take-back is refused and the suggestion stays as it was, around the typing.
    const first = raceOfDeletionTakeBack();
    expect(checkWriterUpdate(first.server, first.editorUpdate, eva).accepted).toBe(true);
    Y.applyUpdate(first.server, first.editorUpdate);
    const before = JSON.stringify(textOf(first.server).toDelta());
    expect(checkSuggestionUpdate(first.server, first.suggesterUpdate, sara)).toMatchObject({ accepted: false, code: 'suggestion_refused' });
    expect(JSON.stringify(textOf(first.server).toDelta())).toBe(before);
    // Take-back first: it stands, and the editor's typing, which would reopen it, is refused.
    const second = raceOfDeletionTakeBack();
    expect(checkSuggestionUpdate(second.server, second.suggesterUpdate, sara).accepted).toBe(true);
    Y.applyUpdate(second.server, second.suggesterUpdate);
    expect(checkWriterUpdate(second.server, second.editorUpdate, eva)).toMatchObject({ accepted: false, code: 'suggestion_refused' });
    expect(textOf(second.server).toDelta()).toEqual([{ insert: 'Nämnden beslutar att bifalla.' }]);
  });

  it('lets an editor undo their own accept, which brings the suggestion back', () => {
    const server = setup();
    expect(judge(server, sara, (text) => text.format(8, 9, { deletion: suggestionAttrs(sara) })).accepted).toBe(true);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    const undo = new Y.UndoManager(editor.getXmlFragment('body'), { trackedOrigins: new Set(['review']) });
    const send = () => {
      const update = Y.encodeStateAsUpdate(editor, Y.encodeStateVector(server));
      const verdict = checkWriterUpdate(server, update, eva);
      if (verdict.accepted) Y.applyUpdate(server, update);
      return verdict.accepted;
    };
    editor.transact(() => textOf(editor).format(8, 9, { deletion: null }), 'review');
    expect(send()).toBe(true);
    undo.undo();
    expect(send()).toBe(true);
    expect(JSON.stringify(textOf(server).toDelta())).toContain('"deletion"');
  });

  it('lets an editor undo an accept also after the room was loaded afresh (nobody known to have removed it)', () => {
    const first = setup();
    expect(judge(first, sara, (text) => text.format(8, 9, { deletion: suggestionAttrs(sara) })).accepted).toBe(true);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(first));
    const undo = new Y.UndoManager(editor.getXmlFragment('body'), { trackedOrigins: new Set(['review']) });
    editor.transact(() => textOf(editor).format(8, 9, { deletion: null }), 'review');
    Y.applyUpdate(first, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(first)));
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(first));
    undo.undo();
    const update = Y.encodeStateAsUpdate(editor, Y.encodeStateVector(reloaded));
    expect(checkWriterUpdate(reloaded, update, eva).accepted).toBe(true);
  });

  it('reports what a change settled, once the room has applied it: accepted, rejected, taken back', () => {
    const server = setup();
    expect(
      judge(server, sara, (text) =>
        text.insert(8, 'enhälligt ', { insertion: suggestionAttrs({ userId: sara.userId, userName: sara.name }, 'insert-sara-1') }),
      ).accepted,
    ).toBe(true);
    expect(judge(server, olle, (text) => text.format(18, 9, { deletion: suggestionAttrs(olle, 'delete-olle-1') })).accepted).toBe(true);
    expect(
      judge(server, olle, (text) => text.format(0, 7, { formatChange: formatChangeAttrs(olle, { add: ['bold'] }, 'format-olle-1') }))
        .accepted,
    ).toBe(true);
    expect(judge(server, sara, (text) => text.format(28, 4, { deletion: suggestionAttrs(sara, 'delete-sara-1') })).accepted).toBe(true);
    const reported: Array<[string, SuggestionResolution[]]> = [];
    watchSuggestionResolutions(server, (userId, resolutions) => reported.push([userId, resolutions]));
    /** `change` made on a replica, judged and applied as the room does (the connection as origin). */
    const send = (who: { userId: string }, change: (doc: Y.Doc) => void, asSuggester = false) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const before = Y.encodeStateVector(client);
      change(client);
      const update = Y.encodeStateAsUpdate(client, before);
      const verdict = asSuggester
        ? checkSuggestionUpdate(server, update, { userId: who.userId, name: 'Sara Förslag' })
        : checkWriterUpdate(server, update, { userId: who.userId, access: 'write' });
      expect(verdict.accepted).toBe(true);
      Y.applyUpdate(server, update, { principal: { userId: who.userId, verified: true } });
    };
    send(eva, (doc) => accept(doc, 'insert-sara-1'));
    send(eva, (doc) => {
      reject(doc, 'delete-olle-1');
      accept(doc, 'format-olle-1');
    });
    send(sara, (doc) => textOf(doc).format(28, 4, { deletion: null }), true);
    const summary = reported.map(([userId, resolutions]) => [
      userId,
      resolutions.map((r) => `${r.id} ${r.mark} ${r.outcome} ${r.sectionKey}`).sort(),
    ]);
    expect(summary).toEqual([
      ['user-eva', ['insert-sara-1 insertion accepted arendet']],
      ['user-eva', ['delete-olle-1 deletion rejected arendet', 'format-olle-1 formatChange accepted arendet']],
      ['user-sara', ['delete-sara-1 deletion withdrawn arendet']],
    ]);
    expect(reported[0]![1][0]).toMatchObject({ authorId: 'user-sara', authorName: 'Sara Förslag', text: 'enhälligt ' });
    // Typing that settles nothing reports nothing.
    send(eva, (doc) => textOf(doc).insert(0, 'Ja. '));
    expect(reported).toHaveLength(3);
  });

  it('refuses a new suggestion dated in the future, and takes one a minute old', () => {
    const server = setup();
    const now = Date.parse('2026-12-03T12:00:00.000Z');
    const at = (iso: string) => suggestionAttrs(sara, undefined, new Date(iso));
    expect(judge(server, sara, (text) => text.insert(0, 'a', { insertion: at('2026-12-03T12:10:00.000Z') }), now).accepted).toBe(false);
    expect(judge(server, sara, (text) => text.insert(0, 'a', { insertion: at('2026-12-03T11:59:00.000Z') }), now).accepted).toBe(true);
  });
});
