/**
 * Text the created document would otherwise not carry is kept, never dropped: it goes at the end
 * of the template's last section under a heading "Ej placerad text", from where the official moves
 * it, and the report names each line. Today that is the closing lines announcing a särskilt
 * yttrande or a reservation: the importer reads them as announced bilagor, but an imported
 * document has no bilagor yet (the members write them), so the lines would vanish from it.
 */
import { blockText, mergeRuns, type Block } from '../../shared/doc/blocks';
import { parseClosingLine, type DocumentType } from '../../shared/model';
import { quote, type ReportCollector } from './importReport';
import { sourceText, type SourceBlock } from './sourceBlocks';

export const UNPLACED_HEADING = 'Ej placerad text';
const UNPLACED_NOTE = 'Texten nedan kunde inte placeras vid importen. Flytta den dit den hör hemma och ta sedan bort rubriken.';

/** The closing lines among the body's blocks: the ones the body mapping turned into announced bilagor. */
export function closingLineBlocks(blocks: readonly SourceBlock[]): SourceBlock[] {
  return blocks.filter((block) => block.kind === 'paragraph' && parseClosingLine(sourceText(block)) !== undefined);
}

export function keepUnplacedText(
  sections: Record<string, Block[]>,
  type: DocumentType,
  blocks: readonly SourceBlock[],
  report: ReportCollector,
): void {
  const last = type.sections.at(-1);
  if (!last || blocks.length === 0) return;
  const target = sections[last.key] ?? (sections[last.key] = []);
  target.push({ kind: 'heading', level: 3, runs: [{ text: UNPLACED_HEADING }] });
  target.push({ kind: 'paragraph', runs: [{ text: UNPLACED_NOTE, italic: true }] });
  for (const block of blocks) {
    const runs = block.kind === 'paragraph' ? mergeRuns(block.runs) : [{ text: sourceText(block) }];
    target.push({ kind: 'paragraph', runs });
    const text = sourceText(block);
    const why = parseClosingLine(text)
      ? 'aviserar en bilaga som inte skapas vid importen (ledamöterna skriver den); när bilagan finns skriver Yttra raden själv'
      : 'kunde inte placeras i något avsnitt';
    report.add('unplaced', `Raden ${quote(text, 400)} ${why}. Den ligger under "${UNPLACED_HEADING}" sist i avsnittet ${last.title}.`, {
      section: last.key,
    });
  }
}

/**
 * The sections without the kept closing lines, for a caller that creates the announced bilagor
 * itself (the demo): their closing lines are then generated, and the kept copy would repeat them.
 */
export function withoutKeptClosingLines(sections: Record<string, Block[]>, type: DocumentType): Record<string, Block[]> {
  const last = type.sections.at(-1);
  const blocks = last ? sections[last.key] : undefined;
  if (!last || !blocks) return sections;
  const start = blocks.findIndex((block) => block.kind === 'heading' && blockText(block) === UNPLACED_HEADING);
  if (start === -1) return sections;
  const kept = blocks.slice(start + 2).filter((block) => !parseClosingLine(blockText(block)));
  const rest = kept.length ? [...blocks.slice(0, start + 2), ...kept] : blocks.slice(0, start);
  return { ...sections, [last.key]: rest };
}
