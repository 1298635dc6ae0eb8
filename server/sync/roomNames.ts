/**
 * Room names. A document has two rooms: its body (`doc:<id>`) and its review comments
 * (`doc:<id>:review`), so that a commenter may write comments while the body stays read-only.
 * Clients name the room in the URL: /sync/<id> or /sync/<id>:review.
 */
const DOCUMENT_ID = /^[\w-]{1,64}$/;

export type RoomKind = 'body' | 'review';

export interface RoomAddress {
  documentId: string;
  kind: RoomKind;
  /** The storage and registry name. */
  name: string;
}

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID.test(value);
}

export function bodyRoom(documentId: string): string {
  return `doc:${documentId}`;
}

export function reviewRoom(documentId: string): string {
  return `doc:${documentId}:review`;
}

/** The address of a storage and registry name (`doc:<id>`, `doc:<id>:review`); null if it names no room. */
export function parseRoomName(name: string): RoomAddress | null {
  const [prefix, documentId, suffix, ...rest] = name.split(':');
  if (prefix !== 'doc' || !documentId || !isDocumentId(documentId) || rest.length > 0) return null;
  if (suffix === undefined) return { documentId, kind: 'body', name };
  if (suffix === 'review') return { documentId, kind: 'review', name };
  return null;
}

/** Parses the part of the URL after /sync/ (a room's name without `doc:`); null if it names no room. */
export function parseRoomPath(path: string): RoomAddress | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  return parseRoomName(`doc:${decoded}`);
}
