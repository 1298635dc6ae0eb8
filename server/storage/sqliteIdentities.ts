/** Identity links, pending external sign-ins and used SAML assertions in the SQLite file. */
import type { SqliteDatabase } from './sqlite';
import type { IdentityStore } from './storage';

export function sqliteIdentityStore(db: SqliteDatabase): IdentityStore {
  const q = {
    userOf: db.prepare<[string, string], { user_id: string }>('SELECT user_id FROM user_identity WHERE issuer = ? AND subject = ?'),
    link: db.prepare(
      `INSERT INTO user_identity (issuer, subject, user_id, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (issuer, subject) DO UPDATE SET user_id = excluded.user_id`,
    ),
    touch: db.prepare('UPDATE user_identity SET last_sign_in_at = ? WHERE issuer = ? AND subject = ?'),
    linksOf: db.prepare<[string], { issuer: string; subject: string; user_id: string }>(
      'SELECT issuer, subject, user_id FROM user_identity WHERE user_id = ? ORDER BY issuer',
    ),
    savePending: db.prepare('INSERT INTO external_signin_pending (key, value, expires_at) VALUES (?, ?, ?)'),
    takePending: db.prepare<[string, string], { value: string }>(
      'DELETE FROM external_signin_pending WHERE key = ? AND expires_at > ? RETURNING value',
    ),
    readPending: db.prepare<[string, string], { value: string }>(
      'SELECT value FROM external_signin_pending WHERE key = ? AND expires_at > ?',
    ),
    prunePending: db.prepare('DELETE FROM external_signin_pending WHERE expires_at <= ?'),
    useAssertion: db.prepare('INSERT OR IGNORE INTO saml_used_assertion (issuer, assertion_id, expires_at) VALUES (?, ?, ?)'),
    pruneAssertions: db.prepare('DELETE FROM saml_used_assertion WHERE expires_at <= ?'),
  };
  return {
    async userOf(issuer, subject) {
      return q.userOf.get(issuer, subject)?.user_id;
    },
    async link(link, at) {
      q.link.run(link.issuer, link.subject, link.userId, at, at);
    },
    async touch(issuer, subject, at) {
      q.touch.run(at, issuer, subject);
    },
    async linksOf(userId) {
      return q.linksOf.all(userId).map((row) => ({ issuer: row.issuer, subject: row.subject, userId: row.user_id }));
    },
    async savePending(key, value, expiresAt) {
      // Abandoned sign-ins (the person closed the provider's page) go when the next one starts.
      q.prunePending.run(new Date().toISOString());
      q.savePending.run(key, value, expiresAt);
    },
    async takePending(key, now) {
      return q.takePending.get(key, now)?.value;
    },
    async readPending(key, now) {
      return q.readPending.get(key, now)?.value;
    },
    async useAssertionOnce(issuer, assertionId, expiresAt, now) {
      q.pruneAssertions.run(now);
      return q.useAssertion.run(issuer, assertionId, expiresAt).changes === 1;
    },
  };
}
