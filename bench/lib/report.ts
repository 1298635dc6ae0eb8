/** Percentiles, sizes and the one table every scenario prints its rows into. */
import { pathToFileURL } from 'node:url';

export interface Row {
  scenario: string;
  metric: string;
  yttra: number | null;
  reference: number | null;
  unit: string;
  /** What the issue asks of Yttra, in words, when there is a target. */
  target?: string;
  met?: boolean;
}

export const quick = process.env.BENCH_QUICK === '1';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

function show(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  if (unit === '%') return value.toFixed(value === 100 ? 0 : 3);
  if (unit === 'count') return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['scenario', 'metric', 'Yttra', 'reference', 'Yttra/ref', 'unit', 'target'];
  const lines = rows.map((row) => {
    const ratio = row.yttra !== null && row.reference ? (row.yttra / row.reference).toFixed(2) : '–';
    const target = row.target ? `${row.target} ${row.met === undefined ? '' : row.met ? 'MET' : 'MISSED'}` : '';
    return [row.scenario, row.metric, show(row.yttra, row.unit), show(row.reference, row.unit), ratio, row.unit, target.trim()];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

export const mib = (bytes: number) => bytes / (1024 * 1024);
export const kib = (bytes: number) => bytes / 1024;

/**
 * Runs a scenario when its file is started directly (`node --import tsx bench/fanOut.ts`), and
 * exits when it is done: providers and timers of a finished run must not keep the process alive.
 */
export function runIfMain(moduleUrl: string, scenario: () => Promise<Row[]>): void {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  scenario().then(
    (rows) => {
      console.log(formatTable(rows));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
