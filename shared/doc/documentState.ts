/**
 * How a document lives in its Y.Doc (DESIGN.md, "The document model"):
 *   meta (Y.Map)          type, templatePack, templateVersion (the pack version it was made
 *                         from), status, title (Y.Text), fields (Y.Map of header
 *                         fields; their layout is in headerFields.ts), arende (the link
 *                         to the document's ärende, the server's: arendeSections.ts)
 *   body (Y.XmlFragment)  one `section` element per template section, in template order,
 *                         each with a `sectionKey` attribute; users write inside them.
 */
import * as Y from 'yjs';
import {
  documentTypeOfMeta,
  templateRefOf,
  templates,
  type DocumentTypeKey,
  type FieldValue,
  type SectionSpec,
  type TemplateRef,
} from '../model';
import type { DocumentStatus } from '../model/status';
import { blocksToElements, list, paragraph, readBlocks, type Block } from './blocks';
import { FIELDS, META, newFieldValue, readFields, readTitle } from './headerFields';
import type { SuggestionSummary } from '../suggestions/resolve';

export { FIELDS, META } from './headerFields';
export const BODY = 'body';
export const SECTION_NODE = 'section';
export const SECTION_KEY_ATTRIBUTE = 'sectionKey';

export interface SectionContent {
  key: string;
  blocks: Block[];
}

export interface NewDocumentContent {
  title: string;
  fields?: Record<string, FieldValue>;
  /** Content per section key; sections not named start with their empty template content. */
  sections?: Record<string, Block[]>;
  status?: DocumentStatus;
  /** The pack version to make it from; the default pack's first version when absent. */
  template?: TemplateRef;
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META);
}

export function bodyFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BODY);
}

/**
 * The header-field map inside meta (created with the document). Its values are Y types; read
 * them with readDocument or readFieldValue and write them with writeField (headerFields.ts).
 */
export function fieldsMap(doc: Y.Doc): Y.Map<unknown> {
  const fields = metaMap(doc).get(FIELDS);
  if (fields instanceof Y.Map) return fields as Y.Map<unknown>;
  throw new Error('The document has no header fields; it was not created from a template.');
}

/** What a freshly created section holds before anyone writes in it. */
export function initialSectionBlocks(spec: SectionSpec): Block[] {
  if (spec.content === 'beslutspunkter') return [list([''], true)];
  if (spec.content === 'list') return [list([''])];
  return [paragraph('')];
}

/**
 * Fills an empty Y.Doc with a new document of the given type. Only the server does this, once,
 * when the document is created: clients never insert top-level sections (the structure guard
 * refuses it).
 */
export function initialiseDocument(doc: Y.Doc, typeKey: DocumentTypeKey, content: NewDocumentContent): void {
  const pack = templates.pack(content.template);
  const type = pack.documentTypes.find((candidate) => candidate.key === typeKey);
  if (!type) throw new Error(`The template ${pack.id}@${pack.version} has no document type ${typeKey}`);
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('type', type.key);
    meta.set('templatePack', pack.id);
    meta.set('templateVersion', pack.version);
    meta.set('title', new Y.Text(content.title));
    meta.set('status', content.status ?? 'utkast');
    const fields = new Y.Map<unknown>();
    for (const spec of type.fields) {
      fields.set(spec.key, newFieldValue(spec.kind, content.fields?.[spec.key]));
    }
    meta.set(FIELDS, fields);

    const sections = type.sections.map((spec) => {
      const section = new Y.XmlElement(SECTION_NODE);
      section.setAttribute(SECTION_KEY_ATTRIBUTE, spec.key);
      const blocks = content.sections?.[spec.key];
      section.insert(0, blocksToElements(blocks && blocks.length ? blocks : initialSectionBlocks(spec)));
      return section;
    });
    bodyFragment(doc).insert(0, sections);
  });
}

/** The top-level section elements, in document order. */
export function sectionElements(doc: Y.Doc): Y.XmlElement[] {
  return bodyFragment(doc)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
}

export function sectionKeyOf(element: Y.XmlElement): string | undefined {
  const key = element.getAttribute(SECTION_KEY_ATTRIBUTE);
  return typeof key === 'string' ? key : undefined;
}

/** Every section's content as blocks, in document order. */
export function readSections(doc: Y.Doc): SectionContent[] {
  return sectionElements(doc).map((element) => ({
    key: sectionKeyOf(element) ?? '',
    blocks: readBlocks(element.toArray()),
  }));
}

/**
 * The link to the document's ärende in meta, written by the server only (arendeSections.ts): while
 * it is there, the sections marked `fromArende` show what the ärende keeps.
 */
export const ARENDE_LINK = 'arende';

/**
 * Replaces what one section holds, keeping the section element itself (so the structure guard
 * and every client's binding see a content change, never a section change). A section the
 * document's ärende writes is left as it is (restoring a version does not bring back an old
 * beslutsplanering) unless `fromArende` says the ärende's own content is being written.
 */
export function replaceSectionContent(doc: Y.Doc, sectionKey: string, blocks: readonly Block[], fromArende = false): void {
  const meta = metaMap(doc);
  if (
    !fromArende &&
    meta.get(ARENDE_LINK) &&
    documentTypeOfMeta(meta)?.sections.some((spec) => spec.key === sectionKey && spec.fromArende)
  ) {
    return;
  }
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === sectionKey);
  if (!section) throw new Error(`The document has no section "${sectionKey}".`);
  doc.transact(() => {
    if (section.length > 0) section.delete(0, section.length);
    section.insert(0, blocksToElements(blocks.length ? blocks : [paragraph('')]));
  });
}

export interface DocumentSnapshotView {
  type: DocumentTypeKey;
  /** The pack version the document was made from; the default pack's first when absent. */
  template?: TemplateRef;
  title: string;
  status: DocumentStatus;
  fields: Record<string, FieldValue>;
  sections: SectionContent[];
  /**
   * The open suggestions (shared/suggestions), when the reader asked for them: readDocument
   * leaves them out; DocumentService.readView and the editor's completeness hook add them (the
   * completeness check lists them).
   */
  suggestions?: SuggestionSummary[];
}

/**
 * A plain view of the whole document, for export, completeness and comparison. Reads any stored
 * layout (also documents made before the title and fields were Y types) and never throws on a
 * malformed header value.
 */
export function readDocument(doc: Y.Doc): DocumentSnapshotView {
  const meta = metaMap(doc);
  return {
    type: meta.get('type') as DocumentTypeKey,
    template: templateRefOf(meta),
    title: readTitle(doc),
    status: (meta.get('status') as DocumentStatus | undefined) ?? 'utkast',
    fields: readFields(doc),
    sections: readSections(doc),
  };
}
