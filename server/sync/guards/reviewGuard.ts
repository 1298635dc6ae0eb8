/**
 * Decides whether an update may reach a document's review doc (shared/review/reviewDoc.ts).
 * Every item must fit the review schema (shared/review/reviewSchema.ts: keys and value types);
 * on top of that: anyone who may comment can start threads, reply, resolve and reopen, but only
 * while the document is not justerad; only a comment's author can edit or delete it; authorship
 * and the resolver are the signed-in user, never what the client claims; every date is the
 * server's clock (within a small tolerance for the time a frame takes); and nothing is ever
 * removed (threads and comments are kept, deleted comments are only marked). Like the body guard,
 * it judges the update (one walk over its placements, updateWalk.ts) before it touches the document.
 */
import type * as Y from 'yjs';
import { COMMENT_CREATION_KEYS, COMMENT_EDIT_KEYS, THREAD_CREATION_KEYS, THREAD_STATE_KEYS } from '../../../shared/review/reviewDoc';
import { reviewDocSchema } from '../../../shared/review/reviewSchema';
import { isTimestampNear } from '../../../shared/protocol/ySchema';
import type { SyncPrincipal } from '../access';
import type { Verdict } from './bodyGuard';
import { SchemaChecker } from './schemaCheck';
import { walkUpdate, type Placed, type SharedTypeRef } from './updateWalk';

/** How far a comment's dates may be from the server's clock (a frame's way, a slow machine). */
export const REVIEW_CLOCK_TOLERANCE_MS = 2 * 60 * 1000;

export interface ReviewContext {
  /** The document is justerad: its comments are part of the record and closed. */
  locked: boolean;
  /** The server's clock, ms since the epoch. */
  now: number;
}

/**
 * A refused change stays in the client's replica, and every later change of that client builds
 * on it, so the connection is closed: the client must reload the comments before going on.
 */
function refuse(message: string): Verdict {
  return { accepted: false, code: 'forbidden', message, closeConnection: true };
}

const includes = (keys: readonly string[], key: string | null) => key !== null && keys.includes(key);

/** What a type is in the review layout, from its place. */
type Role = 'threads' | 'thread' | 'comments' | 'comment' | 'other';

function roleOf(ref: SharedTypeRef): Role {
  if (!ref.parent) return 'threads';
  if (!ref.parent.parent) return 'thread';
  if (roleOf(ref.parent) === 'thread') return ref.key === 'comments' ? 'comments' : 'other';
  return roleOf(ref.parent) === 'comments' ? 'comment' : 'other';
}

class ReviewRules {
  private readonly isNow: (value: unknown) => boolean;

  constructor(
    private readonly threads: Y.Map<unknown>,
    private readonly principal: SyncPrincipal,
    now: number,
  ) {
    this.isNow = isTimestampNear(now, REVIEW_CLOCK_TOLERANCE_MS);
  }

  /** A new value under `key` of a thread or comment, created now or changed later. */
  insertProblem({ item, parent, key }: Placed): string | null {
    const role = roleOf(parent);
    const value = item.content.getContent()[0];
    if (role === 'threads') return key !== null && this.threads.has(key) ? 'Tråden finns redan.' : null;
    if (role === 'comments') return null;
    if (role === 'thread' && parent.isNew) return this.creationProblem(key, value) ?? this.stateProblem(key, value);
    if (role === 'thread') {
      if (includes(THREAD_STATE_KEYS, key)) return this.stateProblem(key, value);
      return 'En tråds förankring och upphovsperson kan inte ändras.';
    }
    if (role === 'comment' && parent.isNew) return this.creationProblem(key, value) ?? this.editedProblem(key, value);
    if (role === 'comment') {
      if (includes(COMMENT_CREATION_KEYS, key)) return 'En kommentars upphovsperson kan inte ändras.';
      // Who was mentioned is decided when the comment is written (and notified then).
      if (key === 'mentions') return 'Vilka som nämns i en kommentar kan inte ändras i efterhand.';
      return this.ownCommentProblem(parent) ?? this.editedProblem(key, value);
    }
    return 'Ändringen hör inte hemma bland kommentarerna.';
  }

  /** A value the update would delete (an overwritten key: nothing else may go). */
  deletionProblem({ parent, key }: Placed): string | null {
    const role = roleOf(parent);
    if (role === 'thread' && includes(THREAD_STATE_KEYS, key)) return null;
    if (role === 'comment' && includes(COMMENT_EDIT_KEYS, key)) return this.ownCommentProblem(parent);
    return 'Trådar och kommentarer tas inte bort; markera dem som lösta i stället.';
  }

  private creationProblem(key: string | null, value: unknown): string | null {
    if (key === 'authorId' && value !== this.principal.userId) return 'Du kan bara skriva kommentarer i ditt eget namn.';
    if (key === 'authorName' && value !== this.principal.name) return 'Du kan bara skriva kommentarer i ditt eget namn.';
    if (key === 'createdAt' && !this.isNow(value))
      return 'Kommentarens tid stämmer inte med serverns klocka. Kontrollera datorns klocka och ladda om sidan.';
    return null;
  }

  /** resolved / resolvedBy / resolvedAt: the resolver is the signed-in user, the time now. */
  private stateProblem(key: string | null, value: unknown): string | null {
    if (key === 'resolvedBy' && value !== null && value !== this.principal.name) return 'Du kan bara lösa trådar i ditt eget namn.';
    if (key === 'resolvedAt' && value !== null && !this.isNow(value))
      return 'Tiden stämmer inte med serverns klocka. Kontrollera datorns klocka och ladda om sidan.';
    return null;
  }

  private editedProblem(key: string | null, value: unknown): string | null {
    if (key === 'editedAt' && value !== null && !this.isNow(value))
      return 'Tiden stämmer inte med serverns klocka. Kontrollera datorns klocka och ladda om sidan.';
    return null;
  }

  private ownCommentProblem(comment: SharedTypeRef): string | null {
    const authorId = (comment.type as Y.Map<unknown> | null)?.get('authorId');
    return authorId === this.principal.userId ? null : 'Du kan bara ändra eller ta bort dina egna kommentarer.';
  }
}

/** Every new thread and comment carries all the keys reviewDoc.ts writes (an author above all). */
function newEntriesComplete(inserted: readonly Placed[]): boolean {
  const keysOf = new Map<Y.Item, Set<string>>();
  for (const { parent, key } of inserted) {
    if (!parent.isNew || !parent.item || key === null) continue;
    const keys = keysOf.get(parent.item) ?? new Set<string>();
    keys.add(key);
    keysOf.set(parent.item, keys);
  }
  for (const { item, parent } of inserted) {
    const role = roleOf(parent);
    if (role !== 'threads' && role !== 'comments') continue;
    const keys = keysOf.get(item);
    const required =
      role === 'threads' ? [...THREAD_CREATION_KEYS, ...THREAD_STATE_KEYS] : [...COMMENT_CREATION_KEYS, ...COMMENT_EDIT_KEYS];
    if (!keys || !required.every((key) => keys.has(key))) return false;
  }
  return true;
}

export function checkReviewUpdate(doc: Y.Doc, update: Uint8Array, principal: SyncPrincipal, context: ReviewContext): Verdict {
  const walk = walkUpdate(doc, update);
  const changes = walk.inserted.length > 0 || walk.deleted.length > 0 || walk.discarded.length > 0 || walk.unplaceable.length > 0;
  if (!changes) return { accepted: true, changesDocument: false };
  if (principal.access === 'read') {
    return { accepted: false, code: 'read_only', message: 'Du kan läsa kommentarerna men inte skriva nya.', closeConnection: false };
  }
  if (context.locked) {
    return {
      accepted: false,
      code: 'document_locked',
      message: 'Dokumentet är justerat; kommentarer kan inte längre skrivas eller lösas.',
      closeConnection: true,
    };
  }
  if (SchemaChecker.of(reviewDocSchema).check(walk)) return refuse('Ändringen hör inte hemma bland kommentarerna.');
  const rules = new ReviewRules(doc.getMap('threads'), principal, context.now);
  for (const placed of walk.inserted) {
    const problem = rules.insertProblem(placed);
    if (problem) return refuse(problem);
  }
  for (const placed of walk.deleted) {
    const problem = rules.deletionProblem(placed);
    if (problem) return refuse(problem);
  }
  if (!newEntriesComplete(walk.inserted)) return refuse('En ny tråd eller kommentar saknar uppgifter (upphovsperson, tid eller text).');
  return { accepted: true, changesDocument: true };
}
