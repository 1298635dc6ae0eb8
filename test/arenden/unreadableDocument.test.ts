/**
 * The ärende's meetings are saved even when one of its documents cannot be brought up to date at
 * once (its stored state cannot be read): the answer names that document, the failure is logged
 * and counted, and the document shows the meetings as soon as its room loads again.
 * Real server; the document's stored snapshot is broken and mended in its SQLite file.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ARENDE_LINK, metaMap } from '../../shared/doc/documentState';
import { sectionText, waitFor, waitSynced } from '../helpers/clients';
import { api, useServersAndClients, type TestServer } from '../helpers/server';
import { documentInArende, documentInNewArende, planMeetings } from './fixture';

const roomOf = (id: string) => `doc:${id}`;

/** Replaces the room's stored snapshot with bytes no Y.Doc can read; returns a function that puts it back. */
async function breakStoredState(server: TestServer, id: string): Promise<() => void> {
  await waitFor(() => !server.registry.holds(roomOf(id)), 'the room to be unloaded and compacted');
  const database = new Database(path.join(server.dataDir, 'yttra.sqlite'));
  try {
    const row = database.prepare('SELECT state FROM room_snapshot WHERE room = ?').get(roomOf(id)) as { state: Buffer } | undefined;
    if (!row) throw new Error(`no snapshot stored for ${id}`);
    database.prepare('UPDATE room_snapshot SET state = ? WHERE room = ?').run(Buffer.alloc(16, 0xff), roomOf(id));
    return () => {
      const mend = new Database(path.join(server.dataDir, 'yttra.sqlite'));
      mend.prepare('UPDATE room_snapshot SET state = ? WHERE room = ?').run(row.state, roomOf(id));
      mend.close();
    };
  } finally {
    database.close();
  }
}

async function backgroundErrors(server: TestServer, task: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`yttra_background_errors_total{task="${task}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('when the ärende’s meetings change and one of its documents cannot be read', () => {
  const { start, connect } = useServersAndClients();

  it('saves the meetings, answers 200 naming that document, and the document shows them when it loads again', async () => {
    const server = await start();
    const { arendeId, id: readable } = await documentInNewArende(server, 'ASN-2023-12667');
    const unreadable = await documentInArende(server, arendeId, 'tjansteskrivelse', 'Trygghetsvandringar i Rosengård');
    const reader = connect(server, readable);
    await waitSynced(reader);
    const mend = await breakStoredState(server, unreadable);
    const failuresBefore = await backgroundErrors(server, 'ärende sections');

    const meetings = [{ organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' }];
    const { status, body } = await planMeetings(server, arendeId, meetings);

    expect(status).toBe(200);
    expect(body.arende?.beslutsplanering).toEqual(meetings);
    expect(body.notUpdated?.documents).toEqual([{ id: unreadable, title: 'Trygghetsvandringar i Rosengård' }]);
    expect(body.notUpdated?.message).toMatch(
      /^Ändringen är sparad i ärendet, men dokumentet ”Trygghetsvandringar i Rosengård” kunde inte uppdateras/,
    );
    const stored = await api<{ beslutsplanering: unknown[] }>(server, server.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(stored.body.beslutsplanering).toEqual(meetings);
    // The documents that could be read show the meetings at once.
    await waitFor(() => sectionText(reader.doc, 'beslutsplanering') === 'Arbetsmarknads- och socialnämnden 2023-08-30', 'the new plan');
    expect(await backgroundErrors(server, 'ärende sections')).toBe(failuresBefore + 1);

    mend();
    const late = connect(server, unreadable);
    await waitSynced(late);
    await waitFor(
      () => sectionText(late.doc, 'beslutsplanering') === 'Arbetsmarknads- och socialnämnden 2023-08-30',
      'the mended document to show the meetings saved while it could not be read',
    );
  });

  it('answers without notUpdated when every document was brought up to date', async () => {
    const server = await start();
    const { arendeId } = await documentInNewArende(server, 'ASN-2023-12667');
    const { status, body } = await planMeetings(server, arendeId, [{ organ: 'ASN beredning', date: '2023-08-09' }]);
    expect(status).toBe(200);
    expect(body.notUpdated).toBeUndefined();
  });
});

describe('when a document’s room loads while its ärende has meetings it does not show', () => {
  const { start, connect } = useServersAndClients();

  it('brings the section up to date after a restart, without any change of meetings', async () => {
    const first = await start();
    const { arendeId, id } = await documentInNewArende(first, 'ASN-2023-12667');
    await first.close();
    // The next start takes the ärende's documents over once (beslutsplaneringMigration.ts); after
    // it, only the document's own load can bring it in step.
    await (await start({ dataDir: first.dataDir })).close();
    // Meetings changed in the database while the document was not written (a crash in between).
    const database = new Database(path.join(first.dataDir, 'yttra.sqlite'));
    database
      .prepare('UPDATE arende SET beslutsplanering = ? WHERE id = ?')
      .run(JSON.stringify([{ organ: 'Kommunfullmäktige', date: '2023-09-28' }]), arendeId);
    database.close();

    const third = await start({ dataDir: first.dataDir });
    const client = connect(third, id);
    await waitSynced(client);
    await waitFor(() => sectionText(client.doc, 'beslutsplanering') === 'Kommunfullmäktige 2023-09-28', 'the section to follow the ärende');
  });

  it('gives the section back as text when the database has the document in no ärende but the link stayed', async () => {
    const first = await start();
    const { id } = await documentInNewArende(first, 'ASN-2023-12667');
    await first.close();
    // Taken out of the ärende in the database only (the release did not reach the document).
    const database = new Database(path.join(first.dataDir, 'yttra.sqlite'));
    database.prepare('UPDATE document SET arende_id = NULL WHERE id = ?').run(id);
    database.close();

    const second = await start({ dataDir: first.dataDir });
    const client = connect(second, id);
    await waitSynced(client);
    await waitFor(() => !metaMap(client.doc).has(ARENDE_LINK), 'the link to the ärende to go');
    expect(sectionText(client.doc, 'beslutsplanering')).toContain('ASN beredning 2023-08-09');
  });
});

describe('when a document that cannot be read is put in an ärende', () => {
  const { start } = useServersAndClients();

  it('is refused and left out of the ärende, so no later load takes it over as a document from before', async () => {
    const server = await start();
    const { arendeId } = await documentInNewArende(server, 'ASN-2023-5446');
    const { body: created } = await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', {
      type: 'tjansteskrivelse',
      title: 'Utanför ärendet',
    });
    await breakStoredState(server, created.id);

    const { status } = await api(server, server.adminToken, 'PUT', `/api/documents/${created.id}/arende`, { arendeId });
    expect(status).toBeGreaterThanOrEqual(500);
    const arende = await api<{ documents: Array<{ id: string }> }>(server, server.adminToken, 'GET', `/api/arenden/${arendeId}`);
    expect(arende.body.documents.map((document) => document.id)).not.toContain(created.id);
  });
});
