/** The workflow of a document, from draft to the justerat protocol. Ids are the API's. */
export const DOCUMENT_STATUSES = [
  { key: 'utkast', label: 'Utkast' },
  { key: 'granskning', label: 'Granskning' },
  { key: 'klar_for_au', label: 'Klar för arbetsutskott' },
  { key: 'behandlad', label: 'Behandlad i nämnd' },
  { key: 'justerad', label: 'Justerad' },
] as const;

export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]['key'];

export function isDocumentStatus(value: unknown): value is DocumentStatus {
  return DOCUMENT_STATUSES.some((status) => status.key === value);
}

export function statusLabel(status: DocumentStatus): string {
  return DOCUMENT_STATUSES.find((entry) => entry.key === status)!.label;
}

/** A justerad document is part of the protocol: nobody may change it. */
export function isLockedStatus(status: DocumentStatus): boolean {
  return status === 'justerad';
}
