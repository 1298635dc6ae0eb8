/**
 * Text the created document would otherwise not carry is kept, never dropped: it goes at the end
 * of the template's last section under a heading "Ej placerad text", from where the official moves
 * it, and the report names each line.
 *
 * Today that is the closing lines announcing a särskilt yttrande or a reservation. The importer
 * reads them as announced bilagor (ParsedDocument.announcedBilagor), whose closing lines Yttra
 * generates once the bilagor exist. A caller that creates those bilagor (the demo) needs nothing
 * more; a caller that cannot (an import by an official: the members write their own bilagor)
 * keeps the lines with keepClosingLinesAsText, or they would vanish from the document.
 */
import { mergeRuns, type Block } from '../../shared/doc/blocks';
import { documentType } from '../../shared/model';
import { quote } from './importReport';
import type { ParsedDocument } from './parseDocument';

export const UNPLACED_HEADING = 'Ej placerad text';
const UNPLACED_NOTE = 'Texten nedan kunde inte placeras vid importen. Flytta den dit den hör hemma och ta sedan bort rubriken.';

/** The parsed document with its closing lines kept as text in its last section and named in the report. */
export function keepClosingLinesAsText(parsed: ParsedDocument): ParsedDocument {
  const last = documentType(parsed.type).sections.at(-1);
  if (!last || parsed.closingLines.length === 0) return parsed;
  const kept: Block[] = [
    { kind: 'heading', level: 3, runs: [{ text: UNPLACED_HEADING }] },
    { kind: 'paragraph', runs: [{ text: UNPLACED_NOTE, italic: true }] },
    ...parsed.closingLines.map((runs): Block => ({ kind: 'paragraph', runs: mergeRuns(runs) })),
  ];
  const entries = parsed.closingLines.map((runs) => ({
    kind: 'unplaced' as const,
    section: last.key,
    message:
      `Raden ${quote(runs.map((run) => run.text).join(''), 400)} aviserar en bilaga som importen inte skapar (ledamöterna skriver den); ` +
      `den ligger under "${UNPLACED_HEADING}" sist i avsnittet ${last.title}. När bilagan finns skriver Yttra raden själv.`,
  }));
  return {
    ...parsed,
    sections: { ...parsed.sections, [last.key]: [...(parsed.sections[last.key] ?? []), ...kept] },
    report: { ...parsed.report, entries: [...parsed.report.entries, ...entries] },
  };
}
