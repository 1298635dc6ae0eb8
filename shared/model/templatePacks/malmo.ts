/**
 * Malmö stad's documents, as the seeds in shared/fixtures write them: the default pack.
 */
import { STANDARD_CLOSING_LINES } from '../closingLines';
import type { DocumentType } from '../documentTypes';
import type { TemplatePack } from '../templatePack';
import { arendemening, bilagaHeader, datum, diarienummer, namnd, undertecknare } from './commonFields';

const documentTypes: DocumentType[] = [
  {
    key: 'tjansteskrivelse',
    label: 'Tjänsteskrivelse',
    description: 'Förvaltningens underlag till nämnden, med förslag till beslut.',
    isBilaga: false,
    titleFields: { title: 'arendemening', diarienummer: 'diarienummer' },
    fields: [
      datum,
      {
        key: 'varReferens',
        label: 'Vår referens',
        kind: 'person',
        required: true,
        hint: 'Handläggarens namn, titel och e-post',
      },
      diarienummer,
      {
        key: 'forvaltning',
        label: 'Förvaltning',
        kind: 'organ',
        required: false,
        hint: 'T.ex. Arbetsmarknads- och socialförvaltningen',
      },
      namnd,
      arendemening,
    ],
    sections: [
      {
        key: 'sammanfattning',
        title: 'Sammanfattning',
        required: true,
        content: 'prose',
        hint: 'Sammanfatta ärendet och förvaltningens förslag i några stycken.',
        aliases: ['Sammanfattning av ärendet'],
      },
      {
        key: 'forslagTillBeslut',
        title: 'Förslag till beslut',
        required: true,
        content: 'beslutspunkter',
        hint: 'Skriv beslutspunkterna som en numrerad lista.',
        aliases: ['Beslutsförslag', 'Förslag på beslut'],
      },
      {
        key: 'beslutsunderlag',
        title: 'Beslutsunderlag',
        required: true,
        content: 'list',
        hint: 'Lista de handlingar som beslutet grundar sig på.',
        aliases: ['Underlag för beslut'],
      },
      {
        key: 'beslutsplanering',
        title: 'Beslutsplanering',
        required: false,
        content: 'list',
        hint: 'Sammanträden: organ och datum, t.ex. ASN beredning 2023-08-09.',
        fromArende: 'meetings',
      },
      {
        key: 'beslutetSkickasTill',
        title: 'Beslutet skickas till',
        required: false,
        content: 'list',
        hint: 'Mottagare av beslutet.',
        aliases: ['Beslutet ska skickas till', 'Sändlista'],
      },
      {
        key: 'arendet',
        title: 'Ärendet',
        required: true,
        content: 'prose',
        hint: 'Beskriv ärendet med underrubriker, t.ex. Bakgrund och Förvaltningens överväganden.',
        main: true,
        aliases: ['Ärendebeskrivning', 'Beskrivning av ärendet'],
      },
      {
        key: 'barnperspektiv',
        title: 'Barnperspektiv',
        required: true,
        content: 'prose',
        mayBeMotivatedAsNotRelevant: true,
        hint: 'Hur berör beslutet barn? Om det inte är relevant, motivera varför.',
        aliases: ['Barnkonsekvensanalys', 'Barnrättsperspektiv'],
      },
      {
        key: 'jamstalldhetsperspektiv',
        title: 'Jämställdhetsperspektiv',
        required: false,
        content: 'prose',
        hint: 'Hur påverkar beslutet kvinnor och män, flickor och pojkar?',
        aliases: ['Jämställdhet'],
      },
      {
        key: 'ekonomiskaKonsekvenser',
        title: 'Ekonomiska konsekvenser',
        required: false,
        content: 'prose',
        hint: 'Kostnader, finansiering och andra ekonomiska följder.',
        aliases: ['Ekonomi', 'Ekonomiska följder'],
      },
      {
        key: 'ansvariga',
        title: 'Ansvariga',
        required: true,
        content: 'list',
        hint: 'Namn och titel, t.ex. Jonas Magnusson Enhetschef.',
        aliases: ['Ansvarig'],
        signatories: true,
      },
    ],
  },
  {
    key: 'yttrande',
    label: 'Yttrande',
    description: 'Nämndens svar på en remiss.',
    isBilaga: false,
    titleFields: { title: 'remissTitel', diarienummer: 'remissDiarienummer' },
    openingLine: { field: 'namnd', phrase: 'lämnar följande yttrande:' },
    fields: [
      datum,
      { key: 'adress', label: 'Adress', kind: 'text', required: false, hint: 'Postadress, t.ex. Box 123, 123 45 Ort' },
      diarienummer,
      {
        key: 'till',
        label: 'Till',
        kind: 'organ',
        required: true,
        hint: 'T.ex. Kommunstyrelsen',
        position: 'addressee',
      },
      namnd,
      {
        key: 'remissTitel',
        label: 'Remissens titel',
        kind: 'text',
        required: true,
      },
      {
        key: 'remissDiarienummer',
        label: 'Remissens diarienummer',
        kind: 'diarienummer',
        required: false,
        hint: 'T.ex. STK-2023-663',
      },
      { key: 'ordforande', label: 'Ordförande', kind: 'person', required: true, position: 'signature' },
      {
        key: 'forvaltningsdirektor',
        label: 'Förvaltningsdirektör',
        kind: 'person',
        required: true,
        position: 'signature',
      },
    ],
    sections: [
      {
        key: 'sammanfattning',
        title: 'Sammanfattning',
        required: true,
        content: 'prose',
        hint: 'Sammanfatta nämndens ställningstagande.',
      },
      {
        key: 'yttrande',
        main: true,
        title: 'Yttrande',
        required: true,
        content: 'prose',
        hint: 'Nämndens yttrande, gärna med underrubriker.',
      },
    ],
  },
  {
    key: 'sarskilt_yttrande',
    label: 'Särskilt yttrande',
    description: 'En ledamots eller partigrupps uttalande om ett beslut, utan att reservera sig.',
    isBilaga: true,
    titleFields: { title: 'arendemening', diarienummer: 'diarienummer' },
    fields: [...bilagaHeader, undertecknare],
    sections: [
      {
        key: 'yttrande',
        main: true,
        title: 'Särskilt yttrande',
        required: true,
        content: 'prose',
        hint: 'Skriv ert uttalande om beslutet.',
      },
    ],
  },
  {
    key: 'reservation',
    label: 'Reservation',
    description: 'Ledamöter som röstat emot beslutet reserverar sig till förmån för eget yrkande.',
    isBilaga: true,
    titleFields: { title: 'arendemening', diarienummer: 'diarienummer' },
    fields: [...bilagaHeader, undertecknare],
    sections: [
      {
        key: 'yrkande',
        aliases: ['Yrkanden'],
        title: 'Yrkande',
        required: true,
        content: 'prose',
        hint: 'Det yrkande som föll.',
      },
      {
        key: 'motivering',
        main: true,
        title: 'Motivering',
        required: true,
        content: 'prose',
        hint: 'Varför ni reserverar er mot beslutet.',
      },
    ],
  },
  {
    key: 'namndinitiativ',
    label: 'Nämndinitiativ',
    description: 'Ett partis initiativ till nämnden (ärende väckt).',
    isBilaga: false,
    aliases: ['Ärende väckt', 'Initiativärende'],
    titleFields: { title: 'arendemening' },
    fields: [
      namnd,
      datum,
      { key: 'parti', label: 'Parti', kind: 'text', required: true, hint: 'T.ex. Vänsterpartiet' },
      arendemening,
      undertecknare,
    ],
    sections: [
      {
        key: 'bakgrund',
        main: true,
        title: 'Bakgrund',
        required: true,
        content: 'prose',
        hint: 'Bakgrunden till initiativet.',
      },
      {
        key: 'yrkande',
        aliases: ['Yrkande', 'Yrkanden', 'Frågor'],
        title: 'Yrkanden och frågor',
        required: true,
        content: 'list',
        hint: 'Vad nämnden ombeds besluta eller svara på.',
      },
    ],
  },
];

export const MALMO_PACK: TemplatePack = {
  id: 'malmo',
  name: 'Malmö stad',
  version: 1,
  letterhead: { organisation: 'Malmö stad' },
  closingLines: STANDARD_CLOSING_LINES,
  documentTypes,
};

/** One of Malmö's types, for packs that write that document the same way. */
export function malmoDocumentType(key: DocumentType['key']): DocumentType {
  return documentTypes.find((type) => type.key === key)!;
}
