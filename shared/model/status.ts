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

/**
 * A step taken at or after the nämnd's meeting (to or from behandlad or justerad): the
 * nämndsekreterare's, not a drafting step a document's editors take (server/auth/namndRoles.ts).
 */
export function isMeetingStep(from: DocumentStatus, to: DocumentStatus): boolean {
  return from === 'behandlad' || from === 'justerad' || to === 'behandlad' || to === 'justerad';
}

/** A justerad document is part of the protocol: nobody may change it. */
export function isLockedStatus(status: DocumentStatus): boolean {
  return status === 'justerad';
}
