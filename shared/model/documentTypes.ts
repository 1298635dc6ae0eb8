/**
 * The shape of a document type (DOMAIN.md): its header fields and sections, as data. The types
 * themselves are an organisation's, in its template pack (templatePack.ts, templatePacks/);
 * the editor schema and section blocks, the server's structure guard, the completeness check,
 * export and import all read these definitions, so a pack's own names and sections need no code.
 */
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
  /**
   * The section names the people responsible, one per line ("Jonas Magnusson Enhetschef"):
   * export prints it as a signature block, each name with the title below it (Malmö's Ansvariga).
   */
  signatories?: true;
  /**
   * The section shows what the document's ärende keeps rather than text written in it:
   * `meetings` is the ärende's beslutsplanering. While the document is in an ärende the server
   * writes the section from it and nobody types in it (the ärende is the one place meetings are
   * planned); outside an ärende it is an ordinary section.
   */
  fromArende?: 'meetings';
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

/**
 * What a document is for, whatever an organisation calls it: the workflow, the bilaga rules and
 * the closing lines depend on the key, never on the label ("Tjänsteutlåtande" is a
 * `tjansteskrivelse`).
 */
export const DOCUMENT_TYPE_KEYS = ['tjansteskrivelse', 'yttrande', 'sarskilt_yttrande', 'reservation', 'namndinitiativ'] as const;
export type DocumentTypeKey = (typeof DOCUMENT_TYPE_KEYS)[number];

/** A bilaga to a decided document (särskilt yttrande, reservation): a rule of the domain, not of a pack. */
const BILAGA_TYPE_KEYS: ReadonlySet<string> = new Set<DocumentTypeKey>(['sarskilt_yttrande', 'reservation']);

export function isBilagaTypeKey(key: string): boolean {
  return BILAGA_TYPE_KEYS.has(key);
}

export interface DocumentType {
  key: DocumentTypeKey;
  /** Swedish name shown in the UI and as the document's heading. */
  label: string;
  description: string;
  fields: FieldSpec[];
  sections: SectionSpec[];
  /** A bilaga to a decided document (särskilt yttrande, reservation). */
  isBilaga: boolean;
  /** Other words a document of this type is headed with (an imported file's type line). */
  aliases?: string[];
  titleFields: TitleFields;
  openingLine?: OpeningLine;
  /**
   * The section after which the signature block (the fields with position `signature`) is
   * printed: Stockholm signs right under Förslag till beslut. Absent: after the last section.
   */
  signatureAfter?: string;
}

export function isDocumentTypeKey(key: unknown): key is DocumentTypeKey {
  return typeof key === 'string' && (DOCUMENT_TYPE_KEYS as readonly string[]).includes(key);
}

export function sectionSpec(type: DocumentType, sectionKey: string): SectionSpec | undefined {
  return type.sections.find((section) => section.key === sectionKey);
}

/** The sections the document's ärende writes while the document is in one (see `fromArende`). */
export function sectionsFromArende(type: DocumentType): SectionSpec[] {
  return type.sections.filter((section) => section.fromArende !== undefined);
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
