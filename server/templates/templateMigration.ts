/**
 * Moving one document to another version of its template pack (or to another pack), on an
 * editor's request: first a report of what moves, then the change, made by the server in the
 * document's room as one stored update that every open editor receives.
 *
 * Nothing is lost. A section the new version no longer has gives its text to the new version's
 * main section, under a heading with the old section's name; a header field it no longer has is
 * written there as "Fältnamn: värde". Sections the new version adds start empty. Sections both
 * versions have keep their element — and with it the comments anchored in it — so they keep the
 * document's order; the report says when the new version orders them differently.
 */
import * as Y from 'yjs';
import { blocksToElements, blockText, heading, paragraph, readBlocks, type Block } from '../../shared/doc/blocks';
import {
  bodyFragment,
  fieldsMap,
  initialSectionBlocks,
  metaMap,
  SECTION_KEY_ATTRIBUTE,
  SECTION_NODE,
  sectionElements,
  sectionKeyOf,
} from '../../shared/doc/documentState';
import { newFieldValue, readFields } from '../../shared/doc/headerFields';
import {
  documentTypeOfMeta,
  fieldValueText,
  isEmptyFieldValue,
  mainSection,
  templateRefOf,
  type DocumentType,
  type TemplatePack,
  type TemplateRef,
} from '../../shared/model';

export type SectionMove =
  | { kind: 'kept'; key: string; title: string }
  | { kind: 'renamed'; key: string; before: string; after: string }
  | { kind: 'added'; key: string; title: string }
  | { kind: 'removed'; key: string; title: string; hasText: boolean; movedTo: string };

export type FieldMove =
  | { kind: 'renamed'; key: string; before: string; after: string }
  | { kind: 'added'; key: string; label: string }
  | { kind: 'removed'; key: string; label: string; hasValue: boolean; movedTo: string };

export interface TemplateMigrationReport {
  from: TemplateRef & { name: string };
  to: TemplateRef & { name: string };
  sections: SectionMove[];
  fields: FieldMove[];
  /** The report in sentences, for the official. */
  messages: string[];
}

function hasText(blocks: readonly Block[]): boolean {
  return blocks.some((block) => blockText(block).trim() !== '');
}

/** What moving the document to `target` would do, without doing it. */
export function planTemplateMigration(doc: Y.Doc, fromPack: TemplatePack, target: TemplatePack): TemplateMigrationReport {
  const meta = metaMap(doc);
  const from = documentTypeOfMeta(meta);
  const to = target.documentTypes.find((type) => type.key === meta.get('type'));
  if (!from || !to) throw new Error('The document type is not in the target pack (checked by the caller)');
  const main = mainSection(to);
  const presentBlocks = new Map(sectionElements(doc).map((element) => [sectionKeyOf(element) ?? '', readBlocks(element.toArray())]));
  const sections: SectionMove[] = [];
  for (const spec of to.sections) {
    const before = from.sections.find((section) => section.key === spec.key);
    if (!before || !presentBlocks.has(spec.key)) sections.push({ kind: 'added', key: spec.key, title: spec.title });
    else if (before.title !== spec.title) sections.push({ kind: 'renamed', key: spec.key, before: before.title, after: spec.title });
    else sections.push({ kind: 'kept', key: spec.key, title: spec.title });
  }
  for (const [key, blocks] of presentBlocks) {
    if (to.sections.some((spec) => spec.key === key)) continue;
    const title = from.sections.find((section) => section.key === key)?.title ?? key;
    sections.push({ kind: 'removed', key, title, hasText: hasText(blocks), movedTo: main.title });
  }
  const values = readFields(doc);
  const fields: FieldMove[] = [];
  for (const spec of to.fields) {
    const before = from.fields.find((field) => field.key === spec.key && field.kind === spec.kind);
    if (!before) fields.push({ kind: 'added', key: spec.key, label: spec.label });
    else if (before.label !== spec.label) fields.push({ kind: 'renamed', key: spec.key, before: before.label, after: spec.label });
  }
  for (const spec of from.fields) {
    if (to.fields.some((field) => field.key === spec.key && field.kind === spec.kind)) continue;
    const value = values[spec.key];
    fields.push({ kind: 'removed', key: spec.key, label: spec.label, hasValue: !isEmptyFieldValue(value), movedTo: main.title });
  }
  return {
    from: { ...templateRefOf(meta), name: fromPack.name },
    to: { pack: target.id, version: target.version, name: target.name },
    sections,
    fields,
    messages: describe(sections, fields, orderDiffers(from, to, [...presentBlocks.keys()])),
  };
}

function orderDiffers(from: DocumentType, to: DocumentType, present: readonly string[]): boolean {
  const kept = present.filter((key) => to.sections.some((spec) => spec.key === key) && from.sections.some((spec) => spec.key === key));
  const targetOrder = to.sections.map((spec) => spec.key).filter((key) => kept.includes(key));
  return kept.join('\u0000') !== targetOrder.join('\u0000');
}

function describe(sections: readonly SectionMove[], fields: readonly FieldMove[], reordered: boolean): string[] {
  const messages: string[] = [];
  for (const move of sections) {
    if (move.kind === 'renamed') messages.push(`Avsnittet ${move.before} heter ${move.after} i den nya versionen.`);
    if (move.kind === 'added') messages.push(`Avsnittet ${move.title} läggs till, tomt.`);
    if (move.kind === 'removed') {
      messages.push(
        move.hasText
          ? `Avsnittet ${move.title} finns inte i den nya versionen: texten flyttas till ${move.movedTo}, under rubriken ${move.title}.`
          : `Avsnittet ${move.title} finns inte i den nya versionen och tas bort (det är tomt).`,
      );
    }
  }
  for (const move of fields) {
    if (move.kind === 'renamed') messages.push(`Fältet ${move.before} heter ${move.after} i den nya versionen.`);
    if (move.kind === 'added') messages.push(`Fältet ${move.label} läggs till, tomt.`);
    if (move.kind === 'removed' && move.hasValue) {
      messages.push(`Fältet ${move.label} finns inte i den nya versionen: värdet skrivs som text i ${move.movedTo}.`);
    }
  }
  if (reordered)
    messages.push('Den nya versionen ordnar avsnitten annorlunda; dokumentet behåller sin ordning så att kommentarerna sitter kvar.');
  if (messages.length === 0) messages.push('Inget i dokumentet ändras utom mallversionen.');
  return messages;
}

/**
 * Moves the document as `plan` says, in one transaction (the caller runs it through the room,
 * which stores it before anyone receives it). The plan must have been made from this document's
 * current state, in the same turn of the event loop or after checking its versions again.
 */
export function applyTemplateMigration(doc: Y.Doc, target: TemplatePack, plan: TemplateMigrationReport): void {
  const meta = metaMap(doc);
  const to = target.documentTypes.find((type) => type.key === meta.get('type'))!;
  const mainKey = mainSection(to).key;
  doc.transact(() => {
    const values = readFields(doc);
    const keptAsText: Block[] = [];
    for (const move of plan.sections) {
      if (move.kind !== 'removed') continue;
      const element = sectionElements(doc).find((candidate) => sectionKeyOf(candidate) === move.key);
      if (!element) continue;
      const blocks = readBlocks(element.toArray());
      if (hasText(blocks)) keptAsText.push(heading(move.title), ...blocks);
      const index = bodyFragment(doc).toArray().indexOf(element);
      bodyFragment(doc).delete(index, 1);
    }
    const fields = fieldsMap(doc);
    for (const move of plan.fields) {
      if (move.kind === 'removed') {
        const value = values[move.key];
        if (value !== undefined && !isEmptyFieldValue(value)) keptAsText.push(paragraph(`${move.label}: ${fieldValueText(value)}`));
        fields.delete(move.key);
      }
    }
    for (const move of plan.fields) {
      if (move.kind === 'added') fields.set(move.key, newFieldValue(to.fields.find((spec) => spec.key === move.key)!.kind));
    }
    insertAddedSections(doc, to, plan);
    if (keptAsText.length > 0) {
      const main = sectionElements(doc).find((candidate) => sectionKeyOf(candidate) === mainKey)!;
      main.insert(main.length, blocksToElements(keptAsText));
    }
    meta.set('templatePack', target.id);
    meta.set('templateVersion', target.version);
  });
}

/** Each new section goes right after the nearest section before it in the new version's order. */
function insertAddedSections(doc: Y.Doc, to: DocumentType, plan: TemplateMigrationReport): void {
  for (const move of plan.sections) {
    if (move.kind !== 'added') continue;
    const spec = to.sections.find((section) => section.key === move.key)!;
    const earlier = to.sections.slice(0, to.sections.indexOf(spec)).map((section) => section.key);
    const children = bodyFragment(doc).toArray();
    let index = 0;
    children.forEach((child, position) => {
      if (child instanceof Y.XmlElement && earlier.includes(sectionKeyOf(child) ?? '')) index = position + 1;
    });
    const section = new Y.XmlElement(SECTION_NODE);
    section.setAttribute(SECTION_KEY_ATTRIBUTE, spec.key);
    section.insert(0, blocksToElements(initialSectionBlocks(spec)));
    bodyFragment(doc).insert(index, [section]);
  }
}
