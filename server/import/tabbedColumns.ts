/**
 * Lines whose parts a tab separates, as Word users lay out signatures side by side and header
 * lines ("HUDDINGE KOMMUN<tab>TJÄNSTEUTLÅTANDE<tab>1 (2)").
 */
import { runsText, type InlineRun } from '../../shared/doc/blocks';
import { splitRuns, tidyRuns } from './htmlInlineRuns';
import { isPersonName } from './signatures';
import type { SourceBlock } from './sourceBlocks';

/** The parts of a line a tab separates. */
function cells(runs: readonly InlineRun[]): InlineRun[][] {
  return splitRuns(runs, '\t')
    .map((part) => tidyRuns(part))
    .filter((part) => part.length > 0);
}

/**
 * Lines whose parts a tab separates: signatures side by side ("Åsa Berg<tab>Per Lind" over
 * "Kommundirektör<tab>Utredare") are read column by column, so that each name stays with its
 * title; any other line's parts are lines of it, as if a soft break stood between them.
 */
export function readColumns(blocks: readonly SourceBlock[]): SourceBlock[] {
  const result: SourceBlock[] = [];
  const tabbed = (block: SourceBlock | undefined): InlineRun[][] | undefined =>
    block?.kind === 'paragraph' && block.runs.some((run) => run.text.includes('\t')) ? cells(block.runs) : undefined;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const row = tabbed(block);
    if (!row) {
      result.push(block);
      continue;
    }
    if (row.length > 1 && row.every((cell) => isPersonName(runsText(cell)))) {
      const rows = [row];
      while (tabbed(blocks[index + rows.length])?.length === row.length) rows.push(tabbed(blocks[index + rows.length])!);
      if (rows.length > 1) {
        for (let column = 0; column < row.length; column++)
          for (const cellsOfRow of rows) result.push({ kind: 'paragraph', runs: cellsOfRow[column]! });
        index += rows.length - 1;
        continue;
      }
    }
    // Any other line's parts are lines of it, as a soft break makes them.
    row.forEach((cell, column) =>
      result.push(
        column === 0 && block.kind === 'paragraph' && !block.continues
          ? { kind: 'paragraph', runs: cell }
          : { kind: 'paragraph', runs: cell, continues: 'break' },
      ),
    );
  }
  return result;
}
