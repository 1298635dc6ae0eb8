/**
 * PDF export of the seed documents, in this process through the export's own entry point
 * (layout, DOCX, LibreOffice): with the warm office (one LibreOffice that stays running and
 * converts on request, server/export/warmOffice.ts), and, in the reference column, with a
 * LibreOffice started for each conversion (the way before, still the fallback). The first warm
 * export, which starts the office, is reported on its own row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { initialiseDocument, readDocument } from '../shared/doc/documentState';
import { exportDocument } from '../server/export/exportDocument';
import { PdfQueue } from '../server/export/pdfExport';
import { importText } from '../server/import';
import { readSeed, SEED_NAMES } from '../test/helpers/seeds';
import { median, quick, runIfMain, type Row } from './lib/report';

const WARM_SAMPLES = quick ? 3 : 9;
const COLD_SAMPLES = quick ? 1 : 3;

function seedView(name: (typeof SEED_NAMES)[number]) {
  const parsed = importText(readSeed(name));
  const doc = new Y.Doc();
  initialiseDocument(doc, parsed.type, parsed);
  const view = readDocument(doc);
  doc.destroy();
  return { view, bilagor: parsed.announcedBilagor };
}

export async function pdfExport(): Promise<Row[]> {
  const tempRoot = await mkdtemp(join(tmpdir(), 'yttra-bench-pdf-'));
  const queue = new PdfQueue({ tempRoot });
  // A queue of its own (its own LibreOffice profile): a LibreOffice started on the warm office's
  // profile would hand its work to that office and then tell it to quit.
  const coldQueue = new PdfQueue({ tempRoot });
  const seeds = SEED_NAMES.map(seedView);
  const timed = async (index: number, command?: string): Promise<number> => {
    const { view, bilagor } = seeds[index % seeds.length]!;
    const started = performance.now();
    const file = await exportDocument(view, bilagor, 'pdf', { queue: command ? coldQueue : queue, command });
    if (file.body.subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');
    return performance.now() - started;
  };
  try {
    const first = await timed(0);
    const warm: number[] = [];
    const cold: number[] = [];
    // Alternating, so both ways see the same moments of the machine's load.
    for (let index = 0; index < WARM_SAMPLES; index++) {
      warm.push(await timed(index));
      if (index < COLD_SAMPLES) cold.push(await timed(index, process.env.YTTRA_LIBREOFFICE ?? 'libreoffice'));
      console.error(
        `  pdf ${index}: warm ${warm.at(-1)!.toFixed(0)} ms${index < COLD_SAMPLES ? `, per-conversion LibreOffice ${cold.at(-1)!.toFixed(0)} ms` : ''}`,
      );
    }
    const scenario = 'PDF export of a seed document';
    const row: Row = {
      scenario,
      metric: `export, warm office (median of ${WARM_SAMPLES}); ref: a LibreOffice per conversion (median of ${COLD_SAMPLES})`,
      yttra: median(warm),
      reference: median(cold),
      unit: 'ms',
      target: '≤ 700 ms',
    };
    row.met = row.yttra! <= 700;
    return [
      row,
      { scenario, metric: 'export, warm office (worst)', yttra: Math.max(...warm), reference: Math.max(...cold), unit: 'ms' },
      { scenario, metric: 'first export, starting the warm office', yttra: first, reference: null, unit: 'ms' },
    ];
  } finally {
    await queue.close();
    await coldQueue.close();
    await rm(tempRoot, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, pdfExport);
