/**
 * A document goes to the arbetsutskott with every proposed change decided: open suggestions are
 * listed by the completeness check, under their section's title, and block "klar för AU" until
 * they are accepted or rejected (or an administrator overrides, as for anything else missing).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { paragraph, type Block } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, replaceSectionContent, sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { writeField } from '../../shared/doc/headerFields';
import { api, createDocument, useServersAndClients } from '../helpers/server';
import { completenessIssues, type FieldValue } from '../../shared/model';
import { acceptAll, listSuggestions } from '../../shared/suggestions/resolve';
import { suggestionAttrs } from '../../shared/suggestions/marks';

/** Appends text to a section's first paragraph, as a suggested insertion by `userId`. */
function suggestInsertion(doc: Y.Doc, sectionKey: string, text: string, userId = 'granskare-1'): void {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === sectionKey)!;
  const first = section.get(0) as Y.XmlElement;
  let target = first.get(0);
  if (!(target instanceof Y.XmlText)) {
    target = new Y.XmlText();
    first.insert(0, [target]);
  }
  const xmlText = target as Y.XmlText;
  xmlText.insert(xmlText.length, text, { insertion: suggestionAttrs({ userId, userName: 'Greta Granskare' }) });
}

const COMPLETE: { fields: Record<string, FieldValue>; sections: Record<string, Block[]> } = {
  fields: {
    datum: '2023-05-02',
    diarienummer: 'KS 2023/145',
    arendemening: 'Riktlinjer',
    namnd: 'Kommunstyrelsen',
    varReferens: { name: 'Anna Berg', title: 'Utredare', email: 'anna.berg@kommun.se' },
  },
  sections: {
    sammanfattning: [paragraph('Riktlinjerna ses över.')],
    forslagTillBeslut: [{ kind: 'list', ordered: true, items: [[{ text: 'Kommunstyrelsen antar riktlinjerna.' }]] }],
    beslutsunderlag: [{ kind: 'list', ordered: false, items: [[{ text: 'Tjänsteskrivelse' }]] }],
    arendet: [paragraph('Riktlinjerna är från 2015.')],
    barnperspektiv: [paragraph('Bedöms inte relevant eftersom riktlinjerna gäller vuxna.')],
    ansvariga: [{ kind: 'list', ordered: false, items: [[{ text: 'Per Lind Kommundirektör' }]] }],
  },
};

function completeTjansteskrivelse(): Y.Doc {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', { title: 'Riktlinjer', ...structuredClone(COMPLETE) });
  return doc;
}

const withSuggestions = (doc: Y.Doc) => ({ ...readDocument(doc), suggestions: listSuggestions(doc) });

describe('open suggestions in the completeness check', () => {
  it('lists a section with an open suggestion under its own title, and nothing once it is accepted', () => {
    const doc = completeTjansteskrivelse();
    expect(completenessIssues(withSuggestions(doc))).toEqual([]);
    suggestInsertion(doc, 'arendet', ' De har inte setts över sedan dess.');
    suggestInsertion(doc, 'arendet', ' Ett till förslag.', 'granskare-2');
    const issues = completenessIssues(withSuggestions(doc));
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'suggestions',
        key: 'arendet',
        title: 'Ärendet',
        message: expect.stringMatching(/^Ärendet: 2 ändringsförslag/),
      }),
    ]);
    acceptAll(doc);
    expect(completenessIssues(withSuggestions(doc))).toEqual([]);
  });
});

describe('moving a document with open suggestions to klar för AU', () => {
  const { start } = useServersAndClients();

  it('is refused with the open suggestions listed, and allowed once they are decided', async () => {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Riktlinjer');
    await server.documents.withRoom(id, (room) =>
      room.change((doc) => {
        for (const [key, value] of Object.entries(structuredClone(COMPLETE.fields))) {
          writeField(doc, { key, kind: key === 'varReferens' ? 'person' : key === 'datum' ? 'date' : 'text' }, value);
        }
        for (const [key, blocks] of Object.entries(structuredClone(COMPLETE.sections))) replaceSectionContent(doc, key, blocks);
        suggestInsertion(doc, 'sammanfattning', ' Och förenklas.');
      }),
    );
    const setStatus = (status: string) =>
      api<{ issues?: Array<{ kind: string; key: string }> }>(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status });
    expect((await setStatus('granskning')).status).toBe(200);
    const refused = await setStatus('klar_for_au');
    expect(refused.status).not.toBe(200);
    expect(refused.body.issues).toEqual([expect.objectContaining({ kind: 'suggestions', key: 'sammanfattning' })]);

    await server.documents.withRoom(id, (room) => room.change((doc) => acceptAll(doc)));
    expect((await setStatus('klar_for_au')).status).toBe(200);
  });
});
