/**
 * Issue 15: the demo data has a document with open suggestions from a reviewer, so a new user
 * sees at once what suggestions are and can accept or reject them.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { DEMO_PASSWORD } from '../../server/demo/demoAccounts';
import { api, signIn, useServersAndClients } from '../helpers/server';

describe('the demo data', () => {
  const { start } = useServersAndClients();

  it('has a document in which the reviewer, who may only suggest there, has open suggestions', async () => {
    const server = await start({ seedDemo: true });
    const handlaggare = await signIn(server, 'mimmi.olsson@yttra.demo', DEMO_PASSWORD);
    const reviewer = await signIn(server, 'jonas.magnusson@yttra.demo', DEMO_PASSWORD);
    const { body: list } = await api<{ documents: Array<{ id: string; title: string }> }>(server, handlaggare, 'GET', '/api/documents');
    const reviewed: Array<{ id: string; view: DocumentSnapshotView }> = [];
    for (const { id } of list.documents) {
      const { body: view } = await api<DocumentSnapshotView>(server, handlaggare, 'GET', `/api/documents/${id}/versions/current`);
      if (view.suggestions?.length) reviewed.push({ id, view });
    }
    expect(reviewed).toHaveLength(1);
    const [{ id, view }] = reviewed as [(typeof reviewed)[number]];
    expect(view.suggestions!.map((suggestion) => [suggestion.mark, suggestion.text, suggestion.userName])).toEqual([
      ['deletion', 'uppges ', 'Jonas Magnusson'],
      ['deletion', 'omfattande', 'Jonas Magnusson'],
      ['insertion', 'väl etablerad', 'Jonas Magnusson'],
      ['insertion', ' Förvaltningen återkommer till nämnden när polisens nya organisation är på plats.', 'Jonas Magnusson'],
      ['formatChange', 'besvarat', 'Jonas Magnusson'],
    ]);
    const { body: me } = await api<{ role: string }>(server, reviewer, 'GET', `/api/documents/${id}`);
    expect(me.role).toBe('suggester');
  });
});
