/**
 * The exporters' entry point: one document view (plus the bilagor its closing lines announce)
 * into a file in the chosen format, with the media type and the file name a download needs.
 */
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import type { AnnouncedBilaga, Letterhead } from '../../shared/model';
import { documentLayout, type DocumentLayout } from '../../shared/doc/documentLayout';
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
async function loadDocxRenderer(): Promise<(layout: DocumentLayout) => Promise<Buffer>> {
  return (await import('./docxExport')).renderDocx;
}

export interface ExportOptions extends PdfOptions {
  /** A letterhead to print instead of the one of the document's own template pack version. */
  letterhead?: Letterhead;
}

export async function exportDocument(
  view: DocumentSnapshotView,
  bilagor: readonly AnnouncedBilaga[],
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportedFile> {
  const { letterhead, ...pdfOptions } = options;
  const layout = documentLayout(view, bilagor, { letterhead });
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
      return file(await convertDocxToPdf(await (await loadDocxRenderer())(layout), pdfOptions));
  }
}
