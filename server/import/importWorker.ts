/**
 * The import parse, run in a worker thread (see importRunner.ts). Only this module is the
 * worker's entry: the main thread imports it just to learn its URL, which in the built server is
 * the chunk esbuild put it in, and from source the .ts file itself.
 *
 * The worker also measures the document the file would become, so that a file which passes
 * every container limit but expands into an oversized document is refused here, before its
 * content is copied back to the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { initialiseDocument } from '../../shared/doc/documentState';
import { templates, type TemplatePack } from '../../shared/model';
import { ImportError, importErrors, type ImportProblem, type ImportStatus } from './importError';
import { importFile, type ImportLimits } from './importFile';
import type { ParsedDocument } from './parseDocument';

export const IMPORT_WORKER_URL = import.meta.url;
export const IMPORT_WORKER_ROLE = 'yttra-import';

export interface ImportJob {
  contentType: string;
  body: Uint8Array;
  /** The organisation's template pack (plain data): this thread's registry knows only the shipped ones. */
  pack?: TemplatePack;
  limits: ImportLimits;
  maxDocumentBytes: number;
}

export type ImportOutcome =
  | { ok: true; parsed: ParsedDocument; documentBytes: number }
  | { ok: false; problem: ImportProblem; status: ImportStatus; message: string }
  | { ok: false; problem?: undefined; message: string };

/** The encoded size of the document the parse would create: what the size limits measure. */
export function encodedDocumentBytes(parsed: ParsedDocument): number {
  const doc = new Y.Doc();
  try {
    initialiseDocument(doc, parsed.type, {
      title: parsed.title,
      fields: parsed.fields,
      sections: parsed.sections,
      template: parsed.template,
    });
    return Y.encodeStateAsUpdate(doc).byteLength;
  } finally {
    doc.destroy();
  }
}

export async function runImportJob(job: ImportJob): Promise<ImportOutcome> {
  try {
    const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
    if (job.pack) templates.add(job.pack);
    const parsed = await importFile({ contentType: job.contentType, body, pack: job.pack }, job.limits);
    const documentBytes = encodedDocumentBytes(parsed);
    if (documentBytes > job.maxDocumentBytes) throw importErrors.documentTooLarge(documentBytes, job.maxDocumentBytes);
    return { ok: true, parsed, documentBytes };
  } catch (error) {
    if (error instanceof ImportError)
      return { ok: false, problem: error.problem, status: error.status as ImportStatus, message: error.message };
    return { ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === IMPORT_WORKER_ROLE) {
  parentPort!.once('message', (job: ImportJob) => {
    void runImportJob(job).then((outcome) => parentPort!.postMessage(outcome));
  });
}
