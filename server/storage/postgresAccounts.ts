/** Accounts, groups, sessions, document access and the audit log in PostgreSQL. */
import { userFromRow, type UserRow } from './rows';
import type pg from 'pg';
import { transaction } from './postgresPool';
import type { AccessEntry, AccessStore, AccountStore, AuditStore, GroupRecord } from './storage';

const USER_COLUMNS: Record<string, string> = {
  email: 'email',
  name: 'name',
  title: 'title',
  party: 'party',
  isAdmin: 'is_admin',
  disabled: 'disabled',
  isNamndsekreterare: 'is_namndsekreterare',
};

/** Held while a change could take away the last enabled administrator (any constant). */
const ADMIN_CHANGE_LOCK = 7_117_018;

const GROUP_COLUMNS = 'g.id, g.name, g.kind, g.party';

export function postgresAccountStore(pool: pg.Pool): AccountStore {
  const one = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<T | undefined> =>
    (await pool.query<T>(sql, values)).rows[0];

  return {
    async createUser(user, passwordHash) {
      await pool.query(
        `INSERT INTO app_user (id, email, name, title, party, password_hash, is_admin, disabled, must_change_password, is_namndsekreterare, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          user.id,
          user.email,
          user.name,
          user.title,
          user.party,
          passwordHash,
          user.isAdmin,
          user.disabled,
          user.mustChangePassword,
          user.isNamndsekreterare ?? false,
          user.createdAt,
        ],
      );
    },
    async findByEmail(email) {
      // lower() on both sides: the unique index is on lower(email), as SQLite's NOCASE column.
      const row = await one<UserRow>('SELECT * FROM app_user WHERE lower(email) = lower($1)', [email.trim()]);
      return row ? { user: userFromRow(row), passwordHash: row.password_hash } : undefined;
    },
    async getUser(id) {
      const row = await one<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]);
      return row ? userFromRow(row) : undefined;
    },
    async listUsers() {
      return (await pool.query<UserRow>('SELECT * FROM app_user ORDER BY name COLLATE "C"')).rows.map(userFromRow);
    },
    async updateUser(id, changes) {
      const assignments: string[] = [];
      const values: unknown[] = [id];
      for (const [key, value] of Object.entries(changes)) {
        const column = USER_COLUMNS[key];
        if (!column || value === undefined) continue;
        values.push(value);
        assignments.push(`${column} = $${values.length}`);
      }
      if (assignments.length === 0) return 'updated';
      const mayRemoveAdmin = changes.isAdmin === false || changes.disabled === true;
      return transaction(pool, async (client) => {
        // Two administrators demoting each other at once: the second waits here and then counts
        // the first one's commit, as SQLite's single writer makes them do.
        if (mayRemoveAdmin) await client.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGE_LOCK]);
        await client.query(`UPDATE app_user SET ${assignments.join(', ')} WHERE id = $1`, values);
        if (mayRemoveAdmin) {
          const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM app_user WHERE is_admin AND NOT disabled');
          if (rows[0]!.n === 0) throw new NoAdminLeft();
        }
        return 'updated' as const;
      }).catch((error: unknown) => {
        if (error instanceof NoAdminLeft) return 'noAdminLeft' as const;
        throw error;
      });
    },
    async setPassword(id, passwordHash, mustChange) {
      await pool.query('UPDATE app_user SET password_hash = $2, must_change_password = $3 WHERE id = $1', [id, passwordHash, mustChange]);
    },
    async createGroup(group) {
      await pool.query('INSERT INTO user_group (id, name, kind, party) VALUES ($1, $2, $3, $4)', [
        group.id,
        group.name,
        group.kind,
        group.party,
      ]);
    },
    async listGroups() {
      return (await pool.query<GroupRecord>(`SELECT ${GROUP_COLUMNS} FROM user_group g ORDER BY g.name COLLATE "C"`)).rows;
    },
    async getGroup(id) {
      return one<GroupRecord>(`SELECT ${GROUP_COLUMNS} FROM user_group g WHERE g.id = $1`, [id]);
    },
    async addMember(groupId, userId) {
      await pool.query('INSERT INTO group_member (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, userId]);
    },
    async removeMember(groupId, userId) {
      await pool.query('DELETE FROM group_member WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
    },
    async groupsOf(userId) {
      const { rows } = await pool.query<GroupRecord>(
        `SELECT ${GROUP_COLUMNS} FROM user_group g JOIN group_member m ON m.group_id = g.id WHERE m.user_id = $1 ORDER BY g.name COLLATE "C"`,
        [userId],
      );
      return rows;
    },
    async membersOf(groupId) {
      const { rows } = await pool.query<{ user_id: string }>('SELECT user_id FROM group_member WHERE group_id = $1', [groupId]);
      return rows.map((row) => row.user_id);
    },
    async createSession(tokenHash, userId, expiresAt) {
      await pool.query('INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        tokenHash,
        userId,
        new Date().toISOString(),
        expiresAt,
      ]);
    },
    async sessionUser(tokenHash, now, idleSince = '') {
      const row = await one<UserRow>(
        `SELECT u.* FROM session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at COLLATE "C" > $2 AND COALESCE(s.last_used_at, s.created_at) COLLATE "C" > $3
           AND NOT u.disabled`,
        [tokenHash, now, idleSince],
      );
      return row ? userFromRow(row) : undefined;
    },
    async touchSession(tokenHash, at) {
      await pool.query('UPDATE session SET last_used_at = $2 WHERE token_hash = $1', [tokenHash, at]);
    },
    async sessionExpiresAt(tokenHash) {
      return (await one<{ expires_at: string }>('SELECT expires_at FROM session WHERE token_hash = $1', [tokenHash]))?.expires_at;
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM session WHERE token_hash = $1', [tokenHash]);
    },
    async deleteSessionsOf(userId) {
      await pool.query('DELETE FROM session WHERE user_id = $1', [userId]);
    },
  };
}

/** Thrown inside the update's transaction to roll it back. */
class NoAdminLeft extends Error {}

type AccessRow = { document_id: string; principal_type: 'user' | 'group'; principal_id: string; role: AccessEntry['role'] };

const toEntry = (row: AccessRow): AccessEntry => ({ principalType: row.principal_type, principalId: row.principal_id, role: row.role });

export function postgresAccessStore(pool: pg.Pool): AccessStore {
  return {
    async entries(documentId) {
      const { rows } = await pool.query<AccessRow>(
        `SELECT document_id, principal_type, principal_id, role FROM document_access WHERE document_id = $1
         ORDER BY principal_type COLLATE "C", principal_id COLLATE "C"`,
        [documentId],
      );
      return rows.map(toEntry);
    },
    async replaceEntries(documentId, entries) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM document_access WHERE document_id = $1', [documentId]);
        for (const entry of entries) {
          await client.query('INSERT INTO document_access (document_id, principal_type, principal_id, role) VALUES ($1, $2, $3, $4)', [
            documentId,
            entry.principalType,
            entry.principalId,
            entry.role,
          ]);
        }
      });
    },
    async entriesOf(documentIds) {
      const found = new Map<string, AccessEntry[]>(documentIds.map((id) => [id, []]));
      if (documentIds.length === 0) return found;
      const { rows } = await pool.query<AccessRow>(
        'SELECT document_id, principal_type, principal_id, role FROM document_access WHERE document_id = ANY($1::text[])',
        [documentIds],
      );
      for (const row of rows) found.get(row.document_id)?.push(toEntry(row));
      return found;
    },
    async documentIdsFor(userId, groupIds) {
      const { rows } = await pool.query<{ document_id: string }>(
        `SELECT DISTINCT document_id FROM document_access
         WHERE (principal_type = 'user' AND principal_id = $1) OR (principal_type = 'group' AND principal_id = ANY($2::text[]))`,
        [userId, groupIds],
      );
      return rows.map((row) => row.document_id);
    },
  };
}

type AuditRow = {
  id: number;
  document_id: string;
  subject: string | null;
  at: string;
  user_id: string | null;
  action: string;
  detail: string;
};

const toEvent = (row: AuditRow) => ({
  id: row.id,
  documentId: row.document_id,
  subject: row.subject,
  at: row.at,
  userId: row.user_id,
  action: row.action,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

export function postgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    async append(events) {
      if (events.length === 0) return [];
      // One statement: atomic, and the ids follow the order of `events` (WITH ORDINALITY, ORDER BY).
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO audit_event (document_id, subject, at, user_id, action, detail)
         SELECT document_id, subject, at, user_id, action, detail
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS e(document_id, subject, at, user_id, action, detail, ord)
         ORDER BY ord
         RETURNING id`,
        [
          events.map((event) => event.documentId),
          events.map((event) => event.subject ?? null),
          events.map((event) => event.at),
          events.map((event) => event.userId),
          events.map((event) => event.action),
          events.map((event) => JSON.stringify(event.detail)),
        ],
      );
      return rows.map((row) => row.id).sort((a, b) => a - b);
    },
    async list(documentId, limit, subjects = []) {
      const { rows } = await pool.query<AuditRow>(
        `SELECT * FROM audit_event WHERE (document_id = $1 AND document_id <> '') OR subject = ANY($2::text[])
         ORDER BY id DESC LIMIT $3`,
        [documentId, subjects, limit],
      );
      return rows.map(toEvent);
    },
    async listAbout(limit) {
      const { rows } = await pool.query<AuditRow>("SELECT * FROM audit_event WHERE document_id = '' ORDER BY id DESC LIMIT $1", [limit]);
      return rows.map(toEvent);
    },
  };
}
