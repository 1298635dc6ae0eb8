/** Status transitions, named versions, bilaga links and ärenden in the SQLite file. */
import { arendeFromRow, type ArendeRow } from './rows';
import type { SqliteDatabase } from './sqlite';
import type { Person } from '../../shared/model';
import type { BilagaCosigner, StatusTransition, VersionRecord, WorkflowStore } from './storage';

const VERSION_COLUMNS = `v.id, v.document_id AS documentId, v.name, v.created_at AS createdAt, v.created_by AS createdBy,
  COALESCE(v.author_name, u.name) AS authorName, v.origin, v.origin_detail AS originDetail`;
const VERSION_FROM = 'document_version v LEFT JOIN user u ON u.id = v.created_by';

export function sqliteWorkflowStore(db: SqliteDatabase): WorkflowStore {
  const q = {
    changeStatus: db.prepare('UPDATE document SET status = @to, updated_at = @at WHERE id = @documentId AND status = @from'),
    insertTransition: db.prepare(
      `INSERT INTO status_transition (document_id, at, user_id, from_status, to_status, reason)
       VALUES (@documentId, @at, @userId, @from, @to, @reason)`,
    ),
    transitions: db.prepare<[string], StatusTransition>(
      `SELECT document_id AS documentId, at, user_id AS userId, from_status AS "from", to_status AS "to", reason
       FROM status_transition WHERE document_id = ? ORDER BY id`,
    ),
    insertVersion: db.prepare(
      `INSERT INTO document_version (id, document_id, name, name_key, created_at, created_by, author_name, origin, origin_detail, state)
       VALUES (@id, @documentId, @name, @nameKey, @createdAt, @createdBy, @authorName, @origin, @originDetail, @state)`,
    ),
    versions: db.prepare<[string], VersionRecord>(
      `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.document_id = ? ORDER BY v.created_at, v.rowid`,
    ),
    version: db.prepare<[string, string], VersionRecord & { state: Buffer }>(
      `SELECT ${VERSION_COLUMNS}, v.state FROM ${VERSION_FROM} WHERE v.document_id = ? AND v.id = ?`,
    ),
    link: db.prepare('INSERT OR IGNORE INTO document_link (main_id, bilaga_id, party_group) VALUES (?, ?, ?)'),
    signing: db.prepare<[string], { party_group: string | null; attested_signers: string | null }>(
      'SELECT party_group, attested_signers FROM document_link WHERE bilaga_id = ?',
    ),
    setAttested: db.prepare('UPDATE document_link SET attested_signers = ? WHERE bilaga_id = ?'),
    invite: db.prepare(
      `INSERT INTO bilaga_cosigner (bilaga_id, user_id, state, invited_by, invited_at) VALUES (?, ?, 'inbjuden', ?, ?)
       ON CONFLICT (bilaga_id, user_id) DO NOTHING`,
    ),
    answer: db.prepare('UPDATE bilaga_cosigner SET state = ?, answered_at = ? WHERE bilaga_id = ? AND user_id = ?'),
    recordConfirmation: db.prepare(
      'UPDATE bilaga_cosigner SET access_added = ?, role_before = ?, signed_name = ? WHERE bilaga_id = ? AND user_id = ?',
    ),
    cosigners: db.prepare<[string], Omit<BilagaCosigner, 'accessAdded'> & { accessAdded: number }>(
      `SELECT bilaga_id AS bilagaId, user_id AS userId, state, invited_by AS invitedBy, invited_at AS invitedAt, answered_at AS answeredAt,
              access_added AS accessAdded, role_before AS roleBefore, signed_name AS signedName
       FROM bilaga_cosigner WHERE bilaga_id = ? ORDER BY invited_at, user_id`,
    ),
    bilagor: db.prepare<[string], { bilaga_id: string }>(
      'SELECT bilaga_id FROM document_link WHERE main_id = ? AND withdrawn_at IS NULL ORDER BY rowid',
    ),
    withdraw: db.prepare('UPDATE document_link SET withdrawn_at = ? WHERE bilaga_id = ? AND withdrawn_at IS NULL'),
    withdrawnAt: db.prepare<[string], { withdrawn_at: string | null }>('SELECT withdrawn_at FROM document_link WHERE bilaga_id = ?'),
    mainOf: db.prepare<[string], { main_id: string }>('SELECT main_id FROM document_link WHERE bilaga_id = ?'),
    insertArende: db.prepare(
      `INSERT INTO arende (id, diarienummer, arendemening, namnd, handlaggare, beslutsplanering, created_at, created_by)
       VALUES (@id, @diarienummer, @arendemening, @namnd, @handlaggare, @beslutsplanering, @createdAt, @createdBy)`,
    ),
    arende: db.prepare<[string], ArendeRow>('SELECT * FROM arende WHERE id = ?'),
    arenden: db.prepare<[], ArendeRow>('SELECT * FROM arende ORDER BY created_at DESC'),
    setArende: db.prepare('UPDATE document SET arende_id = ? WHERE id = ?'),
    documentsOf: db.prepare<[string], { id: string }>('SELECT id FROM document WHERE arende_id = ? ORDER BY created_at'),
    arendeOf: db.prepare<[string], { arende_id: string | null }>('SELECT arende_id FROM document WHERE id = ?'),
  };
  const arendeColumns: Record<string, string> = {
    diarienummer: 'diarienummer',
    arendemening: 'arendemening',
    namnd: 'namnd',
    handlaggare: 'handlaggare',
    beslutsplanering: 'beslutsplanering',
  };
  const changeStatus = db.transaction((transition: StatusTransition): 'changed' | 'stale' => {
    if (q.changeStatus.run(transition).changes === 0) return 'stale';
    q.insertTransition.run(transition);
    return 'changed';
  });
  return {
    async changeStatus(transition) {
      return changeStatus(transition);
    },
    async transitions(documentId) {
      return q.transitions.all(documentId);
    },
    async saveVersion(version, nameKey, state) {
      try {
        q.insertVersion.run({ ...version, nameKey, state });
        return 'saved';
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'duplicateName';
        throw error;
      }
    },
    async versions(documentId) {
      return q.versions.all(documentId);
    },
    async versionState(documentId, versionId) {
      const row = q.version.get(documentId, versionId);
      if (!row) return undefined;
      const { state, ...version } = row;
      return { version, state: new Uint8Array(state.buffer, state.byteOffset, state.byteLength) };
    },
    async link(mainId, bilagaId, partyGroup = null) {
      q.link.run(mainId, bilagaId, partyGroup);
    },
    async bilagaSigning(bilagaId) {
      const row = q.signing.get(bilagaId);
      if (!row) return undefined;
      return { partyGroup: row.party_group, attested: row.attested_signers ? (JSON.parse(row.attested_signers) as Person[]) : [] };
    },
    async setAttestedSigners(bilagaId, persons) {
      q.setAttested.run(JSON.stringify(persons), bilagaId);
    },
    async inviteCosigner(bilagaId, userId, invitedBy, at) {
      q.invite.run(bilagaId, userId, invitedBy, at);
    },
    async answerInvitation(bilagaId, userId, state, at) {
      return q.answer.run(state, at, bilagaId, userId).changes > 0;
    },
    async recordConfirmation(bilagaId, userId, record) {
      q.recordConfirmation.run(record.accessAdded ? 1 : 0, record.roleBefore, record.signedName, bilagaId, userId);
    },
    async cosignersOf(bilagaId) {
      return q.cosigners.all(bilagaId).map((row) => ({ ...row, accessAdded: row.accessAdded === 1 }));
    },
    async bilagorOf(mainId) {
      return q.bilagor.all(mainId).map((row) => row.bilaga_id);
    },
    async mainOf(bilagaId) {
      return q.mainOf.get(bilagaId)?.main_id;
    },
    async withdrawBilaga(bilagaId, at) {
      return q.withdraw.run(at, bilagaId).changes > 0;
    },
    async withdrawnAt(bilagaId) {
      return q.withdrawnAt.get(bilagaId)?.withdrawn_at ?? undefined;
    },
    async createArende(arende) {
      q.insertArende.run({ ...arende, createdBy: arende.createdBy ?? null, beslutsplanering: JSON.stringify(arende.beslutsplanering) });
    },
    async updateArende(id, changes) {
      for (const [key, value] of Object.entries(changes)) {
        const column = arendeColumns[key];
        if (!column || value === undefined) continue;
        db.prepare(`UPDATE arende SET ${column} = ? WHERE id = ?`).run(key === 'beslutsplanering' ? JSON.stringify(value) : value, id);
      }
    },
    async arende(id) {
      const row = q.arende.get(id);
      return row ? arendeFromRow(row) : undefined;
    },
    async arenden() {
      return q.arenden.all().map(arendeFromRow);
    },
    async setDocumentArende(documentId, arendeId) {
      q.setArende.run(arendeId, documentId);
    },
    async documentsOfArende(arendeId) {
      return q.documentsOf.all(arendeId).map((row) => row.id);
    },
    async arendeOfDocument(documentId) {
      return q.arendeOf.get(documentId)?.arende_id ?? undefined;
    },
  };
}
