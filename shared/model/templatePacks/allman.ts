/**
 * A plain pack for an organisation that has not written its own yet: the parts every nämnd
 * handling needs, with the perspective questions gathered in one section that may be answered
 * "bedöms inte relevant eftersom …", and neutral headings an administrator renames at will.
 */
import { STANDARD_CLOSING_LINES } from '../closingLines';
import type { DocumentType } from '../documentTypes';
import type { TemplatePack } from '../templatePack';
import { arendemening, datum, diarienummer, namnd } from './commonFields';
import { malmoDocumentType } from './malmo';

const tjansteskrivelse: DocumentType = {
  key: 'tjansteskrivelse',
  label: 'Tjänsteskrivelse',
  description: 'Förvaltningens underlag till nämnden, med förslag till beslut.',
  isBilaga: false,
  aliases: ['Tjänsteutlåtande', 'Tjänstemannaförslag'],
  titleFields: { title: 'arendemening', diarienummer: 'diarienummer' },
  fields: [
    datum,
    diarienummer,
    { key: 'varReferens', label: 'Handläggare', kind: 'person', required: true, hint: 'Namn, titel och e-post' },
    namnd,
    arendemening,
    { key: 'ansvarig', label: 'Ansvarig chef', kind: 'person', required: true, position: 'signature' },
  ],
  sections: [
    { key: 'sammanfattning', title: 'Sammanfattning', required: true, content: 'prose', hint: 'Ärendet i korthet.' },
    {
      key: 'forslagTillBeslut',
      title: 'Förslag till beslut',
      required: true,
      content: 'beslutspunkter',
      hint: 'Skriv beslutspunkterna som en numrerad lista.',
      aliases: ['Beslutsförslag'],
    },
    {
      key: 'arendet',
      title: 'Ärendet',
      required: true,
      content: 'prose',
      main: true,
      hint: 'Bakgrund och överväganden.',
      aliases: ['Ärendebeskrivning', 'Bakgrund'],
    },
    {
      key: 'konsekvenser',
      title: 'Konsekvenser',
      required: true,
      content: 'prose',
      mayBeMotivatedAsNotRelevant: true,
      hint: 'Barn, jämställdhet, ekonomi och miljö: hur berörs de? Det som inte berörs: "bedöms inte relevant eftersom …".',
      aliases: ['Konsekvensanalys', 'Barnperspektiv', 'Barnkonsekvensanalys'],
    },
    {
      key: 'beslutsunderlag',
      title: 'Beslutsunderlag',
      required: false,
      content: 'list',
      hint: 'De handlingar beslutet grundar sig på.',
      aliases: ['Bilagor'],
    },
    {
      key: 'beslutetSkickasTill',
      title: 'Beslutet skickas till',
      required: false,
      content: 'list',
      hint: 'Mottagare av beslutet.',
      aliases: ['Sändlista'],
    },
  ],
};

export const ALLMAN_PACK: TemplatePack = {
  id: 'allman',
  name: 'Allmän mall',
  version: 1,
  letterhead: { organisation: 'Kommunen' },
  closingLines: STANDARD_CLOSING_LINES,
  documentTypes: [
    tjansteskrivelse,
    malmoDocumentType('yttrande'),
    malmoDocumentType('sarskilt_yttrande'),
    malmoDocumentType('reservation'),
    malmoDocumentType('namndinitiativ'),
  ],
};
