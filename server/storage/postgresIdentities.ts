/** Identity links, pending external sign-ins and used SAML assertions in PostgreSQL. */
import type pg from 'pg';
import type { IdentityStore } from './storage';

export function postgresIdentityStore(pool: pg.Pool): IdentityStore {
  return {
    async userOf(issuer, subject) {
      const { rows } = await pool.query<{ user_id: string }>('SELECT user_id FROM user_identity WHERE issuer = $1 AND subject = $2', [
        issuer,
        subject,
      ]);
      return rows[0]?.user_id;
    },
    async link(link, at) {
      await pool.query(
        `INSERT INTO user_identity (issuer, subject, user_id, created_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (issuer, subject) DO UPDATE SET user_id = excluded.user_id`,
        [link.issuer, link.subject, link.userId, at],
      );
    },
    async touch(issuer, subject, at) {
      await pool.query('UPDATE user_identity SET last_sign_in_at = $3 WHERE issuer = $1 AND subject = $2', [issuer, subject, at]);
    },
    async linksOf(userId) {
      const { rows } = await pool.query<{ issuer: string; subject: string; user_id: string }>(
        'SELECT issuer, subject, user_id FROM user_identity WHERE user_id = $1 ORDER BY issuer COLLATE "C"',
        [userId],
      );
      return rows.map((row) => ({ issuer: row.issuer, subject: row.subject, userId: row.user_id }));
    },
    async savePending(key, value, expiresAt) {
      // Abandoned sign-ins (the person closed the provider's page) go when the next one starts.
      await pool.query('DELETE FROM external_signin_pending WHERE expires_at COLLATE "C" <= $1', [new Date().toISOString()]);
      await pool.query('INSERT INTO external_signin_pending (key, value, expires_at) VALUES ($1, $2, $3)', [key, value, expiresAt]);
    },
    async takePending(key, now) {
      // One statement: two answers racing for the same key (two instances) get it at most once.
      const { rows } = await pool.query<{ value: string }>(
        'DELETE FROM external_signin_pending WHERE key = $1 AND expires_at COLLATE "C" > $2 RETURNING value',
        [key, now],
      );
      return rows[0]?.value;
    },
    async readPending(key, now) {
      const { rows } = await pool.query<{ value: string }>(
        'SELECT value FROM external_signin_pending WHERE key = $1 AND expires_at COLLATE "C" > $2',
        [key, now],
      );
      return rows[0]?.value;
    },
    async useAssertionOnce(issuer, assertionId, expiresAt, now) {
      await pool.query('DELETE FROM saml_used_assertion WHERE expires_at COLLATE "C" <= $1', [now]);
      const result = await pool.query(
        'INSERT INTO saml_used_assertion (issuer, assertion_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [issuer, assertionId, expiresAt],
      );
      return result.rowCount === 1;
    },
  };
}
