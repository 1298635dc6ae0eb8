/**
 * The exporters' entry point: one document view (plus the bilagor its closing lines announce)
 * into a file in the chosen format, with the media type and the file name a download needs.
 */
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import type { AnnouncedBilaga, Letterhead } from '../../shared/model';
import { documentLayout, SUGGESTION_RENDERINGS, type DocumentLayout, type SuggestionRendering } from '../../shared/doc/documentLayout';
import { renderHtml } from './htmlExport';
import { convertDocxToPdf, type PdfOptions } from './pdfExport';
import { renderText } from './textExport';

export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface ExportedFile {
  body: Buffer;
  contentType: string;
  /** Without directory; may contain Swedish letters (the HTTP layer encodes it). */
  filename: string;
}

/** "ASN-2023-13451 Yttrande.pdf"; without a diarienummer, the title (shortened). */
export function exportFilename(layout: DocumentLayout, format: ExportFormat): string {
  const base = layout.diarienummer ? `${layout.diarienummer} ${layout.typeLabel}` : layout.title.slice(0, 80);
  // Control characters are already gone (documentLayout cleans every text); tab and line feed are white space here.
  const safe =
    base
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || layout.typeLabel;
  return `${safe}.${format}`;
}

/** The `docx` library costs ~15 MiB of memory; a server that never exports should not hold it. */
async function loadDocxRenderer(): Promise<(layout: DocumentLayout, options?: { authorLabels?: boolean }) => Promise<Buffer>> {
  return (await import('./docxExport')).renderDocx;
}

export { SUGGESTION_RENDERINGS, type SuggestionRendering };

export function isSuggestionRendering(value: unknown): value is SuggestionRendering {
  return typeof value === 'string' && (SUGGESTION_RENDERINGS as readonly string[]).includes(value);
}

export interface ExportOptions extends PdfOptions {
  /** A letterhead to print instead of the one of the document's own template pack version. */
  letterhead?: Letterhead;
  /**
   * Open suggestions: `accepted` (the default) exports the text as if every one were accepted;
   * `markup` shows them as changes: Word's tracked changes in DOCX (and so in the PDF made from
   * it), <ins>/<del> with the author in HTML. Plain text has no markup and is always accepted.
   */
  suggestions?: SuggestionRendering;
  /** Names of the people whose suggestions carry no name of their own, by user id. */
  authorNames?: ReadonlyMap<string, string>;
}

/** What of the options the rendering uses: the PDF conversion's settings stay with the converter. */
export type RenderOptions = Pick<ExportOptions, 'letterhead' | 'suggestions' | 'authorNames'>;

/**
 * Everything of an export but the PDF conversion: read, laid out and rendered. For a PDF the
 * body is the DOCX it is made from (finishExport converts it), under the PDF's name and type.
 * Plain data in and out, so that a large document's export runs in a worker (server/work/tasks.ts).
 */
export async function renderExport(
  view: DocumentSnapshotView,
  bilagor: readonly AnnouncedBilaga[],
  format: ExportFormat,
  options: RenderOptions = {},
): Promise<ExportedFile> {
  const { letterhead, suggestions, authorNames } = options;
  const layout = documentLayout(view, bilagor, {
    letterhead,
    suggestions: format === 'txt' ? 'accepted' : suggestions,
    authorNames,
  });
  const file = (body: Buffer): ExportedFile => ({
    body,
    contentType: EXPORT_MEDIA_TYPES[format],
    filename: exportFilename(layout, format),
  });
  switch (format) {
    case 'txt':
      return file(Buffer.from(renderText(layout), 'utf8'));
    case 'html':
      return file(Buffer.from(renderHtml(layout), 'utf8'));
    case 'docx':
      return file(await (await loadDocxRenderer())(layout));
    case 'pdf':
      // A PDF has no reviewing pane: the tracked changes show as LibreOffice marks them, each followed by its author.
      return file(await (await loadDocxRenderer())(layout, { authorLabels: suggestions === 'markup' }));
  }
}

/** A rendered export made final: a PDF's DOCX converted (in the PDF queue), any other format as it is. */
export async function finishExport(rendered: ExportedFile, format: ExportFormat, pdfOptions: PdfOptions = {}): Promise<ExportedFile> {
  return format === 'pdf' ? { ...rendered, body: await convertDocxToPdf(rendered.body, pdfOptions) } : rendered;
}

export async function exportDocument(
  view: DocumentSnapshotView,
  bilagor: readonly AnnouncedBilaga[],
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportedFile> {
  const { letterhead, suggestions, authorNames, ...pdfOptions } = options;
  return finishExport(await renderExport(view, bilagor, format, { letterhead, suggestions, authorNames }), format, pdfOptions);
}
