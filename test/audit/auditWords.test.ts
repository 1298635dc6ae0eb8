/**
 * The audit log in words (issue 16): a document made from the Stockholm-style pack logs an edit
 * of its section "arendet" as Ärendebeskrivning and of its field "namnd" as Till, the pack's own
 * names, never the keys nor the default pack's names; the events come oldest first.
 */
import { describe, expect, it } from 'vitest';
import { writeField } from '../../shared/doc/headerFields';
import { connectClient, typeInSection, waitSynced } from '../helpers/clients';
import { api, createDocument, useServersAndClients, wsUrl } from '../helpers/server';

interface Logged {
  id: number;
  action: string;
  at: string;
  userName: string | null;
  text: string;
}

describe('the audit log in words', () => {
  const { start } = useServersAndClients();

  it("names sections and fields as the document's own template does, in the order things happened, with who and when", async () => {
    const server = await start();
    expect((await api(server, server.adminToken, 'PUT', '/api/templates/active', { packId: 'stockholm' })).status).toBe(200);
    const id = await createDocument(server, 'tjansteskrivelse', 'Samverkan med polisen');
    const client = connectClient(wsUrl(server), id, { token: server.adminToken });
    try {
      await waitSynced(client);
      typeInSection(client.doc, 'arendet', 'Bakgrunden till ärendet.');
      writeField(client.doc, { key: 'namnd', kind: 'organ' }, 'Socialnämnden');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      client.destroy();
    }
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);

    const { body } = await api<{ events: Logged[] }>(server, server.adminToken, 'GET', `/api/documents/${id}/audit`);
    const texts = body.events.map((event) => event.text);
    expect(texts).toContain('ändrade Ärendebeskrivning');
    expect(texts).toContain('ändrade fältet Till');
    expect(texts.join('\n')).not.toMatch(/arendet|namnd|Ärendet\b/);
    expect(texts).toContain('ändrade status från utkast till granskning');
    expect(texts[0]).toBe('skapade dokumentet (tjänsteutlåtande)');
    const ids = body.events.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const edited = body.events.find((event) => event.text === 'ändrade Ärendebeskrivning')!;
    expect(edited.userName).toBe('Administratör');
    expect(Number.isNaN(Date.parse(edited.at))).toBe(false);
    expect(texts.indexOf('ändrade Ärendebeskrivning')).toBeLessThan(texts.indexOf('ändrade status från utkast till granskning'));
  });
});
