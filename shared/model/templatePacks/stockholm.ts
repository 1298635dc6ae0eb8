/**
 * A Stockholm-style pack: the förvaltning writes a tjänsteutlåtande, headed by Dnr and
 * Handläggare, with Förslag till beslut first and the förvaltningschef's signature right under
 * it, then Ärendebeskrivning, the förvaltning's views and a Barnkonsekvensanalys. Stockholm's
 * nämnder adopt the tjänsteutlåtande as their answer, so a yttrande is rarer; it keeps Malmö's shape.
 */
import { STANDARD_CLOSING_LINES } from '../closingLines';
import type { DocumentType } from '../documentTypes';
import type { TemplatePack } from '../templatePack';
import { arendemening, datum, diarienummer } from './commonFields';
import { malmoDocumentType } from './malmo';

const tjansteutlatande: DocumentType = {
  key: 'tjansteskrivelse',
  label: 'Tjänsteutlåtande',
  description: 'Förvaltningens utlåtande till nämnden, med förslag till beslut.',
  isBilaga: false,
  aliases: ['Tjänsteskrivelse', 'Tjänstemannaförslag'],
  titleFields: { title: 'arendemening', diarienummer: 'diarienummer' },
  signatureAfter: 'forslagTillBeslut',
  fields: [
    { ...diarienummer, label: 'Dnr', hint: 'T.ex. Dnr 1.6-0463/2011 eller T2012-050-05828' },
    datum,
    { key: 'varReferens', label: 'Handläggare', kind: 'person', required: true, hint: 'Namn, titel och e-post' },
    { key: 'namnd', label: 'Till', kind: 'organ', required: true, hint: 'T.ex. Socialnämnden' },
    arendemening,
    { key: 'forvaltningschef', label: 'Förvaltningschef', kind: 'person', required: true, position: 'signature' },
    { key: 'avdelningschef', label: 'Avdelningschef', kind: 'person', required: false, position: 'signature' },
  ],
  sections: [
    {
      key: 'forslagTillBeslut',
      title: 'Förslag till beslut',
      required: true,
      content: 'beslutspunkter',
      hint: 'Nämnden föreslås besluta: skriv beslutspunkterna som en numrerad lista.',
      aliases: ['Förvaltningens förslag till beslut', 'Beslutsförslag'],
    },
    {
      key: 'sammanfattning',
      title: 'Sammanfattning',
      required: true,
      content: 'prose',
      hint: 'Sammanfatta ärendet och förvaltningens förslag.',
    },
    {
      key: 'arendet',
      title: 'Ärendebeskrivning',
      required: true,
      content: 'prose',
      main: true,
      hint: 'Bakgrunden till ärendet, gärna med underrubriker.',
      aliases: ['Ärendet', 'Bakgrund', 'Beskrivning av ärendet'],
    },
    {
      key: 'arendetsBeredning',
      title: 'Ärendets beredning',
      required: false,
      content: 'prose',
      hint: 'Hur ärendet har beretts: samråd, remisser, pensionärsråd.',
      aliases: ['Beredning'],
    },
    {
      key: 'forvaltningensSynpunkter',
      title: 'Förvaltningens synpunkter och förslag',
      required: true,
      content: 'prose',
      hint: 'Förvaltningens bedömning och skälen för förslaget.',
      aliases: ['Förvaltningens synpunkter', 'Förvaltningens bedömning', 'Förvaltningens överväganden'],
    },
    {
      key: 'barnperspektiv',
      title: 'Barnkonsekvensanalys',
      required: true,
      content: 'prose',
      mayBeMotivatedAsNotRelevant: true,
      hint: 'Hur påverkar beslutet barn? Om det inte är relevant: "bedöms inte relevant eftersom …".',
      aliases: ['Barnperspektiv', 'Barnrättsperspektiv', 'Barnchecklista'],
    },
    {
      key: 'ekonomiskaKonsekvenser',
      title: 'Ekonomiska konsekvenser',
      required: false,
      content: 'prose',
      hint: 'Kostnader och finansiering.',
      aliases: ['Ekonomi'],
    },
    {
      key: 'beslutsunderlag',
      title: 'Bilagor',
      required: false,
      content: 'list',
      hint: 'De handlingar som bifogas utlåtandet.',
      aliases: ['Beslutsunderlag', 'Bilaga'],
    },
  ],
};

export const STOCKHOLM_PACK: TemplatePack = {
  id: 'stockholm',
  name: 'Stockholm (tjänsteutlåtande)',
  version: 1,
  letterhead: { organisation: 'Stockholms stad' },
  closingLines: STANDARD_CLOSING_LINES,
  documentTypes: [
    tjansteutlatande,
    malmoDocumentType('yttrande'),
    malmoDocumentType('sarskilt_yttrande'),
    malmoDocumentType('reservation'),
    malmoDocumentType('namndinitiativ'),
  ],
};
