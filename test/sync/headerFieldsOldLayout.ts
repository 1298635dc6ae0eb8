/**
 * Documents as Yttra stored them before the title and header fields were Y types: meta.title a
 * string, meta.fields a Y.Map of plain values (strings, person objects, arrays of them). Built the
 * way the old initialiseDocument built them, to test that such documents still open.
 */
import * as Y from 'yjs';
import { blocksToElements, paragraph, type Block } from '../../shared/doc/blocks';
import { documentType, type DocumentTypeKey } from '../../shared/model';
import type { SectionContent } from '../../shared/doc/documentState';

export interface OldLayoutContent {
  title: unknown;
  fields: Record<string, unknown>;
  status?: string;
  sections?: SectionContent[];
  /** Further meta keys (closingLines). */
  meta?: Record<string, unknown>;
}

export function oldLayoutDocument(typeKey: DocumentTypeKey, content: OldLayoutContent): Y.Doc {
  const type = documentType(typeKey);
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('type', type.key);
    meta.set('templateVersion', 1);
    meta.set('title', content.title);
    meta.set('status', content.status ?? 'utkast');
    for (const [key, value] of Object.entries(content.meta ?? {})) meta.set(key, value);
    const fields = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(content.fields)) fields.set(key, value);
    meta.set('fields', fields);
    doc.getXmlFragment('body').insert(
      0,
      type.sections.map((spec) => {
        const section = new Y.XmlElement('section');
        section.setAttribute('sectionKey', spec.key);
        const blocks: Block[] = content.sections?.find((entry) => entry.key === spec.key)?.blocks ?? [paragraph('')];
        section.insert(0, blocksToElements(blocks.length ? blocks : [paragraph('')]));
        return section;
      }),
    );
  });
  return doc;
}
