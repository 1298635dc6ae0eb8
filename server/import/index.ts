/** Import: files (text, Markdown, DOCX) into documents of Yttra's templates. */
export { importDocx, importFile, importText, DOCX_MEDIA_TYPE, TEXT_MEDIA_TYPES, type ImportInput } from './importFile';
export { ImportError, importErrors, MAX_IMPORT_BYTES, type ImportProblem } from './importError';
export type { ImportReport, ImportReportEntry, ImportReportKind } from './importReport';
export type { ParsedDocument } from './parseDocument';
