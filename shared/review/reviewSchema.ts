/**
 * The review doc's schema: the keys of a thread and of a comment and what each holds, exactly as
 * reviewDoc.ts writes them. The server refuses any item that does not fit before it reaches the
 * document (server/sync/guards/reviewGuard.ts adds who may write which key, and when); the
 * client reads with the same checks and skips what does not fit, so one bad thread never takes
 * the panel down.
 */
import {
  isBoolean,
  isRecord,
  isRelativePositionJson,
  isText,
  isTimestamp,
  nullable,
  type DocSchema,
  type MapSchema,
  type ValueCheck,
} from '../protocol/ySchema';

export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_QUOTE_LENGTH = 2_000;
const MAX_ID_LENGTH = 100;

/** The review doc's one root: threads by id. */
export const THREADS = 'threads';
const MAX_NAME_LENGTH = 200;

export const isReviewId: ValueCheck = (value) => typeof value === 'string' && value.length > 0 && isText(MAX_ID_LENGTH)(value);

export const isAnchor = isRecord({ start: isRelativePositionJson, end: isRelativePositionJson });

/** At most this many people mentioned in one comment. */
export const MAX_MENTIONS = 20;

/** One @mention (issue 19): the mentioned person's id and their name as written after the @. */
export interface Mention {
  userId: string;
  name: string;
}

const isMention = isRecord({ userId: isText(MAX_ID_LENGTH), name: isText(MAX_NAME_LENGTH) });

/**
 * A comment's mentions: a plain list written with the comment. Optional, so comments from before
 * mentions read as they did; who is notified is the server's decision (only people with access).
 */
export const isMentionList: ValueCheck = (value) =>
  Array.isArray(value) && value.length <= MAX_MENTIONS && value.every((entry) => isMention(entry));

/** Each key of a comment and what it holds. */
export const COMMENT_VALUES: Record<string, ValueCheck> = {
  id: isReviewId,
  authorId: isText(MAX_ID_LENGTH),
  authorName: isText(MAX_NAME_LENGTH),
  createdAt: isTimestamp,
  body: isText(MAX_COMMENT_LENGTH),
  editedAt: nullable(isTimestamp),
  deleted: isBoolean,
  mentions: isMentionList,
};

/** Each plain key of a thread and what it holds (its comments are a Y.Array of comment maps). */
export const THREAD_VALUES: Record<string, ValueCheck> = {
  id: isReviewId,
  sectionKey: isText(MAX_ID_LENGTH),
  quote: isText(MAX_QUOTE_LENGTH),
  anchor: isAnchor,
  authorId: isText(MAX_ID_LENGTH),
  authorName: isText(MAX_NAME_LENGTH),
  createdAt: isTimestamp,
  resolved: isBoolean,
  resolvedBy: nullable(isText(MAX_NAME_LENGTH)),
  resolvedAt: nullable(isTimestamp),
};

const plain = (checks: Record<string, ValueCheck>) => Object.fromEntries(Object.entries(checks).map(([key, value]) => [key, { value }]));

export const commentSchema: MapSchema = { kind: 'map', keys: plain(COMMENT_VALUES) };

export const threadSchema: MapSchema = {
  kind: 'map',
  keys: { ...plain(THREAD_VALUES), comments: { type: { kind: 'array', items: { type: commentSchema } } } },
};

export const reviewDocSchema: DocSchema = {
  [THREADS]: { kind: 'map', keys: {}, otherKeys: { key: (key) => isReviewId(key), value: { type: threadSchema } } },
};
