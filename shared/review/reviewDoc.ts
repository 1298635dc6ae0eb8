/**
 * Review comments live in a second Y.Doc per document (room `<id>:review`), so a commenter can
 * write comments while the body stays read-only to them. Layout:
 *   threads (Y.Map, by thread id) → Y.Map {
 *     id, sectionKey, quote, anchor: { start, end } (Y.RelativePosition JSON into the body),
 *     authorId, authorName, createdAt,           — set once, by the author
 *     resolved, resolvedBy, resolvedAt,          — anyone who may comment
 *     comments: Y.Array<Y.Map { id, authorId, authorName, createdAt, body, editedAt, deleted, mentions? }>
 *   }
 * Anchors are Yjs relative positions, so they move with concurrent edits; a thread whose text
 * was deleted is kept and shown as detached. The server's review guard enforces who may write what.
 */
import * as Y from 'yjs';
import { COMMENT_VALUES, THREADS, THREAD_VALUES, type Mention } from './reviewSchema';

export { THREADS } from './reviewSchema';

/** Keys set when a thread or comment is created, never changed afterwards. */
export const THREAD_CREATION_KEYS = ['id', 'sectionKey', 'quote', 'anchor', 'authorId', 'authorName', 'createdAt', 'comments'] as const;
export const THREAD_STATE_KEYS = ['resolved', 'resolvedBy', 'resolvedAt'] as const;
export const COMMENT_CREATION_KEYS = ['id', 'authorId', 'authorName', 'createdAt'] as const;
/** Keys of a comment its author may change later. */
export const COMMENT_EDIT_KEYS = ['body', 'editedAt', 'deleted'] as const;

export interface Author {
  id: string;
  name: string;
}

export interface Anchor {
  start: unknown;
  end: unknown;
}

export interface CommentView {
  id: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  body: string;
  editedAt: string | null;
  deleted: boolean;
  /** The people mentioned with @ (none in comments from before mentions). */
  mentions: Mention[];
}

export interface ThreadView {
  id: string;
  sectionKey: string;
  quote: string;
  anchor: Anchor;
  authorId: string;
  authorName: string;
  createdAt: string;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  comments: CommentView[];
}

export function threadsMap(review: Y.Doc): Y.Map<Y.Map<unknown>> {
  return review.getMap(THREADS);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Yjs type (XmlText, Text) can hold an anchor
export function anchorFor(startType: Y.AbstractType<any>, startIndex: number, endType: Y.AbstractType<any>, endIndex: number): Anchor {
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(startType, startIndex)),
    // The end sticks to the character before it, so text typed right after the range stays outside.
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(endType, endIndex, -1)),
  };
}

function commentMap(author: Author, id: string, body: string, now: string, mentions?: readonly Mention[]): Y.Map<unknown> {
  const comment = new Y.Map<unknown>();
  comment.set('id', id);
  comment.set('authorId', author.id);
  comment.set('authorName', author.name);
  comment.set('createdAt', now);
  comment.set('body', body);
  comment.set('editedAt', null);
  comment.set('deleted', false);
  // Written with the comment only: the guard refuses mentions added or changed later.
  if (mentions && mentions.length > 0)
    comment.set(
      'mentions',
      mentions.map(({ userId, name }) => ({ userId, name })),
    );
  return comment;
}

export function createThread(
  review: Y.Doc,
  input: {
    id: string;
    commentId: string;
    sectionKey: string;
    quote: string;
    anchor: Anchor;
    author: Author;
    body: string;
    now: string;
    mentions?: readonly Mention[];
  },
): void {
  review.transact(() => {
    const thread = new Y.Map<unknown>();
    thread.set('id', input.id);
    thread.set('sectionKey', input.sectionKey);
    thread.set('quote', input.quote);
    thread.set('anchor', input.anchor);
    thread.set('authorId', input.author.id);
    thread.set('authorName', input.author.name);
    thread.set('createdAt', input.now);
    thread.set('resolved', false);
    thread.set('resolvedBy', null);
    thread.set('resolvedAt', null);
    const comments = new Y.Array<Y.Map<unknown>>();
    comments.push([commentMap(input.author, input.commentId, input.body, input.now, input.mentions)]);
    thread.set('comments', comments);
    threadsMap(review).set(input.id, thread);
  });
}

function thread(review: Y.Doc, threadId: string): Y.Map<unknown> {
  const found = threadsMap(review).get(threadId);
  if (!found) throw new Error(`no thread ${threadId}`);
  return found;
}

function comment(review: Y.Doc, threadId: string, commentId: string): Y.Map<unknown> {
  const comments = thread(review, threadId).get('comments') as Y.Array<Y.Map<unknown>>;
  const found = comments.toArray().find((entry) => entry.get('id') === commentId);
  if (!found) throw new Error(`no comment ${commentId}`);
  return found;
}

export function addReply(
  review: Y.Doc,
  threadId: string,
  input: { id: string; author: Author; body: string; now: string; mentions?: readonly Mention[] },
): void {
  const comments = thread(review, threadId).get('comments') as Y.Array<Y.Map<unknown>>;
  comments.push([commentMap(input.author, input.id, input.body, input.now, input.mentions)]);
}

export function editComment(review: Y.Doc, threadId: string, commentId: string, body: string, now: string): void {
  const target = comment(review, threadId, commentId);
  review.transact(() => {
    target.set('body', body);
    target.set('editedAt', now);
  });
}

/** Deleting keeps the comment's place in the thread, so replies still make sense. */
export function deleteComment(review: Y.Doc, threadId: string, commentId: string, now: string): void {
  const target = comment(review, threadId, commentId);
  review.transact(() => {
    target.set('body', '');
    target.set('deleted', true);
    target.set('editedAt', now);
  });
}

export function setResolved(review: Y.Doc, threadId: string, resolved: boolean, by: Author, now: string): void {
  const target = thread(review, threadId);
  review.transact(() => {
    target.set('resolved', resolved);
    target.set('resolvedBy', resolved ? by.name : null);
    target.set('resolvedAt', resolved ? now : null);
  });
}

/** The value under `key` if it fits the review schema, else `fallback`. */
function valid<T>(map: Y.Map<unknown>, checks: Record<string, (value: unknown) => boolean>, key: string, fallback: T): T {
  const value = map.get(key);
  return checks[key]!(value) ? (value as T) : fallback;
}

function readComment(entry: unknown): CommentView | null {
  if (!(entry instanceof Y.Map)) return null;
  const id = valid<string | null>(entry, COMMENT_VALUES, 'id', null);
  if (id === null) return null;
  const deleted = valid(entry, COMMENT_VALUES, 'deleted', false);
  return {
    id,
    authorId: valid(entry, COMMENT_VALUES, 'authorId', ''),
    authorName: valid(entry, COMMENT_VALUES, 'authorName', 'Okänd'),
    createdAt: valid(entry, COMMENT_VALUES, 'createdAt', ''),
    body: deleted ? '' : valid(entry, COMMENT_VALUES, 'body', ''),
    editedAt: valid<string | null>(entry, COMMENT_VALUES, 'editedAt', null),
    deleted,
    mentions: deleted ? [] : valid<Mention[]>(entry, COMMENT_VALUES, 'mentions', []),
  };
}

/**
 * Every thread, oldest first. Reading is defensive: an entry that is not a thread, or a value
 * of the wrong type, is skipped or shown as unknown, so one bad entry never hides the others.
 */
export function readThreads(review: Y.Doc): ThreadView[] {
  const threads: ThreadView[] = [];
  for (const entry of threadsMap(review).values() as IterableIterator<unknown>) {
    if (!(entry instanceof Y.Map)) continue;
    const id = valid<string | null>(entry, THREAD_VALUES, 'id', null);
    const anchor = valid<Anchor | null>(entry, THREAD_VALUES, 'anchor', null);
    if (id === null || anchor === null) continue;
    const comments = entry.get('comments');
    const resolved = valid(entry, THREAD_VALUES, 'resolved', false);
    threads.push({
      id,
      sectionKey: valid(entry, THREAD_VALUES, 'sectionKey', ''),
      quote: valid(entry, THREAD_VALUES, 'quote', ''),
      anchor,
      authorId: valid(entry, THREAD_VALUES, 'authorId', ''),
      authorName: valid(entry, THREAD_VALUES, 'authorName', 'Okänd'),
      createdAt: valid(entry, THREAD_VALUES, 'createdAt', ''),
      resolved,
      resolvedBy: resolved ? valid<string | null>(entry, THREAD_VALUES, 'resolvedBy', null) : null,
      resolvedAt: resolved ? valid<string | null>(entry, THREAD_VALUES, 'resolvedAt', null) : null,
      comments: comments instanceof Y.Array ? comments.toArray().flatMap((comment) => readComment(comment) ?? []) : [],
    });
  }
  return threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export interface ResolvedAnchor {
  start: Y.AbsolutePosition;
  end: Y.AbsolutePosition;
}

/**
 * Where an anchor points in the body now, or null when its text is gone (the thread is then
 * shown as detached, never dropped).
 */
export function resolveAnchor(body: Y.Doc, anchor: Anchor): ResolvedAnchor | null {
  try {
    const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.start), body);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.end), body);
    if (!start || !end) return null;
    if (start.type === end.type && end.index <= start.index) return null;
    return { start, end };
  } catch {
    return null;
  }
}
