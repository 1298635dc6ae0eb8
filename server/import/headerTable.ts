/**
 * A header block laid out as a table, as many Word templates do: a label and its value side by
 * side in a row ("Datum | 2024-03-14"), or a row of labels over a row of values ("Datum |
 * Diarienummer" over "2024-03-14 | KS 2024/145"). Rows that are neither stay a table, so that
 * nothing in them is lost.
 */
import { blockText, type Block, type TableCell, type TableRow } from '../../shared/doc/blocks';
import type { FieldSpec } from '../../shared/model';
import { headingKey } from './sourceBlocks';

export interface TablePair {
  spec: FieldSpec;
  label: string;
  /** The value cell's lines. */
  lines: string[];
}

type TableBlock = Extract<Block, { kind: 'table' }>;

function cellLines(cell: TableCell): string[] {
  return cell.blocks
    .flatMap((block) => blockText(block).split('\n'))
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

export function readHeaderTable(
  table: TableBlock,
  labels: ReadonlyMap<string, FieldSpec>,
): { pairs: TablePair[]; rest: TableBlock | undefined } {
  const pairs: TablePair[] = [];
  const rest: TableRow[] = [];
  const labelOf = (cell: TableCell): FieldSpec | undefined => labels.get(headingKey(cellLines(cell).join(' ')));
  for (let index = 0; index < table.rows.length; index++) {
    const row = table.rows[index]!;
    const cells = row.cells;
    const below = table.rows[index + 1]?.cells;
    // A row of labels over a row of values, cell by cell.
    if (cells.length >= 2 && cells.every((cell) => labelOf(cell)) && below?.length === cells.length) {
      cells.forEach((cell, column) => {
        const lines = cellLines(below[column]!);
        if (lines.length) pairs.push({ spec: labelOf(cell)!, label: cellLines(cell).join(' '), lines });
      });
      index++;
      continue;
    }
    // A label and its value side by side.
    const spec = cells.length === 2 ? labelOf(cells[0]!) : undefined;
    const lines = spec ? cellLines(cells[1]!) : [];
    if (spec && lines.length) pairs.push({ spec, label: cellLines(cells[0]!).join(' '), lines });
    else rest.push(row);
  }
  return { pairs, rest: rest.length ? { kind: 'table', rows: rest } : undefined };
}
