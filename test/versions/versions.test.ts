import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { writeField } from '../../shared/doc/headerFields';
import { sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { readSeed } from '../helpers/seeds';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';

interface View {
  title: string;
  fields: Record<string, unknown>;
  sections: Array<{ key: string; blocks: Array<{ runs?: Array<{ text: string }> }> }>;
}

describe('named versions', () => {
  const servers = useServersAndClients();
  const start = servers.start;
  const connect = async (server: TestServer, id: string) => {
    const client = servers.connect(server, id);
    await waitSynced(client);
    return client;
  };
  const saveVersion = async (server: TestServer, id: string, name: string) => {
    const answer = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name });
    expect(answer.status).toBe(201);
    return answer.body.version.id;
  };
  /** The server has stored what the client typed once a second client sees it. */
  const settled = async (server: TestServer, id: string, sectionKey: string, text: string) => {
    const check = await connect(server, id);
    await waitFor(() => sectionText(check.doc, sectionKey).includes(text), `"${text}" to reach the server`);
  };

  it('opens a version read-only as it was, while the document has moved on', async () => {
    const server = await start();
    const id = await createDocument(server);
    const writer = await connect(server, id);
    typeInSection(writer.doc, 'sammanfattning', 'Första lydelsen.');
    await settled(server, id, 'sammanfattning', 'Första lydelsen.');
    const first = await saveVersion(server, id, 'Till beredningen 2023-08-09');
    typeInSection(writer.doc, 'sammanfattning', ' Andra meningen.');
    await settled(server, id, 'sammanfattning', 'Andra meningen.');

    const text = (view: View) =>
      view.sections
        .find((section) => section.key === 'sammanfattning')!
        .blocks.flatMap((block) => block.runs ?? [])
        .map((run) => run.text)
        .join('');
    const old = await api<View>(server, server.adminToken, 'GET', `/api/documents/${id}/versions/${first}`);
    const current = await api<View>(server, server.adminToken, 'GET', `/api/documents/${id}/versions/current`);
    expect(text(old.body)).toBe('Första lydelsen.');
    expect(text(current.body)).toBe('Första lydelsen. Andra meningen.');
    expect((await api(server, server.adminToken, 'GET', `/api/documents/${id}/versions/finns-inte`)).status).toBe(404);
  });

  it('names the header fields a comparison finds changed, with their old and new values', async () => {
    const server = await start();
    const id = await createDocument(server);
    const writer = await connect(server, id);
    writeField(writer.doc, { key: 'diarienummer', kind: 'diarienummer' }, 'ASN-2023-5446');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const first = await saveVersion(server, id, 'Före');
    writeField(writer.doc, { key: 'diarienummer', kind: 'diarienummer' }, 'ASN-2023-5447');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const compared = await api<{
      fields: Array<{ key: string; label: string; before: unknown; after: unknown }>;
      sections: Array<{ changed: boolean }>;
    }>(server, server.adminToken, 'GET', `/api/documents/${id}/versions/compare?from=${first}&to=current`);
    expect(compared.body.fields).toEqual([{ key: 'diarienummer', label: 'Diarienummer', before: 'ASN-2023-5446', after: 'ASN-2023-5447' }]);
    expect(compared.body.sections.some((section) => section.changed)).toBe(false);
  });

  it('restores only what changed: an untouched section keeps its Yjs content for every client', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    const id = ((await response.json()) as { id: string }).id;
    const writer = await connect(server, id);
    const version = await saveVersion(server, id, 'Före omskrivning');
    const untouched = sectionElements(writer.doc)
      .find((element) => sectionKeyOf(element) === 'sammanfattning')!
      .get(0) as Y.XmlElement;
    const untouchedText = untouched.toString();
    typeInSection(writer.doc, 'arendet', ' EN MENING SOM ÅNGRAS.');
    await settled(server, id, 'arendet', 'EN MENING SOM ÅNGRAS.');

    const restored = await api<{ kept: { id: string; name: string } }>(
      server,
      server.adminToken,
      'POST',
      `/api/documents/${id}/versions/${version}/restore`,
    );
    expect(restored.status).toBe(200);
    await waitFor(() => !sectionText(writer.doc, 'arendet').includes('ÅNGRAS'), 'the restored Ärendet');
    expect(untouched._item?.deleted).toBe(false);
    expect(untouched.toString()).toBe(untouchedText);

    // The state the restore replaced is itself a version, so the restore can be undone.
    const compared = await api<{ sections: Array<{ key: string; changed: boolean }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/compare?from=${restored.body.kept.id}&to=current`,
    );
    expect(compared.body.sections.filter((section) => section.changed).map((section) => section.key)).toEqual(['arendet']);
  });

  it('refuses to restore a version into a justerad document', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    const id = ((await response.json()) as { id: string }).id;
    const version = await saveVersion(server, id, 'Tidigt utkast');
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status });
    }
    const refused = await api<{ error: string }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${version}/restore`);
    expect(refused.status).toBe(423);
    expect(refused.body.error).toMatch(/justerat/);
  });
});
