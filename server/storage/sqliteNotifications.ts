/** Notifications and e-mail settings in the SQLite file (issue 19). */
import type { SqliteDatabase } from './sqlite';
import type { MailMode, NotificationRecord, NotificationStore } from '../notifications/notificationStore';
import { notificationFromRow, type NotificationRow } from './rows';

export function sqliteNotificationStore(db: SqliteDatabase): NotificationStore {
  const q = {
    add: db.prepare(
      `INSERT OR IGNORE INTO notification (id, user_id, kind, document_id, thread_id, actor_id, actor_name, text, created_at, read_at, mailed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    list: db.prepare<[string, number], NotificationRow>(
      'SELECT * FROM notification WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    unread: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notification WHERE user_id = ? AND read_at IS NULL'),
    readAll: db.prepare('UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL'),
    readOne: db.prepare('UPDATE notification SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL'),
    unmailed: db.prepare<[number], NotificationRow>(
      'SELECT * FROM notification WHERE mailed_at IS NULL AND read_at IS NULL ORDER BY created_at, id LIMIT ?',
    ),
    mailed: db.prepare('UPDATE notification SET mailed_at = ? WHERE id = ?'),
    lastMailed: db.prepare<[string], { at: string | null }>('SELECT MAX(mailed_at) AS at FROM notification WHERE user_id = ?'),
    mode: db.prepare<[string], { mail: string }>('SELECT mail FROM notification_setting WHERE user_id = ?'),
    setMode: db.prepare(
      'INSERT INTO notification_setting (user_id, mail) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET mail = excluded.mail',
    ),
  };
  const addAll = db.transaction((records: readonly NotificationRecord[]) => {
    for (const r of records)
      q.add.run(r.id, r.userId, r.kind, r.documentId, r.threadId, r.actorId, r.actorName, r.text, r.createdAt, r.readAt, r.mailedAt);
  });
  const readSome = db.transaction((userId: string, ids: readonly string[], at: string) =>
    ids.reduce((n, id) => n + q.readOne.run(at, userId, id).changes, 0),
  );
  const mailAll = db.transaction((ids: readonly string[], at: string) => {
    for (const id of ids) q.mailed.run(at, id);
  });
  return {
    async add(records) {
      addAll(records);
    },
    async list(userId, limit) {
      return q.list.all(userId, limit).map(notificationFromRow);
    },
    async unreadCount(userId) {
      return q.unread.get(userId)?.n ?? 0;
    },
    async markRead(userId, ids, at) {
      return ids === null ? q.readAll.run(at, userId).changes : readSome(userId, ids, at);
    },
    async unmailed(limit) {
      return q.unmailed.all(limit).map(notificationFromRow);
    },
    async markMailed(ids, at) {
      mailAll(ids, at);
    },
    async lastMailedAt(userId) {
      return q.lastMailed.get(userId)?.at ?? undefined;
    },
    async mailMode(userId) {
      return q.mode.get(userId)?.mail as MailMode | undefined;
    },
    async setMailMode(userId, mode) {
      q.setMode.run(userId, mode);
    },
  };
}
