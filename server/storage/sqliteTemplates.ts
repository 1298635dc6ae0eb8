/** Template pack versions and organisation settings in SQLite. */
import type { SqliteDatabase } from './sqlite';
import type { StoredTemplateVersion, TemplateStore } from './storage';

interface VersionRow {
  pack_id: string;
  version: number;
  definition: string;
  created_at: string;
  created_by: string | null;
}

export function sqliteTemplateStore(db: SqliteDatabase): TemplateStore {
  const insert = db.prepare(
    `INSERT INTO template_pack_version (pack_id, version, definition, created_at, created_by)
     VALUES (@packId, @version, @definition, @createdAt, @createdBy) ON CONFLICT DO NOTHING`,
  );
  const selectAll = db.prepare<[], VersionRow>('SELECT * FROM template_pack_version ORDER BY created_at, pack_id, version');
  const selectSetting = db.prepare<[string], { value: string }>('SELECT value FROM organisation_setting WHERE key = ?');
  const upsertSetting = db.prepare(
    'INSERT INTO organisation_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  return {
    async saveVersion(version: StoredTemplateVersion) {
      return insert.run(version).changes === 1 ? 'saved' : 'exists';
    },
    async versions() {
      return selectAll.all().map((row) => ({
        packId: row.pack_id,
        version: row.version,
        definition: row.definition,
        createdAt: row.created_at,
        createdBy: row.created_by,
      }));
    },
    async setting(key) {
      return selectSetting.get(key)?.value;
    },
    async setSetting(key, value) {
      upsertSetting.run(key, value);
    },
  };
}
