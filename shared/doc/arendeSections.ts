/**
 * Sections the document's ärende writes (SectionSpec.fromArende, e.g. a beslutsplanering that
 * lists the ärende's meetings). While a document is in an ärende, meta holds a link to it, written
 * by the server only:
 *   meta.arende = { id, diarienummer, kept: { <sectionKey>: [line, …] } }
 * `kept` holds what such a section said before the ärende took it over and that was no meeting
 * of the ärende (a note, a date in words): it is shown under the meetings, word for word, so
 * nothing written is lost. Without the link the sections are ordinary text.
 */
import type * as Y from 'yjs';
import { documentTypeOfMeta, meetingLine, sectionsFromArende, type Meeting } from '../model';
import { blockText, list, paragraph, readBlocks, type Block } from './blocks';
import { ARENDE_LINK, metaMap, replaceSectionContent, sectionElements, sectionKeyOf } from './documentState';

export { ARENDE_LINK } from './documentState';

export interface ArendeLink {
  id: string;
  diarienummer: string;
  kept: Record<string, string[]>;
}

type MetaLike = { get(key: string): unknown };

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((line) => typeof line === 'string');
}

/** The document's link to its ärende, or null when it is in none (or the value is malformed). */
export function arendeLinkOf(meta: MetaLike): ArendeLink | null {
  const value = meta.get(ARENDE_LINK) as Partial<ArendeLink> | undefined;
  if (!value || typeof value !== 'object' || typeof value.id !== 'string' || typeof value.diarienummer !== 'string') return null;
  const kept = value.kept && typeof value.kept === 'object' ? value.kept : {};
  return {
    id: value.id,
    diarienummer: value.diarienummer,
    kept: Object.fromEntries(Object.entries(kept).filter((entry): entry is [string, string[]] => isStringArray(entry[1]))),
  };
}

/** The keys of the sections the ärende writes now: none when the document is in no ärende. */
export function sectionKeysFromArende(meta: MetaLike): string[] {
  if (!arendeLinkOf(meta)) return [];
  const type = documentTypeOfMeta(meta);
  return type ? sectionsFromArende(type).map((section) => section.key) : [];
}

/** What such a section shows: the meetings as a bulleted list, then the lines kept from before. */
export function blocksFromArende(meetings: readonly Meeting[], kept: readonly string[] = []): Block[] {
  const first = meetings.length > 0 ? list(meetings.map(meetingLine)) : paragraph('Inga sammanträden inlagda i ärendet.');
  return [first, ...kept.map(paragraph)];
}

/** A section's text, one line per paragraph or list item. */
export function sectionLines(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) => blockText(block).split('\n'));
}

/** A line of a section, and whether its block holds an open suggestion (issue 15). */
export interface SectionLine {
  text: string;
  suggested: boolean;
}

/** The current text of one section, as lines (empty for a section the document lacks). */
export function readSectionLines(doc: Y.Doc, sectionKey: string): SectionLine[] {
  const element = sectionElements(doc).find((candidate) => sectionKeyOf(candidate) === sectionKey);
  if (!element) return [];
  return readBlocks(element.toArray()).flatMap((block) => {
    // Any run of the block, at any depth, that carries suggestions: its text is not decided yet.
    const suggested = JSON.stringify(block).includes('"suggestions":');
    return blockText(block)
      .split('\n')
      .map((text) => ({ text, suggested }));
  });
}

function sameContent(a: readonly Block[], b: readonly Block[]): boolean {
  const shape = (blocks: readonly Block[]) => JSON.stringify(blocks.map((block) => [block.kind, blockText(block)]));
  return shape(a) === shape(b);
}

/**
 * Links the document to its ärende and writes the sections from the ärende's meetings. Writes
 * only what differs (an unchanged plan changes nothing in the document); true when it wrote.
 */
export function writeSectionsFromArende(doc: Y.Doc, link: ArendeLink, meetings: readonly Meeting[]): boolean {
  const meta = metaMap(doc);
  const type = documentTypeOfMeta(meta);
  if (!type) return false;
  let changed = false;
  if (JSON.stringify(arendeLinkOf(meta)) !== JSON.stringify(link)) {
    meta.set(ARENDE_LINK, link);
    changed = true;
  }
  for (const spec of sectionsFromArende(type)) {
    const element = sectionElements(doc).find((candidate) => sectionKeyOf(candidate) === spec.key);
    if (!element) continue;
    const blocks = blocksFromArende(meetings, link.kept[spec.key]);
    if (sameContent(readBlocks(element.toArray()), blocks)) continue;
    replaceSectionContent(doc, spec.key, blocks, true);
    changed = true;
  }
  return changed;
}

/**
 * The document left its ärende: the sections keep the text they show, as ordinary text anyone
 * with write access may change again.
 */
export function unlinkArende(doc: Y.Doc): boolean {
  const meta = metaMap(doc);
  if (!meta.has(ARENDE_LINK)) return false;
  meta.delete(ARENDE_LINK);
  return true;
}
