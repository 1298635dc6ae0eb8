/**
 * A Word file's page header, read after the document itself: what it says that the document
 * does not (a diarienummer or date only in the page header) fills the header fields the document
 * left empty; what merely repeats the document (Yttra's own export repeats the organisation, the
 * type and the diarienummer on every page), and the page numbering, is not read a second time
 * (the report names the line); the rest is kept under "Ej placerad text". A page header never
 * gives the document its title.
 */
import { isEmptyFieldValue, type DocumentType, type FieldValue, type TemplatePack } from '../../shared/model';
import { parseHeader } from './headerFields';
import { isPageNumber } from './headerLines';
import { quote, ReportCollector } from './importReport';
import { headingKey, sourceText, type SourceBlock } from './sourceBlocks';
import type { UnplacedLine } from './unplacedText';
import { typeNames } from './vocabulary';

/** The separators a one-line page header puts between its parts ("Malmö stad · Yttrande · ASN-…", tabs). */
const PART_SEPARATOR = / [·|•] |\t+/;

export function readPageHeader(
  lines: readonly string[],
  context: { type: DocumentType; pack: TemplatePack; title: string; fields: Record<string, FieldValue>; report: ReportCollector },
): UnplacedLine[] {
  const { type, pack, fields, report } = context;
  const known = new Set(
    [
      context.title,
      ...typeNames(type),
      pack.letterhead.organisation,
      pack.letterhead.forvaltning ?? '',
      ...Object.values(fields).filter((value) => typeof value === 'string'),
    ]
      .map((text) => headingKey(text as string))
      .filter((key) => key !== ''),
  );
  const fresh: string[] = [];
  for (const line of lines) {
    const parts = line.split(PART_SEPARATOR).map((part) => part.trim());
    // The page number is layout: the export numbers the pages itself.
    const news = parts.filter((part) => part !== '' && !known.has(headingKey(part)) && !isPageNumber(part));
    if (news.length < parts.length) {
      report.add(
        'warning',
        `Sidhuvudets rad ${quote(line.replace(/\t+/g, ' '), 400)} upprepar dokumentets egna uppgifter eller sidnumreringen, som inte lästes in en gång till.`,
      );
    }
    fresh.push(...news);
  }
  if (fresh.length === 0) return [];

  const own = new ReportCollector();
  const blocks: SourceBlock[] = fresh.map((text) => ({ kind: 'paragraph', runs: [{ text }] }));
  // Read as a header without a title: the title field is left out of the type for this reading.
  const header = parseHeader(blocks, { ...type, titleFields: { ...type.titleFields, title: '' } }, undefined, own);
  const kept: UnplacedLine[] = [...header.leftOver];
  for (const [key, value] of Object.entries(header.fields)) {
    if (isEmptyFieldValue(fields[key])) {
      fields[key] = value;
      report.entries.push(
        ...own.entries
          .filter((entry) => entry.field === key)
          .map((entry) => ({ ...entry, message: `${entry.message.slice(0, -1)} i sidhuvudet.` })),
      );
    }
  }
  for (const block of header.unplaced)
    kept.push({ runs: [{ text: sourceText(block) }], why: 'den stod i sidhuvudet och motsvarar inget fält i mallen' });
  return kept;
}
