/**
 * Text the created document would otherwise not carry is kept, never dropped: it goes at the end
 * of the template's last section under a heading "Ej placerad text", from where the official moves
 * it, and the report names each line.
 *
 * That is a header line that fits no field of the template (a telephone number, a page number, a
 * second date), and the closing lines announcing a särskilt yttrande or a reservation. The
 * importer reads those as announced bilagor (ParsedDocument.announcedBilagor), whose closing lines
 * Yttra generates once the bilagor exist. A caller that creates those bilagor (the demo) needs
 * nothing more; a caller that cannot (an import by an official: the members write their own
 * bilagor) keeps the lines with keepClosingLinesAsText, or they would vanish from the document.
 */
import { blockText, mergeRuns, runsText, type Block, type InlineRun } from '../../shared/doc/blocks';
import { templates, type DocumentType } from '../../shared/model';
import { quote, type ImportReportEntry } from './importReport';
import type { ParsedDocument } from './parseDocument';

export const UNPLACED_HEADING = 'Ej placerad text';
const UNPLACED_NOTE = 'Texten nedan kunde inte placeras vid importen. Flytta den dit den hör hemma och ta sedan bort rubriken.';

/** A line the importer could not place, and why (a clause: "den motsvarar inget fält i mallen"). */
export interface UnplacedLine {
  runs: InlineRun[];
  why: string;
}

/**
 * The sections with the lines added under "Ej placerad text" at the end of the type's last
 * section (after the heading already there, if an earlier step made it), and the report entries
 * naming each line in full.
 */
export function withUnplacedText(
  sections: Record<string, Block[]>,
  type: DocumentType,
  lines: readonly UnplacedLine[],
): { sections: Record<string, Block[]>; entries: ImportReportEntry[] } {
  const last = type.sections.at(-1);
  if (!last || lines.length === 0) return { sections, entries: [] };
  const content = sections[last.key] ?? [];
  const hasHeading = content.some((block) => block.kind === 'heading' && blockText(block) === UNPLACED_HEADING);
  const kept: Block[] = [
    ...(hasHeading
      ? []
      : [
          { kind: 'heading', level: 3, runs: [{ text: UNPLACED_HEADING }] } satisfies Block,
          { kind: 'paragraph', runs: [{ text: UNPLACED_NOTE, italic: true }] } satisfies Block,
        ]),
    ...lines.map((line): Block => ({ kind: 'paragraph', runs: mergeRuns(line.runs) })),
  ];
  const entries = lines.map((line) => ({
    kind: 'unplaced' as const,
    section: last.key,
    message:
      `Raden ${quote(runsText(line.runs), 400)} kunde inte placeras: ${line.why}. ` +
      `Den ligger under "${UNPLACED_HEADING}" sist i avsnittet ${last.title}.`,
  }));
  return { sections: { ...sections, [last.key]: [...content, ...kept] }, entries };
}

/** The parsed document with its closing lines kept as text in its last section and named in the report. */
export function keepClosingLinesAsText(parsed: ParsedDocument): ParsedDocument {
  const type = templates.documentType(parsed.template, parsed.type);
  if (parsed.closingLines.length === 0 || !type) return parsed;
  const { sections, entries } = withUnplacedText(
    parsed.sections,
    type,
    parsed.closingLines.map((runs) => ({
      runs,
      why: 'den aviserar en bilaga som importen inte skapar (ledamöterna skriver den); när bilagan finns skriver Yttra raden själv',
    })),
  );
  return { ...parsed, sections, report: { ...parsed.report, entries: [...parsed.report.entries, ...entries] } };
}
