/**
 * The document's record decides its status (status changes are conditional updates of it); the
 * document carries a copy for the editor and the structure guard. A status that reached the
 * record but not the document — the instance lost the room between the two writes — is written
 * into the document when its room next loads, before any change is accepted.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { metaMap } from '../../shared/doc/documentState';
import { createDocument, useServersAndClients } from '../helpers/server';

describe('a status the record holds but the document missed', () => {
  const { start, connect } = useServersAndClients();

  it('is written into the document when its room loads, and the justerad lock holds from the first frame', async () => {
    const server = await start();
    const id = await createDocument(server);
    await server.close();
    const database = new Database(path.join(server.dataDir, 'yttra.sqlite'));
    database.prepare(`UPDATE document SET status = 'justerad' WHERE id = ?`).run(id);
    database.close();

    const restarted = await start({ dataDir: server.dataDir });
    const writer = connect(restarted, id);
    await waitSynced(writer);
    await waitFor(() => metaMap(writer.doc).get('status') === 'justerad', 'the document to carry the recorded status');
    const before = sectionText(writer.doc, 'arendet');
    typeInSection(writer.doc, 'arendet', ' efter justeringen');

    // A fresh reader sees what is stored: the status, and none of the refused text.
    const reader = connect(restarted, id);
    await waitSynced(reader);
    expect(metaMap(reader.doc).get('status')).toBe('justerad');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = connect(restarted, id);
    await waitSynced(again);
    expect(sectionText(again.doc, 'arendet')).toBe(before);
  });
});
