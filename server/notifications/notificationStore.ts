/**
 * What the notification store keeps (issue 19): one row per person and event, read or not, and
 * whether it has gone out by e-mail; plus each person's e-mail setting. Both backends implement
 * it (sqliteNotifications.ts, postgresNotifications.ts) and pass test/storage/contract.ts.
 */

/** What happened: a mention, a reply in one's thread, a comment or suggestion on one's document, a status change, a bilaga. */
export type NotificationKind = 'mention' | 'reply' | 'comment' | 'suggestion' | 'status' | 'bilaga';

/** How a person wants e-mail: none, one per event, or collected into one mail per window. */
export type MailMode = 'off' | 'immediate' | 'batched';

export const MAIL_MODES: readonly MailMode[] = ['off', 'immediate', 'batched'];

export interface NotificationRecord {
  id: string;
  userId: string;
  kind: NotificationKind;
  documentId: string;
  /** The comment thread it is about, when it is about one. */
  threadId: string | null;
  actorId: string | null;
  actorName: string | null;
  /** A short text shown in the list and the mail (the comment's beginning, the new status …). */
  text: string;
  createdAt: string;
  readAt: string | null;
  mailedAt: string | null;
}

export interface NotificationStore {
  add(records: readonly NotificationRecord[]): Promise<void>;
  /** The person's newest notifications first. */
  list(userId: string, limit: number): Promise<NotificationRecord[]>;
  unreadCount(userId: string): Promise<number>;
  /** Marks the given notifications of the person read (all of them when ids is null); returns how many changed. */
  markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number>;
  /** Unread notifications not yet mailed, of every person, oldest first. */
  unmailed(limit: number): Promise<NotificationRecord[]>;
  markMailed(ids: readonly string[], at: string): Promise<void>;
  /** When the person was last sent a mail (for batching), if ever. */
  lastMailedAt(userId: string): Promise<string | undefined>;
  mailMode(userId: string): Promise<MailMode | undefined>;
  setMailMode(userId: string, mode: MailMode): Promise<void>;
}
