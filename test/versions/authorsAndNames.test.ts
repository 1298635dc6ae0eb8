import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { replaceSectionContent } from '../../shared/doc/documentState';
import { paragraph, type Block } from '../../shared/doc/blockModel';
import { sectionText, waitFor, waitSynced } from '../helpers/clients';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';

interface ListedVersion {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string | null;
  authorName: string | null;
  origin: string;
  originDetail: string | null;
  savedBy: string;
}
interface Comparison {
  sections: Array<{
    key: string;
    changed: boolean;
    formattingChanged: boolean;
    entries: Array<Record<string, unknown>>;
    parts: Array<{ kind: string; text: string }>;
  }>;
}

const SECTION = 'sammanfattning';

describe('versions with authors and unique names', () => {
  const servers = useServersAndClients();
  const list = async (server: TestServer, id: string) =>
    (await api<{ versions: ListedVersion[] }>(server, server.adminToken, 'GET', `/api/documents/${id}/versions`)).body.versions;
  const save = (server: TestServer, id: string, name: string) =>
    api<{ version: { id: string }; error?: string }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name });

  it('lists who saved each version: the person, "automatiskt vid statusbyte" with the change, and "återställning"', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    const saved = await save(server, id, 'Till beredningen');
    expect(saved.status).toBe(201);
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${saved.body.version.id}/restore`)).status).toBe(
      200,
    );

    const versions = await list(server, id);
    expect(versions).toHaveLength(3);
    const [manual, status, restore] = versions as [ListedVersion, ListedVersion, ListedVersion];
    expect(manual).toMatchObject({
      name: 'Till beredningen',
      authorName: 'Administratör',
      origin: 'manuell',
      savedBy: 'Sparad av Administratör',
    });
    expect(status).toMatchObject({ origin: 'statusbyte', originDetail: 'utkast→granskning', authorName: 'Administratör' });
    expect(status.savedBy).toBe('Automatiskt vid statusbyte Utkast → Granskning (Administratör)');
    expect(status.name).toMatch(/^Granskning \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(restore).toMatchObject({ origin: 'aterstallning', originDetail: 'Till beredningen' });
    expect(restore.savedBy).toBe('Återställning till ”Till beredningen” (Administratör)');
    for (const version of versions) expect(Date.parse(version.createdAt)).not.toBeNaN();
  });

  it('refuses a duplicate name with 409, trimmed and case-insensitively, on the same document only', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    const other = await createDocument(server);
    expect((await save(server, id, 'Till arbetsutskottet')).status).toBe(201);
    for (const name of ['Till arbetsutskottet', '  till ARBETSUTSKOTTET ', 'Till  arbetsutskottet']) {
      const refused = await save(server, id, name);
      expect(refused.status, name).toBe(409);
      expect(refused.body.error).toMatch(/redan en version som heter/);
    }
    expect((await save(server, other, 'Till arbetsutskottet')).status).toBe(201);
    expect((await list(server, id)).map((version) => version.name)).toEqual(['Till arbetsutskottet']);
  });

  it('refuses a name with control characters, bidi overrides or marks, or longer than 200 characters', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    for (const name of ['Beslut\u202Efdp.exe', 'Till\u0007 AU', 'Till AU\u2066', '\u202Ainbäddad', '\u200Fx', 'x'.repeat(201)]) {
      const refused = await save(server, id, name);
      expect(refused.status, JSON.stringify(name)).toBe(400);
      expect(refused.body.error).toMatch(/Versionens namn/);
    }
    expect((await save(server, id, 'Till arbetsutskottet – 2023-08-17 (ändrad)')).status).toBe(201);
    expect((await list(server, id)).map((version) => version.name)).toEqual(['Till arbetsutskottet – 2023-08-17 (ändrad)']);
  });

  it('leaves duplicate names stored before names were unique as they are, and refuses a new one like them', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    const saved = await save(server, id, 'Underlag');
    const db = new Database(path.join(server.dataDir, 'yttra.sqlite'));
    try {
      // Two versions as an older Yttra stored them: the same name, and no name key.
      const copy = db.prepare(
        `INSERT INTO document_version (id, document_id, name, created_at, created_by, state)
         SELECT ?, document_id, 'Till nämnden', created_at, created_by, state FROM document_version WHERE id = ?`,
      );
      copy.run('gammal-1', saved.body.version.id);
      copy.run('gammal-2', saved.body.version.id);
    } finally {
      db.close();
    }
    expect((await list(server, id)).map((version) => version.name)).toEqual(['Underlag', 'Till nämnden', 'Till nämnden']);
    expect((await save(server, id, 'till nämnden')).status).toBe(409);
  });

  it('gives automatic versions unique names, with a counter within the same minute', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    for (const status of ['granskning', 'utkast', 'granskning']) {
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status })).status).toBe(200);
    }
    const names = (await list(server, id)).map((version) => version.name);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(3);
    const granskning = names.filter((name) => name.startsWith('Granskning'));
    expect(granskning).toHaveLength(2);
    // Two status changes within a minute (or across one): the second is numbered when they collide.
    if (granskning[0]!.slice(0, 27) === granskning[1]!.slice(0, 27)) expect(granskning[1]).toMatch(/ \(2\)$/);
    // A person cannot take an automatic name either.
    expect((await save(server, id, granskning[0]!.toUpperCase())).status).toBe(409);
  });

  it('compares paragraph by paragraph: only the changed paragraph, with context, the rest collapsed', async () => {
    const server = await servers.start();
    const id = await createDocument(server);
    const writer = servers.connect(server, id);
    await waitSynced(writer);
    const before: Block[] = Array.from({ length: 20 }, (_, i) => paragraph(`Stycke ${i + 1} om verksamheten.`));
    replaceSectionContent(writer.doc, SECTION, before);
    const check = servers.connect(server, id);
    await waitFor(() => sectionText(check.doc, SECTION).includes('Stycke 20'), 'the section to reach the server');
    const version = await save(server, id, 'Före');
    const after = structuredClone(before);
    after[9] = paragraph('Stycke 10 om skolan.');
    after[10] = { kind: 'paragraph', runs: [{ text: 'Stycke 11 om ' }, { text: 'verksamheten', bold: true }, { text: '.' }] };
    replaceSectionContent(writer.doc, SECTION, after);
    await waitFor(() => sectionText(check.doc, SECTION).includes('om skolan'), 'the edit to reach the server');
    await new Promise((resolve) => setTimeout(resolve, 150));

    const comparison = await api<Comparison>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/compare?from=${version.body.version.id}&to=current`,
    );
    const section = comparison.body.sections.find((entry) => entry.key === SECTION)!;
    expect(section.changed).toBe(true);
    expect(section.entries.map((entry) => entry.kind)).toEqual(['collapsed', 'context', 'modified', 'formatting', 'context', 'collapsed']);
    expect(section.entries[0]).toEqual({ kind: 'collapsed', count: 8 });
    expect(section.entries[1]).toMatchObject({ text: 'Stycke 9 om verksamheten.' });
    expect(section.entries[2]).toMatchObject({
      parts: [
        { kind: 'same', text: 'Stycke 10 om ' },
        { kind: 'deleted', text: 'verksamheten.' },
        { kind: 'inserted', text: 'skolan.' },
      ],
    });
    expect(section.entries[5]).toEqual({ kind: 'collapsed', count: 8 });
    // The whole section is not repeated: the unchanged paragraphs far away are not in the changes.
    expect(section.parts.map((part) => part.text).join('')).not.toContain('Stycke 1 om');
  });
});
