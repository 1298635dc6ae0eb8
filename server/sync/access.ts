/**
 * What a connection may do in a room. Decided at the upgrade, before any byte of the room is
 * sent; enforced on every frame.
 *   write   – change the body and header fields (owner, editor)
 *   suggest – write comments, and change the body only as suggestions of their own: marked
 *             insertions and deletions (server/sync/guards/suggestionGuard.ts) (suggester)
 *   comment – write comments in the review doc, read the body (commenter)
 *   read    – SyncStep1 and its own awareness, nothing else (reader)
 */
export type Access = 'write' | 'suggest' | 'comment' | 'read';

/** Who is on the other end of a socket. Presence shows exactly this, whatever the client claims. */
export interface SyncPrincipal {
  userId: string;
  name: string;
  party?: string;
  access: Access;
  /** The identity was checked (signed in); presence is then forced to it. */
  verified: boolean;
}
