/** Accounts, groups, sessions, document access and the audit log in the SQLite file. */
import { userFromRow, type UserRow } from './rows';
import type { SqliteDatabase } from './sqlite';
import type { AccessEntry, AccessStore, AccountStore, AuditEvent, AuditStore, GroupRecord, UserChanges } from './storage';

/** Thrown inside the update's transaction to roll it back. */
class NoAdminLeft extends Error {}

export function sqliteAccountStore(db: SqliteDatabase): AccountStore {
  const q = {
    insertUser: db.prepare(
      `INSERT INTO user (id, email, name, title, party, password_hash, is_admin, disabled, must_change_password, is_namndsekreterare, created_at)
       VALUES (@id, @email, @name, @title, @party, @passwordHash, @isAdmin, @disabled, @mustChangePassword, @isNamndsekreterare, @createdAt)`,
    ),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM user WHERE email = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM user WHERE id = ?'),
    users: db.prepare<[], UserRow>('SELECT * FROM user ORDER BY name'),
    setPassword: db.prepare('UPDATE user SET password_hash = ?, must_change_password = ? WHERE id = ?'),
    activeAdmins: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM user WHERE is_admin = 1 AND disabled = 0'),
    insertGroup: db.prepare('INSERT INTO user_group (id, name, kind, party) VALUES (@id, @name, @kind, @party)'),
    groups: db.prepare<[], GroupRecord>('SELECT id, name, kind, party FROM user_group ORDER BY name'),
    group: db.prepare<[string], GroupRecord>('SELECT id, name, kind, party FROM user_group WHERE id = ?'),
    addMember: db.prepare('INSERT OR IGNORE INTO group_member (group_id, user_id) VALUES (?, ?)'),
    removeMember: db.prepare('DELETE FROM group_member WHERE group_id = ? AND user_id = ?'),
    groupsOf: db.prepare<[string], GroupRecord>(
      `SELECT g.id, g.name, g.kind, g.party FROM user_group g JOIN group_member m ON m.group_id = g.id
       WHERE m.user_id = ? ORDER BY g.name`,
    ),
    membersOf: db.prepare<[string], { user_id: string }>('SELECT user_id FROM group_member WHERE group_id = ?'),
    insertSession: db.prepare('INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    sessionUser: db.prepare<[string, string, string], UserRow>(
      `SELECT u.* FROM session s JOIN user u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND COALESCE(s.last_used_at, s.created_at) > ? AND u.disabled = 0`,
    ),
    sessionExpiresAt: db.prepare<[string], { expires_at: string }>('SELECT expires_at FROM session WHERE token_hash = ?'),
    touchSession: db.prepare('UPDATE session SET last_used_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM session WHERE token_hash = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM session WHERE user_id = ?'),
  };
  const columns: Record<string, string> = {
    email: 'email',
    name: 'name',
    title: 'title',
    party: 'party',
    isAdmin: 'is_admin',
    disabled: 'disabled',
    isNamndsekreterare: 'is_namndsekreterare',
  };
  // One transaction, so two administrators demoting each other at once cannot both succeed.
  const updateUser = db.transaction((id: string, changes: UserChanges): 'updated' | 'noAdminLeft' => {
    for (const [key, value] of Object.entries(changes)) {
      const column = columns[key];
      if (!column || value === undefined) continue;
      const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      db.prepare(`UPDATE user SET ${column} = ? WHERE id = ?`).run(stored, id);
    }
    if ((changes.isAdmin === false || changes.disabled === true) && q.activeAdmins.get()!.n === 0) throw new NoAdminLeft();
    return 'updated';
  });

  return {
    async createUser(user, passwordHash) {
      q.insertUser.run({
        ...user,
        passwordHash,
        isAdmin: user.isAdmin ? 1 : 0,
        disabled: user.disabled ? 1 : 0,
        mustChangePassword: user.mustChangePassword ? 1 : 0,
        isNamndsekreterare: user.isNamndsekreterare ? 1 : 0,
      });
    },
    async findByEmail(email) {
      const row = q.userByEmail.get(email.trim());
      return row ? { user: userFromRow(row), passwordHash: row.password_hash } : undefined;
    },
    async getUser(id) {
      const row = q.userById.get(id);
      return row ? userFromRow(row) : undefined;
    },
    async listUsers() {
      return q.users.all().map(userFromRow);
    },
    async updateUser(id, changes) {
      try {
        return updateUser(id, changes);
      } catch (error) {
        if (error instanceof NoAdminLeft) return 'noAdminLeft';
        throw error;
      }
    },
    async setPassword(id, passwordHash, mustChange) {
      q.setPassword.run(passwordHash, mustChange ? 1 : 0, id);
    },
    async createGroup(group) {
      q.insertGroup.run(group);
    },
    async listGroups() {
      return q.groups.all();
    },
    async getGroup(id) {
      return q.group.get(id);
    },
    async addMember(groupId, userId) {
      q.addMember.run(groupId, userId);
    },
    async removeMember(groupId, userId) {
      q.removeMember.run(groupId, userId);
    },
    async groupsOf(userId) {
      return q.groupsOf.all(userId);
    },
    async membersOf(groupId) {
      return q.membersOf.all(groupId).map((row) => row.user_id);
    },
    async createSession(tokenHash, userId, expiresAt) {
      q.insertSession.run(tokenHash, userId, new Date().toISOString(), expiresAt);
    },
    async sessionUser(tokenHash, now, idleSince = '') {
      const row = q.sessionUser.get(tokenHash, now, idleSince);
      return row ? userFromRow(row) : undefined;
    },
    async touchSession(tokenHash, at) {
      q.touchSession.run(at, tokenHash);
    },
    async sessionExpiresAt(tokenHash) {
      return q.sessionExpiresAt.get(tokenHash)?.expires_at;
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
    async deleteSessionsOf(userId) {
      q.deleteSessionsOf.run(userId);
    },
  };
}

export function sqliteAccessStore(db: SqliteDatabase): AccessStore {
  const select = db.prepare<[string], { principal_type: 'user' | 'group'; principal_id: string; role: AccessEntry['role'] }>(
    'SELECT principal_type, principal_id, role FROM document_access WHERE document_id = ? ORDER BY principal_type, principal_id',
  );
  const clear = db.prepare('DELETE FROM document_access WHERE document_id = ?');
  const insert = db.prepare('INSERT INTO document_access (document_id, principal_type, principal_id, role) VALUES (?, ?, ?, ?)');
  const replace = db.transaction((documentId: string, entries: readonly AccessEntry[]) => {
    clear.run(documentId);
    for (const entry of entries) insert.run(documentId, entry.principalType, entry.principalId, entry.role);
  });
  return {
    async entries(documentId) {
      return select.all(documentId).map((row) => ({ principalType: row.principal_type, principalId: row.principal_id, role: row.role }));
    },
    async replaceEntries(documentId, entries) {
      replace(documentId, entries);
    },
    async entriesOf(documentIds) {
      const found = new Map<string, AccessEntry[]>(documentIds.map((id) => [id, []]));
      // SQLite binds at most 32,766 parameters; listings are read in slices well below that.
      for (let start = 0; start < documentIds.length; start += 500) {
        const slice = documentIds.slice(start, start + 500);
        const rows = db
          .prepare<string[], { document_id: string; principal_type: 'user' | 'group'; principal_id: string; role: AccessEntry['role'] }>(
            `SELECT document_id, principal_type, principal_id, role FROM document_access WHERE document_id IN (${slice.map(() => '?').join(', ')})`,
          )
          .all(...slice);
        for (const row of rows)
          found.get(row.document_id)?.push({ principalType: row.principal_type, principalId: row.principal_id, role: row.role });
      }
      return found;
    },
    async documentIdsFor(userId, groupIds) {
      const placeholders = groupIds.map(() => '?').join(', ');
      const groupClause = groupIds.length ? ` OR (principal_type = 'group' AND principal_id IN (${placeholders}))` : '';
      const rows = db
        .prepare<unknown[], { document_id: string }>(
          `SELECT DISTINCT document_id FROM document_access WHERE (principal_type = 'user' AND principal_id = ?)${groupClause}`,
        )
        .all(userId, ...groupIds);
      return rows.map((row) => row.document_id);
    },
  };
}

export function sqliteAuditStore(db: SqliteDatabase): AuditStore {
  const insert = db.prepare(
    'INSERT INTO audit_event (document_id, subject, at, user_id, action, detail) VALUES (@documentId, @subject, @at, @userId, @action, @detail)',
  );
  type Row = {
    id: number;
    document_id: string;
    subject: string | null;
    at: string;
    user_id: string | null;
    action: string;
    detail: string;
  };
  const selectAbout = db.prepare<[number], Row>("SELECT * FROM audit_event WHERE document_id = '' ORDER BY id DESC LIMIT ?");
  const toEvent = (row: Row) => ({
    id: row.id,
    documentId: row.document_id,
    subject: row.subject,
    at: row.at,
    userId: row.user_id,
    action: row.action,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  });
  const appendAll = db.transaction((events: readonly AuditEvent[]) =>
    events.map((event) =>
      Number(insert.run({ ...event, subject: event.subject ?? null, detail: JSON.stringify(event.detail) }).lastInsertRowid),
    ),
  );
  return {
    async append(events) {
      return appendAll(events);
    },
    async list(documentId, limit, subjects = []) {
      const placeholders = subjects.map(() => '?').join(', ');
      const subjectClause = subjects.length ? ` OR subject IN (${placeholders})` : '';
      const rows = db
        .prepare<unknown[], Row>(
          `SELECT * FROM audit_event WHERE ((document_id = ? AND document_id <> '')${subjectClause}) ORDER BY id DESC LIMIT ?`,
        )
        .all(documentId, ...subjects, limit);
      return rows.map(toEvent);
    },
    async listAbout(limit) {
      return selectAbout.all(limit).map(toEvent);
    },
  };
}
