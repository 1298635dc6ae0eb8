/**
 * An export of a document or a version that may be large: a large document's bytes go to a
 * worker, which reads, lays out and renders them (server/work/tasks.ts). A small one is read
 * here; its text and HTML are rendered here too, but its Word file (also a PDF's) in a worker
 * all the same: the first DOCX would otherwise load the docx library on the event loop (a
 * ~100 ms compile that holds every room) and keep its ~15 MiB in the server's heap for good.
 * A PDF's conversion stays here, in its queue.
 */
import type { AnnouncedBilaga } from '../../shared/model';
import { stateBytes, templatePacksFor } from '../work/documentStates';
import type { ViewOrSource } from '../work/tasks';
import type { WorkerPool } from '../work/workerPool';
import { exportDocument, finishExport, type ExportedFile, type ExportFormat, type ExportOptions } from './exportDocument';

export async function exportFrom(
  source: ViewOrSource,
  bilagor: readonly AnnouncedBilaga[],
  format: ExportFormat,
  options: ExportOptions,
  pool: WorkerPool | undefined,
): Promise<ExportedFile> {
  const rendersWord = format === 'docx' || format === 'pdf';
  if ('view' in source && (!pool || !rendersWord)) return exportDocument(source.view, bilagor, format, options);
  if (!pool) throw new Error('a large document is exported in a worker, and no worker pool was given');
  const { letterhead, suggestions, authorNames, ...pdfOptions } = options;
  const rendered = await pool.run(
    'exportFile',
    {
      source: 'view' in source ? { view: source.view, packs: templatePacksFor(source.view.template) } : source,
      bilagor: [...bilagor],
      format,
      options: { letterhead, suggestions, authorNames },
    },
    'large' in source ? stateBytes(source.large.state) : [],
  );
  // A worker's Buffer arrives as a plain Uint8Array (its bytes moved, not copied).
  const body = Buffer.from(rendered.body.buffer, rendered.body.byteOffset, rendered.body.byteLength);
  return finishExport({ ...rendered, body }, format, pdfOptions);
}
