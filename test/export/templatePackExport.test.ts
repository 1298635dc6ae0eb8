/**
 * A document exports in the shape of the template pack version it was made from: the pack's
 * names for the type and header fields, its signature block where the pack puts it, and its
 * letterhead.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { initialiseDocument, readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { templates, type TemplatePack } from '../../shared/model';
import { STOCKHOLM_PACK } from '../../shared/model/templatePacks/stockholm';
import { documentLayout, renderDocx, renderText } from '../../server/export';
import { zipEntry } from './zipEntry';

/** An organisation that writes as Stockholm does, with its förvaltning in its letterhead. */
const GOTLAND_PACK: TemplatePack = {
  ...STOCKHOLM_PACK,
  id: 'gotland',
  name: 'Region Gotland',
  letterhead: { organisation: 'Region Gotland', forvaltning: 'Regionstyrelseförvaltningen' },
};
templates.add(GOTLAND_PACK);

function stockholmDocument(pack: TemplatePack = STOCKHOLM_PACK): DocumentSnapshotView {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', {
    template: { pack: pack.id, version: pack.version },
    title: 'Avgifter inom hemtjänsten',
    fields: {
      diarienummer: 'Dnr 1.6-0463/2011',
      datum: '2011-03-14',
      varReferens: { name: 'Eva Lund', title: 'Utredare' },
      namnd: 'Socialnämnden',
      arendemening: 'Avgifter inom hemtjänsten',
      forvaltningschef: { name: 'Per Holm', title: 'Socialdirektör' },
    },
    sections: {
      forslagTillBeslut: [{ kind: 'list', ordered: true, items: [[{ text: 'Nämnden godkänner förvaltningens förslag.' }]] }],
      sammanfattning: [{ kind: 'paragraph', runs: [{ text: 'Förvaltningen föreslår nya avgifter.' }] }],
    },
  });
  const view = readDocument(doc);
  doc.destroy();
  return view;
}

describe('exporting a document made from the Stockholm pack', () => {
  const layout = documentLayout(stockholmDocument());

  it('names the type and labels the header fields as the pack does', () => {
    expect(layout.typeLabel).toBe('Tjänsteutlåtande');
    expect(layout.header.map((field) => field.label)).toEqual(['Datum', 'Handläggare', 'Till']);
    expect(layout.author).toBe('Eva Lund');
  });

  it('signs right under Förslag till beslut', async () => {
    expect(layout.sections.slice(0, layout.signaturesAfter).map((section) => section.title)).toEqual(['Förslag till beslut']);
    const text = renderText(layout);
    expect(text.indexOf('Förvaltningschef')).toBeGreaterThan(text.indexOf('Nämnden godkänner'));
    expect(text.indexOf('Förvaltningschef')).toBeLessThan(text.indexOf('Förvaltningen föreslår'));
    const document = zipEntry(await renderDocx(layout), 'word/document.xml');
    expect(document.indexOf('Per Holm')).toBeLessThan(document.indexOf('Förvaltningen föreslår'));
    expect(document).toContain('<w:t xml:space="preserve">Socialdirektör</w:t>');
  });

  it('heads the first page with Stockholms stad', async () => {
    const docx = await renderDocx(layout);
    const headers = ['word/header1.xml', 'word/header2.xml'].map((part) => zipEntry(docx, part)).join('');
    expect(headers).toContain('Stockholms stad');
    expect(headers).toContain('Stockholms stad · Tjänsteutlåtande · Dnr 1.6-0463/2011');
  });

  it('prints the förvaltning its pack’s letterhead names', () => {
    expect(documentLayout(stockholmDocument(GOTLAND_PACK)).letterhead).toEqual(GOTLAND_PACK.letterhead);
  });

  it('prints a letterhead it is given instead of its pack’s', () => {
    const letterhead = { organisation: 'Region Uppsala', forvaltning: 'Regionkontoret' };
    expect(documentLayout(stockholmDocument(GOTLAND_PACK), [], { letterhead }).letterhead).toEqual(letterhead);
  });
});
