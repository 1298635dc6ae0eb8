/**
 * The document types of DOMAIN.md as data. Everything else — the editor schema and section
 * blocks, the server's structure guard, the completeness check, export and import — reads these
 * definitions; adding a document type is adding an entry here.
 */
import { diarienummerExamples } from './diarienummer';
import type { FieldSpec } from './fields';

/**
 * What a section holds. The editor accepts any block content inside every section (the Yjs
 * binding would otherwise delete remote content that fails the schema); the kind decides the
 * initial content, the hint, the completeness rule and how export lays it out.
 */
export type SectionContentKind =
  /** Paragraphs with sub-headings, emphasis and lists. */
  | 'prose'
  /** An introductory line ("X-nämnden föreslås besluta") and a numbered list of beslutspunkter. */
  | 'beslutspunkter'
  /** A bulleted list: documents, recipients, meetings, signatories. */
  | 'list';

export interface SectionSpec {
  key: string;
  title: string;
  required: boolean;
  hint: string;
  content: SectionContentKind;
  /**
   * A required section that may instead be motivated as not relevant (Barnperspektiv): the
   * completeness check accepts any written text, including the motivation.
   */
  mayBeMotivatedAsNotRelevant?: boolean;
  /**
   * The type's main prose section (Ärendet, Yttrande): where the importer puts text it cannot
   * place anywhere else, and where sub-headings such as Bakgrund belong. At most one per type.
   */
  main?: true;
  /**
   * Other headings officials use for this section ("Beslutsförslag" for Förslag till beslut), so
   * that imported documents land in the right place. Compared without case and diacritics.
   */
  aliases?: string[];
}

/**
 * The header fields that together make the document's heading: the ärendemening (or the remiss'
 * title) and the diarienummer printed with it ("… ASN-2023-12667").
 */
export interface TitleFields {
  title: string;
  diarienummer?: string;
}

/**
 * A generated sentence that names a header field's value, such as "Arbetsmarknads- och
 * socialnämnden lämnar följande yttrande:". Export writes it; import reads the value back from it.
 */
export interface OpeningLine {
  field: string;
  phrase: string;
}

export type DocumentTypeKey = 'tjansteskrivelse' | 'yttrande' | 'sarskilt_yttrande' | 'reservation' | 'namndinitiativ';

export interface DocumentType {
  key: DocumentTypeKey;
  /** Swedish name shown in the UI and as the document's heading. */
  label: string;
  description: string;
  /** Bumped when the sections change, so stored documents can be migrated knowingly. */
  templateVersion: number;
  fields: FieldSpec[];
  sections: SectionSpec[];
  /** A bilaga to a decided document (särskilt yttrande, reservation). */
  isBilaga: boolean;
  /** Other words a document of this type is headed with (an imported file's type line). */
  aliases?: string[];
  titleFields: TitleFields;
  openingLine?: OpeningLine;
}

const datum: FieldSpec = { key: 'datum', label: 'Datum', kind: 'date', required: true };
const diarienummer: FieldSpec = {
  key: 'diarienummer',
  label: 'Diarienummer',
  kind: 'diarienummer',
  required: true,
  hint: `T.ex. ${diarienummerExamples()}`,
};
const arendemening: FieldSpec = {
  key: 'arendemening',
  label: 'Ärendemening',
  kind: 'text',
  required: true,
  hint: 'Ärendets rubrik',
};
const namnd: FieldSpec = {
  key: 'namnd',
  label: 'Nämnd',
  kind: 'organ',
  required: true,
  hint: 'T.ex. Arbetsmarknads- och socialnämnden',
};
const undertecknare: FieldSpec = {
  key: 'undertecknare',
  label: 'Undertecknare',
  kind: 'persons',
  required: true,
  hint: 'Ledamöter med parti, t.ex. Kerstin Håkansson (M)',
  position: 'signature',
};
const bilagaHeader: FieldSpec[] = [
  namnd,
  { key: 'sammantradesdatum', label: 'Sammanträdesdatum', kind: 'date', required: true },
  { key: 'paragraf', label: 'Paragraf', kind: 'text', required: false, hint: 'T.ex. § 195' },
  arendemening,
  diarienummer,
];

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  {
    key: 'tjansteskrivelse',
    label: 'Tjänsteskrivelse',
    description: 'Förvaltningens underlag till nämnden, med förslag till beslut.',
    templateVersion: 1,
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
      },
    ],
  },
  {
    key: 'yttrande',
    label: 'Yttrande',
    description: 'Nämndens svar på en remiss.',
    templateVersion: 1,
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
    templateVersion: 1,
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
    templateVersion: 1,
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
    templateVersion: 1,
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

const BY_KEY = new Map<string, DocumentType>(DOCUMENT_TYPES.map((type) => [type.key, type]));

export function isDocumentTypeKey(key: unknown): key is DocumentTypeKey {
  return typeof key === 'string' && BY_KEY.has(key);
}

/** The document type with this key; throws for an unknown key (a programming error). */
export function documentType(key: DocumentTypeKey): DocumentType {
  const type = BY_KEY.get(key);
  if (!type) throw new Error(`Unknown document type: ${key}`);
  return type;
}

export function findDocumentType(key: string): DocumentType | undefined {
  return BY_KEY.get(key);
}

export function sectionSpec(type: DocumentType, sectionKey: string): SectionSpec | undefined {
  return type.sections.find((section) => section.key === sectionKey);
}

/**
 * The section that holds the document's free prose (Ärendet, Yttrande): the one marked `main`,
 * else the first prose section, else the first section.
 */
export function mainSection(type: DocumentType): SectionSpec {
  const main =
    type.sections.find((section) => section.main) ?? type.sections.find((section) => section.content === 'prose') ?? type.sections[0];
  if (!main) throw new Error(`Document type ${type.key} has no sections`);
  return main;
}
