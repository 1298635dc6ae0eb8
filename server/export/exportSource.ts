/**
 * An export of a document or a version that may be large: a view read on the event loop is
 * exported there (exportDocument.ts), a large document's bytes go to a worker, which reads,
 * lays out and renders them (server/work/tasks.ts). A PDF's conversion stays here, in its queue.
 */
import type { AnnouncedBilaga } from '../../shared/model';
import { stateBytes } from '../work/documentStates';
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
  if ('view' in source) return exportDocument(source.view, bilagor, format, options);
  if (!pool) throw new Error('a large document is exported in a worker, and no worker pool was given');
  const { letterhead, suggestions, authorNames, ...pdfOptions } = options;
  const rendered = await pool.run(
    'exportFile',
    { source: source.large, bilagor: [...bilagor], format, options: { letterhead, suggestions, authorNames } },
    stateBytes(source.large.state),
  );
  // A worker's Buffer arrives as a plain Uint8Array (its bytes moved, not copied).
  const body = Buffer.from(rendered.body.buffer, rendered.body.byteOffset, rendered.body.byteLength);
  return finishExport({ ...rendered, body }, format, pdfOptions);
}
