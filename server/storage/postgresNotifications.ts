/** Notifications and e-mail settings in PostgreSQL (issue 19). */
import type pg from 'pg';
import type { MailMode, NotificationStore } from '../notifications/notificationStore';
import { notificationFromRow, type NotificationRow } from './rows';

export function postgresNotificationStore(pool: pg.Pool): NotificationStore {
  return {
    async add(records) {
      for (const r of records)
        await pool.query(
          `INSERT INTO notification (id, user_id, kind, document_id, thread_id, actor_id, actor_name, text, created_at, read_at, mailed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
          [r.id, r.userId, r.kind, r.documentId, r.threadId, r.actorId, r.actorName, r.text, r.createdAt, r.readAt, r.mailedAt],
        );
    },
    async list(userId, limit) {
      const { rows } = await pool.query<NotificationRow>(
        'SELECT * FROM notification WHERE user_id = $1 ORDER BY created_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT $2',
        [userId, limit],
      );
      return rows.map(notificationFromRow);
    },
    async unreadCount(userId) {
      const { rows } = await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM notification WHERE user_id = $1 AND read_at IS NULL', [
        userId,
      ]);
      return Number(rows[0]?.n ?? 0);
    },
    async markRead(userId, ids, at) {
      const result =
        ids === null
          ? await pool.query('UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL', [userId, at])
          : await pool.query('UPDATE notification SET read_at = $2 WHERE user_id = $1 AND id = ANY($3) AND read_at IS NULL', [
              userId,
              at,
              [...ids],
            ]);
      return result.rowCount ?? 0;
    },
    async unmailed(limit) {
      const { rows } = await pool.query<NotificationRow>(
        'SELECT * FROM notification WHERE mailed_at IS NULL AND read_at IS NULL ORDER BY created_at COLLATE "C", id COLLATE "C" LIMIT $1',
        [limit],
      );
      return rows.map(notificationFromRow);
    },
    async markMailed(ids, at) {
      await pool.query('UPDATE notification SET mailed_at = $2 WHERE id = ANY($1)', [[...ids], at]);
    },
    async lastMailedAt(userId) {
      const { rows } = await pool.query<{ at: string | null }>(
        'SELECT MAX(mailed_at COLLATE "C") AS at FROM notification WHERE user_id = $1',
        [userId],
      );
      return rows[0]?.at ?? undefined;
    },
    async mailMode(userId) {
      const { rows } = await pool.query<{ mail: string }>('SELECT mail FROM notification_setting WHERE user_id = $1', [userId]);
      return rows[0]?.mail as MailMode | undefined;
    },
    async setMailMode(userId, mode) {
      await pool.query(
        'INSERT INTO notification_setting (user_id, mail) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET mail = excluded.mail',
        [userId, mode],
      );
    },
  };
}
