/**
 * Export: documents into text, HTML, DOCX and PDF in the seeds' layout. For tests and tools: the
 * server imports exportDocument directly, since this index loads the docx library eagerly.
 */
export { documentLayout, splitSignatory, type DocumentLayout, type LayoutOptions, type Signatory } from '../../shared/doc/documentLayout';
export { renderDocx } from './docxExport';
export {
  EXPORT_FORMATS,
  EXPORT_MEDIA_TYPES,
  exportDocument,
  exportFilename,
  isExportFormat,
  type ExportedFile,
  type ExportFormat,
  type ExportOptions,
} from './exportDocument';
export { renderHtml } from './htmlExport';
export { convertDocxToPdf, PdfConversionError, PdfUnavailableError, type PdfOptions } from './pdfExport';
export { renderText } from './textExport';
