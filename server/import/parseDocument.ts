/**
 * The one mapping from source blocks (whichever front-end read the file) to a document of a
 * template: type, header fields, section content, announced bilagor and a report of what went
 * where.
 */
import { isBlankBlock, type Block, type InlineRun } from '../../shared/doc/blocks';
import {
  defaultPack,
  type AnnouncedBilaga,
  type ClosingLineWording,
  type DocumentType,
  type DocumentTypeKey,
  type FieldValue,
  type TemplatePack,
  type TemplateRef,
} from '../../shared/model';
import { mapBody } from './bodyMapping';
import { MAX_CLOSING_LINE_LINES, readClosingLine } from './closingLineReader';
import { parseHeader } from './headerFields';
import { importErrors } from './importError';
import { quote, ReportCollector, type ImportReport } from './importReport';
import { paragraphAt, splitIntoLines } from './lineStructure';
import { joinPageBreaks } from './pageBreaks';
import { readPageHeader } from './pageHeaderLines';
import { sourceText, type LineBreak, type SourceBlock } from './sourceBlocks';
import { cleanStrings, replacedCharactersNote } from './textCleaning';
import { detectDocumentType, matchSection } from './typeDetection';
import { withUnplacedText, type UnplacedLine } from './unplacedText';

export interface ParsedDocument {
  type: DocumentTypeKey;
  /** The template pack version the file was read into; the document is to be made from it. */
  template: TemplateRef;
  title: string;
  fields: Record<string, FieldValue>;
  sections: Record<string, Block[]>;
  /** Särskilda yttranden and reservationer the file's closing lines announced. */
  announcedBilagor: AnnouncedBilaga[];
  /** Those closing lines as written, for a caller that cannot create the bilagor (see unplacedText.ts). */
  closingLines: InlineRun[][];
  report: ImportReport;
  /** The Word reader's own (English) warnings, for the operators' log only; the report has them in Swedish. */
  libraryWarnings?: string[];
}

export interface ParseOptions {
  /** Notes for the report from the front-end (the Word reader's warnings, in Swedish). */
  notes?: readonly string[];
  /** What a line break inside a paragraph is: a text file's line (`wrap`) or a Word soft break (`break`). */
  lineBreaks?: LineBreak;
  /** The organisation's template pack, whose document types the file is read into; the default pack if absent. */
  pack?: TemplatePack;
  /** Lines the front-end already knows have no place (a Word file's page footer), kept under "Ej placerad text". */
  unplaced?: readonly UnplacedLine[];
  /** A Word file's page header lines, read after the document (pageHeaderLines.ts). */
  pageHeader?: readonly string[];
}

export function parseSourceBlocks(source: readonly SourceBlock[], options: ParseOptions = {}): ParsedDocument {
  const { notes = [], lineBreaks = 'wrap', pack = defaultPack(), unplaced = [], pageHeader = [] } = options;
  const types = pack.documentTypes;
  const collector = new ReportCollector();
  const cleaned = cleanStrings(source);
  const blocks = splitIntoLines(joinPageBreaks(cleaned.value, collector), lineBreaks);
  if (!blocks.some((block) => sourceText(block) !== '')) throw importErrors.noContent();

  const detection = detectDocumentType(types, blocks);
  const { type } = detection;
  const searchFrom = detection.typeLineIndex === undefined ? 0 : detection.typeLineIndex + 1;
  let bodyStart = blocks.findIndex((block, index) => index >= searchFrom && matchSection(type, block));
  if (bodyStart < 0) bodyStart = blocks.length;

  const header = parseHeader(blocks.slice(0, bodyStart), type, detection.typeLineIndex, collector);
  const bodyBlocks = [...header.unplaced, ...blocks.slice(bodyStart)];
  const body = mapBody(bodyBlocks, type, collector, pack.closingLines);
  const fields = { ...header.fields, ...body.fields };
  deriveNamndFromBeslutspunkter(type, fields, body.sections, collector);

  const filled = Object.fromEntries(
    Object.entries(body.sections).map(([key, content]) => [key, content.filter((block) => !isBlankBlock(block))]),
  );
  for (const spec of type.sections) {
    if (spec.required && filled[spec.key]!.length === 0) {
      collector.add('emptySection', `Avsnittet ${spec.title} är obligatoriskt men fick ingen text; fyll i det efter importen.`, {
        section: spec.key,
      });
    }
  }
  const titleField = fields[type.titleFields.title];
  const fromPageHeader = readPageHeader(pageHeader, {
    type,
    pack,
    title: typeof titleField === 'string' ? titleField : '',
    fields,
    report: collector,
  });
  const { sections, entries: unplacedEntries } = withUnplacedText(filled, type, [...header.leftOver, ...fromPageHeader, ...unplaced]);
  collector.entries.push(...unplacedEntries);
  for (const note of notes) collector.add('warning', note);
  if (cleaned.replaced > 0) collector.add('warning', replacedCharactersNote(cleaned.replaced));

  const titleValue = fields[type.titleFields.title];
  const title = typeof titleValue === 'string' && titleValue.trim() ? titleValue.trim() : type.label;
  if (title === type.label) collector.add('warning', `Ingen rubrik hittades; dokumentet fick titeln ${quote(title)}.`);

  return {
    type: type.key,
    template: { pack: pack.id, version: pack.version },
    title,
    fields,
    sections,
    announcedBilagor: body.bilagor,
    closingLines: closingLinesOf(bodyBlocks, pack.closingLines),
    report: {
      type: { key: type.key, label: type.label, reason: `Dokumenttypen är ${type.label} eftersom ${detection.reason}.` },
      entries: collector.entries,
    },
  };
}

/**
 * The nämnd a line opens with, if it names one. The phrase is found by a search with no leading
 * quantifier: `^(.+?)\s+föreslås` retried the whitespace run from every position, and a 100 KB
 * list item blocked the server for 8.6 seconds.
 */
function namndOf(line: string): string | undefined {
  const text = line.replace(/\s+/g, ' ').trim();
  const proposal = / föreslås besluta/i.exec(text);
  if (proposal && proposal.index > 0) return text.slice(0, proposal.index).trim();
  return /^(\S.*?nämnden) /.exec(text)?.[1]!.trim();
}

/**
 * "Arbetsmarknads- och socialnämnden föreslås besluta" names the nämnd; without that line the
 * first beslutspunkt usually starts with it ("Arbetsmarknads- och socialnämnden anser …").
 */
function deriveNamndFromBeslutspunkter(
  type: DocumentType,
  fields: Record<string, FieldValue>,
  sections: Record<string, Block[]>,
  report: ReportCollector,
): void {
  const namnd = type.fields.find((field) => field.key === 'namnd');
  const section = type.sections.find((spec) => spec.content === 'beslutspunkter');
  if (!namnd || !section || fields.namnd) return;
  for (const block of sections[section.key] ?? []) {
    const lines = block.kind === 'list' ? block.items.map((runs) => runs.map((run) => run.text).join('')) : [sourceText(block)];
    for (const line of lines) {
      const named = namndOf(line);
      if (named) {
        fields.namnd = named;
        report.add('field', `${namnd.label}: ${quote(fields.namnd)} (ur ${section.title}).`, { field: namnd.key });
        return;
      }
    }
  }
}

/** The body's closing lines, by the same rule the body mapping reads them into announced bilagor with. */
function closingLinesOf(blocks: readonly SourceBlock[], wording: ClosingLineWording): InlineRun[][] {
  const lines: InlineRun[][] = [];
  for (let index = 0; index < blocks.length; index++) {
    const paragraph = paragraphAt(blocks, index, MAX_CLOSING_LINE_LINES);
    if (!paragraph) continue;
    if (readClosingLine(paragraph.text, wording)) {
      lines.push(paragraph.runs);
      index = paragraph.next - 1;
    }
  }
  return lines;
}
