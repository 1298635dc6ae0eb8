/**
 * A template pack: how one organisation writes its documents, as data (DOMAIN.md, "What varies
 * between municipalities"). The document types, their sections and header fields, where the
 * signature block goes, the wording of generated closing lines, the diarienummer formats it
 * accepts and its letterhead. Packs are stored in the database and versioned; a document records
 * the pack and version it was made from (meta.templatePack, meta.templateVersion) and keeps that
 * structure when the pack changes later.
 */
import type { ClosingLineWording } from './closingLines';
import type { DocumentType } from './documentTypes';

/** What the first page of an exported document carries at its top, and later pages repeat. */
export interface Letterhead {
  /** "Malmö stad", "Stockholms stad", "Region Uppsala". */
  organisation: string;
  /** "Arbetsmarknads- och socialförvaltningen"; left out when empty. */
  forvaltning?: string;
  /** A small PNG or JPEG, stored inline so that a pack version is one self-contained record. */
  logo?: LetterheadLogo;
}

export interface LetterheadLogo {
  mediaType: 'image/png' | 'image/jpeg';
  /** The image's bytes, base64. */
  data: string;
}

/** Which pack version a document was made from. */
export interface TemplateRef {
  pack: string;
  version: number;
}

export interface TemplatePack {
  /** Stable key, lower case: "malmo", "stockholm", "allman", or an organisation's own. */
  id: string;
  /** Shown to administrators: "Malmö stad". */
  name: string;
  /** 1 for a pack as shipped; each saved change makes the next version. */
  version: number;
  letterhead: Letterhead;
  /** Keys of DIARIENUMMER_FORMATS this organisation uses; absent means every known format. */
  diarienummerFormats?: string[];
  /** The words after the names in a generated closing line ("avser inkomma med …, bilaga."). */
  closingLines: ClosingLineWording;
  documentTypes: DocumentType[];
}
