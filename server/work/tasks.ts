/**
 * The work the server hands to its worker pool (workerPool.ts), by name. Each task takes one
 * structured-clonable input and runs in a worker thread, never on the event loop; it gets
 * bytes and plain data, never a live Y.Doc. Whatever a task returns must be what the same work
 * on the event loop returns (the callers choose by size, see documentStates.ts).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { templates, type AnnouncedBilaga, type TemplatePack } from '../../shared/model';
import { listSuggestions } from '../../shared/suggestions/resolve';
import type { ExportedFile, ExportFormat, RenderOptions } from '../export/exportDocument';
import type { VersionComparison } from '../versions/compareViews';
import { sliceState } from '../sync/slicedLoad';

export interface EncodeStateInput {
  /** The stored snapshot, if any. */
  snapshot: Uint8Array | null;
  /** The updates after it, in order. */
  updates: Uint8Array[];
}

/** A document's state as bytes: a room's stored snapshot and log, or a version's deflated state. */
export type StateSource = EncodeStateInput | { deflated: Uint8Array };

/** A document to read in a worker, and the template packs its view needs that are not built in. */
export interface DocumentSource {
  state: StateSource;
  packs: TemplatePack[];
  /** Add the open suggestions, as DocumentService.readView does for the live document. */
  withSuggestions: boolean;
}

function docOf(source: StateSource): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if ('deflated' in source) {
      Y.applyUpdate(doc, inflateRawSync(source.deflated));
      return;
    }
    if (source.snapshot) Y.applyUpdate(doc, source.snapshot);
    for (const update of source.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/**
 * The document that a snapshot and its updates make, encoded as one update: what
 * `Y.encodeStateAsUpdate` of a room's doc holding exactly those gives (deleted content collected),
 * built here so that compacting or versioning a large document does not hold the loop.
 */
export function encodeState(input: EncodeStateInput): Uint8Array {
  const doc = docOf(input);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A version's stored form of that state: encoded, then deflated (server/versions/versionService.ts). */
export function deflatedState(input: EncodeStateInput): Uint8Array {
  return deflateRawSync(encodeState(input));
}

/** The document as plain data. */
export function readView({ state, packs, withSuggestions }: DocumentSource): DocumentSnapshotView {
  learnPacks(packs);
  const doc = docOf(state);
  try {
    return withSuggestions ? { ...readDocument(doc), suggestions: listSuggestions(doc) } : readDocument(doc);
  } finally {
    doc.destroy();
  }
}

/** A document already read (with the packs its type is found in), or one to read here. */
export type ViewOrSource = { view: DocumentSnapshotView; packs?: TemplatePack[] } | { large: DocumentSource };

/** This thread's registry knows only the built-in packs; the organisation's come with the task. */
function learnPacks(packs: readonly TemplatePack[]): void {
  for (const pack of packs) if (!templates.has({ pack: pack.id, version: pack.version })) templates.add(pack);
}

function viewOf(source: ViewOrSource): DocumentSnapshotView {
  if ('large' in source) return readView(source.large);
  learnPacks(source.packs ?? []);
  return source.view;
}

export interface ExportInput {
  source: ViewOrSource;
  bilagor: AnnouncedBilaga[];
  format: ExportFormat;
  options: RenderOptions;
}

/** Read, laid out and rendered (for a PDF, its DOCX: the converter and its queue live on the main thread). */
export async function exportFile({ source, bilagor, format, options }: ExportInput): Promise<ExportedFile> {
  const { renderExport } = await import('../export/exportDocument');
  return renderExport(viewOf(source), bilagor, format, options);
}

/** Two views compared (server/versions/compareViews.ts). */
export async function compareDocuments({ from, to }: { from: ViewOrSource; to: ViewOrSource }): Promise<VersionComparison> {
  const { compareViews } = await import('../versions/compareViews');
  return compareViews(viewOf(from), viewOf(to));
}

export const tasks = {
  encodeState,
  deflatedState,
  readView,
  exportFile,
  compareDocuments,
  sliceState,
};
