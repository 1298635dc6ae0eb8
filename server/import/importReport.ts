/**
 * What the importer did with a file, in Swedish, so the official can check the result before
 * (dry run) or after the document is created: the type and why, each header field, where each
 * heading went, what could not be placed and which required sections are still empty.
 */
import type { DocumentTypeKey } from '../../shared/model';

export type ImportReportKind =
  | 'type'
  | 'field'
  | 'section'
  | 'subheading'
  | 'unplaced'
  | 'joined'
  | 'signature'
  | 'bilaga'
  | 'emptySection'
  | 'warning';

export interface ImportReportEntry {
  kind: ImportReportKind;
  message: string;
  field?: string;
  section?: string;
}

export interface ImportReport {
  type: { key: DocumentTypeKey; label: string; reason: string };
  entries: ImportReportEntry[];
}

/** Collects entries while the importer works; the order is the order things were found. */
export class ReportCollector {
  readonly entries: ImportReportEntry[] = [];

  add(kind: ImportReportKind, message: string, about: { field?: string; section?: string } = {}): void {
    this.entries.push({ kind, message, ...about });
  }
}

/** Long texts are cut so that the report stays readable. */
export function quote(text: string, max = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}
