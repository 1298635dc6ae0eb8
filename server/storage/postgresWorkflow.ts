/** Status transitions, named versions, bilaga links, ärenden and template packs in PostgreSQL. */
import { arendeFromRow, type ArendeRow } from './rows';
import type pg from 'pg';
import { isUniqueViolation, toBuffer, toUint8 } from './postgresPool';
import type { Person } from '../../shared/model';
import type { BilagaCosigner, StatusTransition, TemplateStore, VersionRecord, WorkflowStore } from './storage';

const ARENDE_COLUMNS: Record<string, string> = {
  diarienummer: 'diarienummer',
  arendemening: 'arendemening',
  namnd: 'namnd',
  handlaggare: 'handlaggare',
  beslutsplanering: 'beslutsplanering',
};

const VERSION_COLUMNS = `v.id, v.document_id AS "documentId", v.name, v.created_at AS "createdAt", v.created_by AS "createdBy",
  COALESCE(v.author_name, u.name) AS "authorName", v.origin, v.origin_detail AS "originDetail"`;
const VERSION_FROM = 'document_version v LEFT JOIN app_user u ON u.id = v.created_by';

export function postgresWorkflowStore(pool: pg.Pool): WorkflowStore {
  const rows = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> =>
    (await pool.query<T>(sql, values)).rows;

  return {
    async changeStatus(transition) {
      // One statement, so one transaction: a concurrent change of the same row waits for this
      // one's lock and then finds the status no longer `from` (READ COMMITTED re-checks the WHERE).
      const { rowCount } = await pool.query(
        `WITH changed AS (
           UPDATE document SET status = $5, updated_at = $2 WHERE id = $1 AND status = $4 RETURNING id
         )
         INSERT INTO status_transition (document_id, at, user_id, from_status, to_status, reason)
         SELECT id, $2, $3, $4, $5, $6 FROM changed`,
        [transition.documentId, transition.at, transition.userId, transition.from, transition.to, transition.reason],
      );
      return rowCount === 1 ? 'changed' : 'stale';
    },
    async transitions(documentId) {
      return rows<StatusTransition>(
        `SELECT document_id AS "documentId", at, user_id AS "userId", from_status AS "from", to_status AS "to", reason
         FROM status_transition WHERE document_id = $1 ORDER BY id`,
        [documentId],
      );
    },
    async saveVersion(version, nameKey, state) {
      try {
        await pool.query(
          `INSERT INTO document_version (id, document_id, name, name_key, created_at, created_by, author_name, origin, origin_detail, state)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            version.id,
            version.documentId,
            version.name,
            nameKey,
            version.createdAt,
            version.createdBy,
            version.authorName,
            version.origin,
            version.originDetail,
            toBuffer(state),
          ],
        );
        return 'saved';
      } catch (error) {
        if (isUniqueViolation(error) && (error as { constraint?: string }).constraint === 'document_version_name') return 'duplicateName';
        throw error;
      }
    },
    async versions(documentId) {
      return rows<VersionRecord>(
        `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.document_id = $1 ORDER BY v.created_at COLLATE "C", v.position`,
        [documentId],
      );
    },
    async versionState(documentId, versionId) {
      const [row] = await rows<VersionRecord & { state: Buffer }>(
        `SELECT ${VERSION_COLUMNS}, v.state FROM ${VERSION_FROM} WHERE v.document_id = $1 AND v.id = $2`,
        [documentId, versionId],
      );
      if (!row) return undefined;
      const { state, ...version } = row;
      return { version, state: toUint8(state) };
    },
    async link(mainId, bilagaId, partyGroup = null) {
      await pool.query('INSERT INTO document_link (main_id, bilaga_id, party_group) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        mainId,
        bilagaId,
        partyGroup,
      ]);
    },
    async bilagaSigning(bilagaId) {
      const [row] = await rows<{ party_group: string | null; attested_signers: string | null }>(
        'SELECT party_group, attested_signers FROM document_link WHERE bilaga_id = $1 ORDER BY position LIMIT 1',
        [bilagaId],
      );
      if (!row) return undefined;
      return { partyGroup: row.party_group, attested: row.attested_signers ? (JSON.parse(row.attested_signers) as Person[]) : [] };
    },
    async setAttestedSigners(bilagaId, persons) {
      await pool.query('UPDATE document_link SET attested_signers = $2 WHERE bilaga_id = $1', [bilagaId, JSON.stringify(persons)]);
    },
    async inviteCosigner(bilagaId, userId, invitedBy, at) {
      await pool.query(
        `INSERT INTO bilaga_cosigner (bilaga_id, user_id, state, invited_by, invited_at) VALUES ($1, $2, 'inbjuden', $3, $4)
         ON CONFLICT (bilaga_id, user_id) DO NOTHING`,
        [bilagaId, userId, invitedBy, at],
      );
    },
    async answerInvitation(bilagaId, userId, state, at) {
      const result = await pool.query('UPDATE bilaga_cosigner SET state = $3, answered_at = $4 WHERE bilaga_id = $1 AND user_id = $2', [
        bilagaId,
        userId,
        state,
        at,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async recordConfirmation(bilagaId, userId, record) {
      await pool.query(
        'UPDATE bilaga_cosigner SET access_added = $3, role_before = $4, signed_name = $5 WHERE bilaga_id = $1 AND user_id = $2',
        [bilagaId, userId, record.accessAdded, record.roleBefore, record.signedName],
      );
    },
    async cosignersOf(bilagaId) {
      return rows<BilagaCosigner>(
        `SELECT bilaga_id AS "bilagaId", user_id AS "userId", state, invited_by AS "invitedBy", invited_at AS "invitedAt",
                answered_at AS "answeredAt", access_added AS "accessAdded", role_before AS "roleBefore", signed_name AS "signedName"
         FROM bilaga_cosigner WHERE bilaga_id = $1 ORDER BY invited_at COLLATE "C", user_id COLLATE "C"`,
        [bilagaId],
      );
    },
    async bilagorOf(mainId) {
      return (
        await rows<{ bilaga_id: string }>(
          'SELECT bilaga_id FROM document_link WHERE main_id = $1 AND withdrawn_at IS NULL ORDER BY position',
          [mainId],
        )
      ).map((row) => row.bilaga_id);
    },
    async mainOf(bilagaId) {
      const [row] = await rows<{ main_id: string }>('SELECT main_id FROM document_link WHERE bilaga_id = $1 ORDER BY position LIMIT 1', [
        bilagaId,
      ]);
      return row?.main_id;
    },
    async withdrawBilaga(bilagaId, at) {
      const result = await pool.query('UPDATE document_link SET withdrawn_at = $2 WHERE bilaga_id = $1 AND withdrawn_at IS NULL', [
        bilagaId,
        at,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async withdrawnAt(bilagaId) {
      const [row] = await rows<{ withdrawn_at: string | null }>(
        'SELECT withdrawn_at FROM document_link WHERE bilaga_id = $1 ORDER BY position LIMIT 1',
        [bilagaId],
      );
      return row?.withdrawn_at ?? undefined;
    },
    async createArende(arende) {
      await pool.query(
        `INSERT INTO arende (id, diarienummer, arendemening, namnd, handlaggare, beslutsplanering, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          arende.id,
          arende.diarienummer,
          arende.arendemening,
          arende.namnd,
          arende.handlaggare,
          JSON.stringify(arende.beslutsplanering),
          arende.createdAt,
          arende.createdBy ?? null,
        ],
      );
    },
    async updateArende(id, changes) {
      const assignments: string[] = [];
      const values: unknown[] = [id];
      for (const [key, value] of Object.entries(changes)) {
        const column = ARENDE_COLUMNS[key];
        if (!column || value === undefined) continue;
        values.push(key === 'beslutsplanering' ? JSON.stringify(value) : value);
        assignments.push(`${column} = $${values.length}`);
      }
      if (assignments.length > 0) await pool.query(`UPDATE arende SET ${assignments.join(', ')} WHERE id = $1`, values);
    },
    async arende(id) {
      const [row] = await rows<ArendeRow>('SELECT * FROM arende WHERE id = $1', [id]);
      return row ? arendeFromRow(row) : undefined;
    },
    async arenden() {
      return (await rows<ArendeRow>('SELECT * FROM arende ORDER BY created_at COLLATE "C" DESC')).map(arendeFromRow);
    },
    async setDocumentArende(documentId, arendeId) {
      await pool.query('UPDATE document SET arende_id = $2 WHERE id = $1', [documentId, arendeId]);
    },
    async documentsOfArende(arendeId) {
      return (await rows<{ id: string }>('SELECT id FROM document WHERE arende_id = $1 ORDER BY created_at COLLATE "C"', [arendeId])).map(
        (row) => row.id,
      );
    },
    async arendeOfDocument(documentId) {
      const [row] = await rows<{ arende_id: string | null }>('SELECT arende_id FROM document WHERE id = $1', [documentId]);
      return row?.arende_id ?? undefined;
    },
  };
}

interface TemplateVersionRow {
  pack_id: string;
  version: number;
  definition: string;
  created_at: string;
  created_by: string | null;
}

export function postgresTemplateStore(pool: pg.Pool): TemplateStore {
  return {
    async saveVersion(version) {
      const result = await pool.query(
        `INSERT INTO template_pack_version (pack_id, version, definition, created_at, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [version.packId, version.version, version.definition, version.createdAt, version.createdBy],
      );
      return result.rowCount === 1 ? 'saved' : 'exists';
    },
    async versions() {
      const { rows } = await pool.query<TemplateVersionRow>(
        'SELECT * FROM template_pack_version ORDER BY created_at COLLATE "C", pack_id COLLATE "C", version',
      );
      return rows.map((row) => ({
        packId: row.pack_id,
        version: row.version,
        definition: row.definition,
        createdAt: row.created_at,
        createdBy: row.created_by,
      }));
    },
    async setting(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM organisation_setting WHERE key = $1', [key]);
      return rows[0]?.value;
    },
    async setSetting(key, value) {
      await pool.query(
        'INSERT INTO organisation_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
  };
}
