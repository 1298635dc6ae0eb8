/**
 * The words Swedish municipalities use for the same things (DOMAIN.md, "What varies between
 * municipalities"), so that a document written anywhere is read into whichever template it is
 * imported with. A template's own names and aliases always come first; these are the importer's
 * general knowledge on top, keyed by what a type, section or field is for (its key), so they
 * apply to any pack that has it.
 */
import type { DocumentType, FieldSpec, SectionSpec } from '../../shared/model';
import { headingKey } from './sourceBlocks';

/** Other names of a document type, by its key. */
const TYPE_NAMES: Record<string, readonly string[]> = {
  tjansteskrivelse: ['Tjänsteskrivelse', 'Tjänsteutlåtande', 'Tjänstemannaförslag', 'Tjänsteyttrande'],
  yttrande: ['Yttrande', 'Remissvar', 'Remissyttrande'],
  sarskilt_yttrande: ['Särskilt yttrande'],
  reservation: ['Reservation', 'Skriftlig reservation'],
  namndinitiativ: ['Nämndinitiativ', 'Ärende väckt', 'Initiativärende', 'Initiativ'],
};

/** Other headings of a section, by its key. */
const SECTION_NAMES: Record<string, readonly string[]> = {
  sammanfattning: ['Sammanfattning', 'Sammanfattning av ärendet', 'Ärendets sammanfattning'],
  forslagTillBeslut: ['Förslag till beslut', 'Beslutsförslag', 'Förvaltningens förslag till beslut', 'Förslag på beslut'],
  beslutsunderlag: ['Beslutsunderlag', 'Underlag för beslut', 'Bilagor', 'Bilaga', 'Handlingar i ärendet'],
  beslutetSkickasTill: ['Beslutet skickas till', 'Beslutet ska skickas till', 'Expediering', 'Beslutet expedieras till', 'Sändlista'],
  arendet: ['Ärendet', 'Ärendebeskrivning', 'Beskrivning av ärendet', 'Ärendets beskrivning'],
  barnperspektiv: ['Barnperspektiv', 'Barnkonsekvensanalys', 'Barnrättsperspektiv', 'Barnchecklista', 'Konsekvenser för barn'],
  jamstalldhetsperspektiv: ['Jämställdhetsperspektiv', 'Jämställdhet', 'Jämställdhetsanalys', 'Konsekvenser för jämställdhet'],
  ekonomiskaKonsekvenser: ['Ekonomiska konsekvenser', 'Ekonomi', 'Ekonomiska följder', 'Ekonomiska konsekvenser och finansiering'],
  ansvariga: ['Ansvariga', 'Ansvarig', 'Underskrifter'],
  yrkande: ['Yrkande', 'Yrkanden'],
  motivering: ['Motivering', 'Skäl för reservationen', 'Motivering till reservationen'],
};

/**
 * Sub-headings of the case description that some municipalities write as sections of their own
 * ("Bakgrund" between Sammanfattning and Ärendebeskrivning): they belong to the main section.
 */
const MAIN_SECTION_HEADINGS = [
  'Bakgrund',
  'Förvaltningens överväganden',
  'Förvaltningens synpunkter',
  'Förvaltningens synpunkter och förslag',
  'Förvaltningens bedömning',
  'Överväganden',
  'Analys',
  'Ärendets beredning',
].map(headingKey);

/** The greeting over a signature, a line of text rather than a heading. */
const GREETINGS = ['Med vänlig hälsning', 'Med vänliga hälsningar', 'Vänliga hälsningar', 'Vänlig hälsning', 'Hälsningar'].map(headingKey);

export function isGreeting(key: string): boolean {
  return GREETINGS.includes(key);
}

/** Header labels, by field key. */
const FIELD_LABELS: Record<string, readonly string[]> = {
  datum: ['Datum', 'Daterad'],
  varReferens: ['Vår referens', 'Handläggare', 'Ansvarig handläggare', 'Kontaktperson', 'Handläggare/telefon', 'Referens'],
  diarienummer: ['Diarienummer', 'Dnr', 'Vårt dnr', 'Vårt diarienummer', 'Ärendenummer', 'Diarienr'],
  remissDiarienummer: ['Remissens diarienummer', 'Ert dnr', 'Ert diarienummer', 'Er referens', 'Er beteckning'],
  forvaltning: ['Förvaltning', 'Från'],
  namnd: ['Nämnd', 'Organ', 'Till', 'Beslutande organ'],
  till: ['Till', 'Mottagare'],
  sammantradesdatum: ['Sammanträdesdatum', 'Sammanträde', 'Mötesdatum', 'Sammanträdets datum'],
  paragraf: ['Paragraf'],
  adress: ['Adress', 'Postadress'],
  parti: ['Parti'],
  ordforande: ['Ordförande', 'Nämndens ordförande'],
  forvaltningsdirektor: ['Förvaltningsdirektör', 'Förvaltningschef', 'Socialdirektör'],
  undertecknare: ['Undertecknare', 'Underskrifter'],
};

/** Header labels of whichever field is the type's title (ärendemening, remissens titel). */
const TITLE_LABELS = ['Ärende', 'Ärendemening', 'Rubrik', 'Angående', 'Ämne'];

/** Section headings that hold the people who sign (a list of names and titles). */
const SIGNATURE_SECTION_NAMES = new Set(['Ansvariga', 'Ansvarig', 'Underskrifter', 'Underskrift', 'Undertecknare'].map(headingKey));

export function typeNames(type: DocumentType): string[] {
  return [type.label, ...(type.aliases ?? []), ...(TYPE_NAMES[type.key] ?? [])];
}

export function sectionNames(section: SectionSpec): string[] {
  return [section.title, ...(section.aliases ?? []), ...(SECTION_NAMES[section.key] ?? [])];
}

/** Whether a heading belongs under the main section's text rather than being a section of its own. */
export function isMainSectionHeading(key: string): boolean {
  return MAIN_SECTION_HEADINGS.includes(key);
}

/** The list section where signatures go as "name / title" items (Malmö's Ansvariga), if the type has one. */
export function signatureSection(type: DocumentType): SectionSpec | undefined {
  return type.sections.find(
    (section) =>
      section.content === 'list' &&
      [section.key, section.title, ...(section.aliases ?? [])].some((name) => SIGNATURE_SECTION_NAMES.has(headingKey(name))),
  );
}

/**
 * The fields by every label that names them, the type's own labels first. `positions` says which
 * fields to include (header and addressee fields in the header; signature fields in the body).
 */
export function headerLabels(type: DocumentType, positions: ReadonlyArray<FieldSpec['position']>): Map<string, FieldSpec> {
  const fields = type.fields.filter((field) => positions.includes(field.position));
  const labels = new Map<string, FieldSpec>();
  const add = (label: string, field: FieldSpec): void => {
    const key = headingKey(label);
    if (key && !labels.has(key)) labels.set(key, field);
  };
  for (const field of fields) add(field.label, field);
  for (const field of fields) for (const label of FIELD_LABELS[field.key] ?? []) add(label, field);
  const title = fields.find((field) => field.key === type.titleFields.title);
  if (title) for (const label of TITLE_LABELS) add(label, title);
  const number =
    fields.find((field) => field.key === type.titleFields.diarienummer) ?? fields.find((field) => field.kind === 'diarienummer');
  if (number) for (const label of FIELD_LABELS.diarienummer!) add(label, number);
  return labels;
}

/** Words that end a job title in a signature ("Enhetschef", "Tillförordnad förvaltningsdirektör"). */
const TITLE_ENDINGS = [
  'chef',
  'direktör',
  'ordförande',
  'sekreterare',
  'handläggare',
  'strateg',
  'utredare',
  'controller',
  'samordnare',
  'ansvarig',
  'ledare',
  'råd',
  'ledamot',
  'ersättare',
  'jurist',
  'ekonom',
  'specialist',
  'inspektör',
  'assistent',
  'administratör',
  'planerare',
  'arkitekt',
  'rådgivare',
  'kanslist',
  'registrator',
  'kommunikatör',
  'analytiker',
  'revisor',
  'koordinator',
  'konsult',
  'ingenjör',
  'notarie',
];

/**
 * Whether a line is a job title: a few words, no digits or sentence punctuation, and one word in
 * the indefinite form of a title ("Enhetschef", not "Enhetschefen", which a recipient list uses).
 */
export function isJobTitle(text: string): boolean {
  if (text.length > 60 || /\d|[.!?:;]$/.test(text) || !/^\p{L}/u.test(text)) return false;
  const words = text.toLowerCase().split(/[\s,/]+/);
  return words.length <= 6 && words.some((word) => TITLE_ENDINGS.some((ending) => word.endsWith(ending)));
}

/** A förvaltning (and its units), a nämnd (or other body that decides), or the organisation itself (the letterhead). */
export type OrganKind = 'forvaltning' | 'namnd' | 'organisation';

const ORGANISATION_ENDINGS = ['kommun', 'stad', 'landsting', 'kommunförbund'];

const FORVALTNING_ENDINGS = ['förvaltningen', 'förvaltning', 'kontoret', 'avdelningen', 'enheten', 'sektorn', 'staben'];
const NAMND_ENDINGS = ['nämnden', 'nämnd', 'styrelsen', 'fullmäktige', 'utskottet', 'utskott', 'beredningen', 'direktionen'];

/**
 * Whether a header line names an administration ("Socialförvaltningen", "Avdelningen för
 * socialtjänst"), a decision-making body ("Kommunstyrelsens arbetsutskott") or the organisation
 * ("Tyresö kommun", "Region Uppsala"): a short line without digits whose last (or, for
 * "Avdelningen för …" and "Region …", first) word says so.
 */
export function organKind(text: string): OrganKind | undefined {
  if (text.length > 90 || /\d|[.!?:;]$/.test(text)) return undefined;
  const words = text.toLowerCase().split(' ');
  if (words.length > 8) return undefined;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (words.length <= 3 && (ORGANISATION_ENDINGS.includes(last) || first === 'region')) return 'organisation';
  if (NAMND_ENDINGS.some((ending) => last.endsWith(ending))) return 'namnd';
  if (FORVALTNING_ENDINGS.some((ending) => last.endsWith(ending) || first === ending)) return 'forvaltning';
  return undefined;
}
