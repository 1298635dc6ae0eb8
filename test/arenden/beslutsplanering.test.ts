/**
 * One beslutsplanering (issue 19): the ärende's meetings are the single source; a document in the
 * ärende shows them in its Beslutsplanering section, which the server writes and no client edits.
 * Real server, stock y-websocket clients.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { paragraph } from '../../shared/doc/blocks';
import { sectionLines } from '../../shared/doc/arendeSections';
import { importDocx } from '../../server/import';
import { replaceSectionContent } from '../../shared/doc/documentState';
import { sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';
import { documentInNewArende, newArendeId, planMeetings, putInArende, registerArende } from './fixture';

/** Close codes a client's sockets were closed with. */
function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

const planOf = (doc: Y.Doc) => sectionText(doc, 'beslutsplanering');
const serverPlan = (server: TestServer, id: string) => planOf(server.registry.get(`doc:${id}`)!.doc);

/** Writes lines into the section as paragraphs, the way an imported or typed beslutsplanering reads. */
function writeLines(doc: Y.Doc, lines: string[]): void {
  replaceSectionContent(doc, 'beslutsplanering', lines.map(paragraph));
}

describe('when the ärende plans the meetings', () => {
  const { start, connect } = useServersAndClients();

  it("shows the ärende's meetings in a new document's Beslutsplanering, in date order", async () => {
    const server = await start();
    const { id } = await documentInNewArende(server, 'ASN-2023-12667');
    const client = connect(server, id);
    await waitSynced(client);
    expect(planOf(client.doc)).toBe('ASN beredning 2023-08-09\nArbetsmarknads- och socialnämndens arbetsutskott 2023-08-17');
  });

  it('puts a meeting added on the ärende into the section of everyone who has the document open', async () => {
    const server = await start();
    const { arendeId, id } = await documentInNewArende(server, 'ASN-2023-12667');
    const [first, second] = [connect(server, id), connect(server, id)];
    await Promise.all([waitSynced(first), waitSynced(second)]);
    const { status } = await planMeetings(server, arendeId, [
      { organ: 'ASN beredning', date: '2023-08-09' },
      { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' },
    ]);
    expect(status).toBe(200);
    const expected = 'ASN beredning 2023-08-09\nArbetsmarknads- och socialnämnden 2023-08-30';
    await waitFor(() => planOf(first.doc) === expected && planOf(second.doc) === expected, 'both clients to show the new plan');
    await planMeetings(server, arendeId, []);
    await waitFor(() => planOf(first.doc) === 'Inga sammanträden inlagda i ärendet.', 'the emptied plan');
  });

  it('refuses a client edit of the section, closes that socket with 4409, and the others never see it', async () => {
    const server = await start();
    const { id } = await documentInNewArende(server, 'ASN-2023-12667');
    const [editor, watcher] = [connect(server, id), connect(server, id)];
    await Promise.all([waitSynced(editor), waitSynced(watcher)]);
    const before = planOf(watcher.doc);
    const codes = closeCodes(editor);
    typeInSection(editor.doc, 'beslutsplanering', 'Kommunfullmäktige 2023-09-28');
    await waitFor(() => codes.length > 0, 'the server to close the editing socket');
    expect(codes[0]).toBe(4409);
    editor.provider.disconnect();
    // An honest edit elsewhere after it, so the refused one had every chance to arrive first.
    typeInSection(watcher.doc, 'arendet', 'ärlig text');
    await waitFor(() => sectionText(server.registry.get(`doc:${id}`)!.doc, 'arendet').includes('ärlig text'), 'the honest edit');
    expect(serverPlan(server, id)).toBe(before);
    expect(planOf(watcher.doc)).toBe(before);
  });

  it('keeps showing the ärende’s meetings when an older version of the document is restored', async () => {
    const server = await start();
    const { arendeId, id } = await documentInNewArende(server, 'ASN-2023-12667');
    const saved = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Före nämnden',
    });
    expect(saved.status).toBe(201);
    await planMeetings(server, arendeId, [{ organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' }]);
    const restored = await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${saved.body.version.id}/restore`);
    expect(restored.status).toBe(200);
    const client = connect(server, id);
    await waitSynced(client);
    expect(planOf(client.doc)).toBe('Arbetsmarknads- och socialnämnden 2023-08-30');
  });

  it('leaves the Beslutsplanering of a document in no ärende editable as before', async () => {
    const server = await start();
    const id = await createDocument(server);
    const editor = connect(server, id);
    await waitSynced(editor);
    const codes = closeCodes(editor);
    typeInSection(editor.doc, 'beslutsplanering', 'Kommunfullmäktige 2023-09-28');
    await waitFor(() => serverPlan(server, id).includes('Kommunfullmäktige 2023-09-28'), 'the edit to be stored');
    expect(codes).toEqual([]);
  });
});

describe('when a document with its own beslutsplanering is put in an ärende', () => {
  const { start, connect } = useServersAndClients();

  async function documentWithPlan(server: TestServer, lines: string[]) {
    const id = await createDocument(server);
    const writer = connect(server, id);
    await waitSynced(writer);
    writeLines(writer.doc, lines);
    await waitFor(() => serverPlan(server, id).includes(lines[lines.length - 1]!), 'the lines to be stored');
    return { id, writer };
  }

  it('makes its meetings the ärende’s, keeps the lines that are no meeting as text, and reports both', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-5446');
    const { id, writer } = await documentWithPlan(server, [
      'ASN beredning 2023-08-09',
      'Arbetsmarknads- och socialnämnden 2023-08-30',
      'Kommunfullmäktige i höst, datum ej bestämt',
    ]);
    const { status, body } = await putInArende(server, server.adminToken, id, arendeId);
    expect(status).toBe(200);
    // The fixture's ärende already had ASN beredning 2023-08-09: only the nämnd is new.
    expect(body.beslutsplanering).toEqual({
      added: [{ organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' }],
      kept: ['Kommunfullmäktige i höst, datum ej bestämt'],
    });
    const arende = await api<{ beslutsplanering: unknown[] }>(server, server.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(arende.body.beslutsplanering).toEqual([
      { organ: 'ASN beredning', date: '2023-08-09' },
      { organ: 'Arbetsmarknads- och socialnämndens arbetsutskott', date: '2023-08-17' },
      { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' },
    ]);
    const expected = [
      'ASN beredning 2023-08-09',
      'Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17',
      'Arbetsmarknads- och socialnämnden 2023-08-30',
      'Kommunfullmäktige i höst, datum ej bestämt',
    ].join('\n');
    await waitFor(() => planOf(writer.doc) === expected, 'the open document to show the ärende’s plan');
    const exported = await fetch(`${server.url}/api/documents/${id}/export?format=txt`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(await exported.text()).toContain('Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17');
    // Word: read back by the importer, the section holds the ärende's plan and the kept line.
    const word = await fetch(`${server.url}/api/documents/${id}/export?format=docx`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const readBack = await importDocx(Buffer.from(await word.arrayBuffer()));
    expect(sectionLines(readBack.sections.beslutsplanering ?? [])).toEqual(expected.split('\n'));
  });

  it('never plans a meeting an open suggestion names: its line is kept as text and reported', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-5446');
    const id = await createDocument(server);
    const writer = connect(server, id);
    await waitSynced(writer);
    const suggestion = {
      kind: 'insertion' as const,
      id: 'forslag-0001',
      userId: 'u-sara',
      userName: 'Sara',
      createdAt: new Date().toISOString(),
    };
    replaceSectionContent(writer.doc, 'beslutsplanering', [
      paragraph('Arbetsmarknads- och socialnämnden 2023-08-30'),
      { kind: 'paragraph', runs: [{ text: 'Kommunstyrelsen 2023-09-12', suggestions: [suggestion] }] },
    ]);
    await waitFor(() => serverPlan(server, id).includes('Kommunstyrelsen'), 'the lines to be stored');

    const { status, body } = await putInArende(server, server.adminToken, id, arendeId);
    expect(status).toBe(200);
    expect(body.beslutsplanering).toEqual({
      added: [{ organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' }],
      kept: ['Kommunstyrelsen 2023-09-12'],
    });
    await waitFor(() => planOf(writer.doc).endsWith('Kommunstyrelsen 2023-09-12'), 'the suggested line kept as text');
  });

  it('plans no more meetings than the ärende page may (50): the lines past that stay as text and are reported', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-5446');
    // The fixture's ärende has 2 meetings; the document lists 60 new ones.
    const lines = Array.from(
      { length: 60 },
      (_, index) =>
        `ASN beredning 2024-${String(1 + Math.floor(index / 28)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
    );
    const { id } = await documentWithPlan(server, lines);
    const { status, body } = await putInArende(server, server.adminToken, id, arendeId);
    expect(status).toBe(200);
    const report = body.beslutsplanering as { added: unknown[]; kept: string[] };
    expect(report.added).toHaveLength(48);
    expect(report.kept).toEqual(lines.slice(48));
    const arende = await api<{ beslutsplanering: unknown[] }>(server, server.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(arende.body.beslutsplanering).toHaveLength(50);
  });

  it('keeps the meetings a handläggare’s document lists as text, since only a nämndsekreterare plans meetings', async () => {
    const server = await start();
    const handlaggare = await createPerson(server, 'Hanna Handläggare');
    const { body: registered } = await registerArende(server, 'ASN-2023-5446', { handlaggare: handlaggare.id });
    const arendeId = registered.arende!.id;
    const id = await createDocument(server, 'tjansteskrivelse', 'Samverkan med polisen', handlaggare.token);
    const writer = connect(server, id, handlaggare.token);
    await waitSynced(writer);
    writeLines(writer.doc, ['ASN beredning 2023-08-09', 'Kommunfullmäktige 2023-09-28']);
    await waitFor(() => serverPlan(server, id).includes('Kommunfullmäktige'), 'the lines to be stored');
    const { status, body } = await putInArende(server, handlaggare.token, id, arendeId);
    expect(status).toBe(200);
    expect(body.beslutsplanering).toEqual({ added: [], kept: ['Kommunfullmäktige 2023-09-28'] });
    const arende = await api<{ beslutsplanering: unknown[] }>(server, server.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(arende.body.beslutsplanering).toHaveLength(2);
    await waitFor(
      () =>
        planOf(writer.doc) ===
        'ASN beredning 2023-08-09\nArbetsmarknads- och socialnämndens arbetsutskott 2023-08-17\nKommunfullmäktige 2023-09-28',
      'the document to show the ärende’s plan and the kept line',
    );
  });

  it('gives the section back as ordinary text when the document leaves the ärende', async () => {
    const server = await start();
    const { id } = await documentInNewArende(server, 'ASN-2023-5446');
    const { status } = await putInArende(server, server.adminToken, id, null);
    expect(status).toBe(200);
    const editor = connect(server, id);
    await waitSynced(editor);
    const codes = closeCodes(editor);
    typeInSection(editor.doc, 'beslutsplanering', ' (flyttad)');
    await waitFor(() => serverPlan(server, id).includes('(flyttad)'), 'the edit to be stored');
    expect(serverPlan(server, id)).toContain('ASN beredning 2023-08-09');
    expect(codes).toEqual([]);
  });
});

describe('when the server starts on documents put in an ärende before it kept the meetings', () => {
  const { start, connect } = useServersAndClients();

  it('makes their meetings the ärende’s, keeps the other lines as text, records it once, and leaves them in step', async () => {
    const first = await start();
    const arendeId = (await registerArende(first, 'ASN-2023-5446', { beslutsplanering: [] })).body.arende!.id;
    const id = await createDocument(first);
    const writer = connect(first, id);
    await waitSynced(writer);
    writeLines(writer.doc, ['ASN beredning 2023-04-05', 'Arbetsmarknads- och socialnämnden 2023-04-26', 'Ev. extra sammanträde i maj']);
    await waitFor(() => serverPlan(first, id).includes('Ev. extra sammanträde i maj'), 'the lines to be stored');
    writer.destroy();
    await first.close();
    // As an older version put it there: the link in the database only.
    const database = new Database(path.join(first.dataDir, 'yttra.sqlite'));
    database.prepare('UPDATE document SET arende_id = ? WHERE id = ?').run(arendeId, id);
    database.close();

    const second = await start({ dataDir: first.dataDir });
    const arende = await api<{ beslutsplanering: unknown[] }>(second, second.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(arende.body.beslutsplanering).toEqual([
      { organ: 'ASN beredning', date: '2023-04-05' },
      { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-04-26' },
    ]);
    const reader = connect(second, id);
    await waitSynced(reader);
    expect(planOf(reader.doc)).toBe('ASN beredning 2023-04-05\nArbetsmarknads- och socialnämnden 2023-04-26\nEv. extra sammanträde i maj');
    const audit = await api<{ events: Array<{ action: string; detail: unknown; text: string }> }>(
      second,
      second.adminToken,
      'GET',
      `/api/arenden/${arendeId}/audit`,
    );
    const migrated = audit.body.events.filter((event) => event.action === 'beslutsplanering_migrated');
    expect(migrated).toEqual([
      expect.objectContaining({
        detail: {
          documents: [
            {
              documentId: id,
              added: [
                { organ: 'ASN beredning', date: '2023-04-05' },
                { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-04-26' },
              ],
              kept: ['Ev. extra sammanträde i maj'],
            },
          ],
        },
      }),
    ]);
    expect(migrated[0]!.text).toBe(
      'förde över dokumentens beslutsplanering till ärendet (beslutsplaneringen: 2 sammanträden lades till i ärendet; behölls som text: ”Ev. extra sammanträde i maj”)',
    );
    // From now on the document follows the ärende.
    await planMeetings(second, arendeId, [{ organ: 'ASN beredning', date: '2023-04-05' }]);
    await waitFor(() => planOf(reader.doc) === 'ASN beredning 2023-04-05\nEv. extra sammanträde i maj', 'the new plan');
  });
});

describe('the demo data', () => {
  const { start, connect } = useServersAndClients();

  it('gives each seed tjänsteskrivelse’s ärende the meetings its Beslutsplanering lists, which the document then shows', async () => {
    const server = await start({ seedDemo: true });
    const found = await api<{ arenden: Array<{ id: string; beslutsplanering: unknown[] }> }>(
      server,
      server.adminToken,
      'GET',
      '/api/arenden?q=ASN-2023-12667',
    );
    const arende = found.body.arenden[0]!;
    expect(arende.beslutsplanering).toEqual([
      { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-06-22' },
      { organ: 'ASN beredning', date: '2023-08-09' },
      { organ: 'Arbetsmarknads- och socialnämndens arbetsutskott', date: '2023-08-17' },
      { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' },
    ]);
    const view = await api<{ documents: Array<{ id: string; type: string }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/arenden/${arende.id}`,
    );
    const document = view.body.documents.find((candidate) => candidate.type === 'tjansteskrivelse')!;
    const client = connect(server, document.id);
    await waitSynced(client);
    expect(planOf(client.doc).split('\n')).toEqual([
      'Arbetsmarknads- och socialnämnden 2023-06-22',
      'ASN beredning 2023-08-09',
      'Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17',
      'Arbetsmarknads- och socialnämnden 2023-08-30',
    ]);
  });
});
