/**
 * Which document type a document is: its type key read through the template pack version it was
 * made from. Pack versions never change once saved, so a registry of them can be shared by
 * everything in a process — the server's guards and exports, the editor — and a document keeps
 * its sections however the organisation's pack changes later.
 *
 * The shipped packs' first versions are always known. The server adds the stored versions at
 * start and each new one as it is saved; the client adds the version of a document it opens.
 */
import { DIARIENUMMER_FORMATS } from './diarienummer';
import type { DocumentType, DocumentTypeKey } from './documentTypes';
import type { FieldSpec } from './fields';
import type { TemplatePack, TemplateRef } from './templatePack';
import { BUILT_IN_PACKS, DEFAULT_TEMPLATE_PACK_ID } from './templatePacks';

/** A pack as the rest of the code uses it: pack-wide settings applied to each type's fields. */
function normalisePack(pack: TemplatePack): TemplatePack {
  const formats = pack.diarienummerFormats;
  if (!formats) return pack;
  const narrow = (field: FieldSpec): FieldSpec => (field.kind === 'diarienummer' && !field.formats ? { ...field, formats } : field);
  return { ...pack, documentTypes: pack.documentTypes.map((type) => ({ ...type, fields: type.fields.map(narrow) })) };
}

function refKey(ref: TemplateRef): string {
  return `${ref.pack}@${ref.version}`;
}

export class TemplateRegistry {
  private readonly versions = new Map<string, TemplatePack>();
  /** As saved, before pack-wide settings were applied: what an administrator edits. */
  private readonly definitions = new Map<string, TemplatePack>();
  private readonly latest = new Map<string, number>();

  constructor(packs: readonly TemplatePack[] = BUILT_IN_PACKS) {
    for (const pack of packs) this.add(pack);
  }

  /** Adds one pack version (a validated one: see server/templates/templatePackSchema.ts). */
  add(pack: TemplatePack): void {
    const key = refKey({ pack: pack.id, version: pack.version });
    this.versions.set(key, normalisePack(pack));
    this.definitions.set(key, pack);
    if ((this.latest.get(pack.id) ?? 0) < pack.version) this.latest.set(pack.id, pack.version);
  }

  /** A version as it was saved, or undefined for one this process has not seen. */
  definition(ref: TemplateRef): TemplatePack | undefined {
    return this.definitions.get(refKey(ref));
  }

  has(ref: TemplateRef): boolean {
    return this.versions.has(refKey(ref));
  }

  /**
   * The pack version a document names. A version this process has not seen (a database restored
   * without its template table) falls back to the pack's newest known version, then to the
   * default pack, so that a document always opens; its section keys decide what it shows.
   */
  pack(ref: TemplateRef | undefined): TemplatePack {
    if (ref) {
      const exact = this.versions.get(refKey(ref));
      if (exact) return exact;
      const newest = this.latest.get(ref.pack);
      if (newest !== undefined) return this.versions.get(refKey({ pack: ref.pack, version: newest }))!;
    }
    return this.versions.get(refKey({ pack: DEFAULT_TEMPLATE_PACK_ID, version: 1 }))!;
  }

  documentType(ref: TemplateRef | undefined, key: string): DocumentType | undefined {
    return this.pack(ref).documentTypes.find((type) => type.key === key);
  }
}

/** The process's registry. */
export const templates = new TemplateRegistry();

/**
 * The pack version stored in a document's meta map. Documents made before packs existed name no
 * pack: they were made from Malmö's first version, which is the shipped one.
 */
export function templateRefOf(meta: { get(key: string): unknown }): TemplateRef {
  const pack = meta.get('templatePack');
  const version = meta.get('templateVersion');
  return {
    pack: typeof pack === 'string' && pack !== '' ? pack : DEFAULT_TEMPLATE_PACK_ID,
    version: typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1,
  };
}

/** The document type of a document's meta map (a Y.Map), or undefined for an unknown type key. */
export function documentTypeOfMeta(meta: { get(key: string): unknown }): DocumentType | undefined {
  return templates.documentType(templateRefOf(meta), String(meta.get('type')));
}

/** The document type of a plain view (export, completeness, comparison). */
export function documentTypeOfView(view: { type: DocumentTypeKey; template?: TemplateRef }): DocumentType {
  const type = templates.documentType(view.template, view.type) ?? templates.documentType(undefined, view.type);
  if (!type) throw new Error(`Unknown document type: ${view.type}`);
  return type;
}

/** "Tjänsteutlåtande": what the document's own pack version calls its type. */
export function documentTypeLabel(record: { type: string; template?: TemplateRef }): string {
  return (templates.documentType(record.template, record.type) ?? templates.documentType(undefined, record.type))?.label ?? record.type;
}

/** The default pack's first version: what documents without a pack were made from. */
export function defaultPack(): TemplatePack {
  return templates.pack(undefined);
}

/**
 * The default pack's document type with this key, for code that has no document at hand (tests,
 * the demo's own documents). Throws for an unknown key, a programming error.
 */
export function documentType(key: DocumentTypeKey): DocumentType {
  const type = templates.documentType(undefined, key);
  if (!type) throw new Error(`Unknown document type: ${key}`);
  return type;
}

export function findDocumentType(key: string): DocumentType | undefined {
  return templates.documentType(undefined, key);
}

/** The default pack's document types (its first version). */
export const DOCUMENT_TYPES: readonly DocumentType[] = defaultPack().documentTypes;

/** The diarienummer format keys a pack may name. */
export const DIARIENUMMER_FORMAT_KEYS: readonly string[] = DIARIENUMMER_FORMATS.map((format) => format.key);
