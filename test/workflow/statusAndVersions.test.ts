import { describe, expect, it } from 'vitest';
import { changedWords } from '../../shared/diff/wordDiff';
import { readFields, writeField } from '../../shared/doc/headerFields';
import { importText } from '../../server/import';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, createDocument, startTestServer, wsUrl, type TestServer, useServersAndClients } from '../helpers/server';

describe('the status workflow and versions', () => {
  const { start, connect } = useServersAndClients();
  /** A complete tjänsteskrivelse, imported from seed ASN-2023-5446. */
  const importSeed = async (server: TestServer, token = server.adminToken) => {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    return ((await response.json()) as { id: string }).id;
  };
  const setStatus = (server: TestServer, id: string, status: string, token = server.adminToken, override?: string) =>
    api<{ error?: string; issues?: Array<{ key: string }>; status?: string }>(server, token, 'POST', `/api/documents/${id}/status`, {
      status,
      override,
    });

  it('refuses "klar för arbetsutskott" for an incomplete document and names what is missing', async () => {
    const server = await start();
    const id = await createDocument(server);
    expect((await setStatus(server, id, 'granskning')).status).toBe(200);
    const refused = await setStatus(server, id, 'klar_for_au');
    expect(refused.status).toBe(409);
    expect(refused.body.issues!.map((issue) => issue.key)).toEqual(
      expect.arrayContaining(['sammanfattning', 'forslagTillBeslut', 'barnperspektiv', 'diarienummer']),
    );
    expect(refused.body.error).toMatch(/Sammanfattning saknas/);
  });

  it('lets only an administrator override the check, and audits it', async () => {
    const server = await start();
    const editor = await createPerson(server, 'Eva Redaktör');
    const id = await createDocument(server);
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    await setStatus(server, id, 'granskning', editor.token);
    expect((await setStatus(server, id, 'klar_for_au', editor.token, 'brådskande')).status).toBe(403);
    expect((await setStatus(server, id, 'klar_for_au', server.adminToken, 'Brådskande ärende, beslutat av ordföranden')).status).toBe(200);
    const audit = await api<{ events: Array<{ action: string; detail: { override?: string } }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/audit`,
    );
    expect(audit.body.events.find((event) => event.action === 'status_changed' && event.detail.override)).toBeDefined();
  });

  it('refuses a skipped step and a reader, with a clear message', async () => {
    const server = await start();
    const reader = await createPerson(server, 'Rut Läsare');
    const id = await importSeed(server);
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
    const skipped = await setStatus(server, id, 'justerad');
    expect(skipped.status).toBe(400);
    expect(skipped.body.error).toMatch(/ett steg i taget/);
    expect((await setStatus(server, id, 'granskning', reader.token)).status).toBe(403);
  });

  it('walks a complete document to justerad, after which the socket refuses every change', async () => {
    const server = await start();
    const id = await importSeed(server);
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      expect((await setStatus(server, id, status)).status, status).toBe(200);
    }
    const writer = connect(server, id);
    const watcher = connect(server, id);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);
    typeInSection(writer.doc, 'sammanfattning', ' ÄNDRAT EFTER JUSTERING');
    const fresh = connect(server, id);
    await waitSynced(fresh);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sectionText(fresh.doc, 'sammanfattning')).not.toContain('ÄNDRAT EFTER JUSTERING');
    expect(sectionText(watcher.doc, 'sammanfattning')).not.toContain('ÄNDRAT EFTER JUSTERING');
    const history = await api<{ transitions: Array<{ to: string }> }>(server, server.adminToken, 'GET', `/api/documents/${id}/status`);
    expect(history.body.transitions.map((transition) => transition.to)).toEqual(['granskning', 'klar_for_au', 'behandlad', 'justerad']);
    // Reopening is the administrator's, with a reason.
    expect((await setStatus(server, id, 'behandlad')).status).toBe(400);
    expect((await setStatus(server, id, 'behandlad', server.adminToken, 'Fel i beslutspunkt 2')).status).toBe(200);
  });

  it('reports exactly the inserted and deleted words between two versions', async () => {
    const server = await start();
    const id = await createDocument(server);
    const writer = connect(server, id);
    await waitSynced(writer);
    typeInSection(writer.doc, 'sammanfattning', 'Nämnden ser positivt på samverkan med polisen.');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const first = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Till arbetsutskottet 2023-08-17',
    });
    expect(first.status).toBe(201);
    writer.doc.transact(() => {
      const text = sectionText(writer.doc, 'sammanfattning');
      const xmlText = (writer.doc.getXmlFragment('body').get(0) as import('yjs').XmlElement).get(0) as import('yjs').XmlElement;
      const inner = xmlText.get(0) as import('yjs').XmlText;
      inner.delete(text.indexOf('positivt'), 'positivt '.length);
      inner.insert(text.indexOf('samverkan') - 'positivt '.length, 'fördjupad ');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Efter beredning',
    });
    const compared = await api<{
      sections: Array<{ key: string; changed: boolean; parts: Array<{ kind: 'same' | 'inserted' | 'deleted'; text: string }> }>;
    }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/compare?from=${first.body.version.id}&to=${second.body.version.id}`,
    );
    const sammanfattning = compared.body.sections.find((section) => section.key === 'sammanfattning')!;
    expect(changedWords(sammanfattning.parts)).toEqual({ inserted: ['fördjupad'], deleted: ['positivt'] });
    expect(compared.body.sections.filter((section) => section.changed).map((section) => section.key)).toEqual(['sammanfattning']);
  });

  it('restores a version as a new change that every connected client sees', async () => {
    const server = await start();
    const id = await createDocument(server);
    const writer = connect(server, id);
    const other = connect(server, id);
    await Promise.all([waitSynced(writer), waitSynced(other)]);
    typeInSection(writer.doc, 'arendet', 'Den ursprungliga texten.');
    writeField(writer.doc, { key: 'diarienummer', kind: 'diarienummer' }, 'ASN-2023-13451');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const version = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Före omskrivning',
    });
    typeInSection(writer.doc, 'arendet', ' Ett tillägg som ångras.');
    writeField(writer.doc, { key: 'diarienummer', kind: 'diarienummer' }, 'ASN-2024-1');
    await waitFor(() => sectionText(other.doc, 'arendet').includes('tillägg'), 'the addition to arrive');
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${version.body.version.id}/restore`)).status).toBe(
      200,
    );
    for (const client of [writer, other]) {
      await waitFor(() => sectionText(client.doc, 'arendet') === 'Den ursprungliga texten.', 'the restored text');
      await waitFor(() => readFields(client.doc).diarienummer === 'ASN-2023-13451', 'the restored diarienummer');
    }
    const versions = await api<{ versions: Array<{ name: string }> }>(server, server.adminToken, 'GET', `/api/documents/${id}/versions`);
    expect(versions.body.versions.map((entry) => entry.name)).toEqual([
      'Före omskrivning',
      expect.stringMatching(/^Före återställning till ”Före omskrivning” \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
    ]);
  });

  it("generates the seed yttrande's closing lines from its linked bilagor, live as co-signers change", async () => {
    const server = await start();
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    const farishta = await createPerson(server, 'Farishta Sulaiman', { party: 'M' });
    const ingrid = await createPerson(server, 'Ingrid Gunnarson', { party: 'M' });
    const anna = await createPerson(server, 'Anna Adell', { party: 'M' });
    for (const person of [kerstin, farishta, ingrid, anna]) await addToGroup(server, moderaterna, person.id);
    await addToGroup(server, await createGroup(server, 'Vänsterpartiet', 'parti', 'V'), marek.id);
    // They sit on the nämnd the seed belongs to: only its ledamöter and ersättare file bilagor (issue 16).
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    for (const person of [kerstin, marek, farishta, ingrid, anna]) await addToGroup(server, namnd, person.id);
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await response.json()) as { id: string }).id;
    for (const person of [kerstin, marek, farishta, ingrid, anna]) {
      await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: person.id, role: 'commenter' }]);
    }
    const bilaga = (token: string, type: string, cosigners: string[]) =>
      api<{ id: string }>(server, token, 'POST', `/api/documents/${mainId}/bilagor`, { type, cosigners });
    // A joint statement across parties, as in the seed: Marek (V) is invited and signs himself.
    const sarskilt = await bilaga(kerstin.token, 'sarskilt_yttrande', [marek.id]);
    expect(sarskilt.status).toBe(201);
    const confirmed = await api(server, marek.token, 'POST', `/api/documents/${mainId}/bilagor/${sarskilt.body.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    const reservation = await bilaga(farishta.token, 'reservation', [ingrid.id]);
    const lines = async () =>
      (await api<{ closingLines: string[] }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`)).body.closingLines;
    expect(await lines()).toEqual([
      'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
      'Farishta Sulaiman (M) och Ingrid Gunnarson (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    ]);

    // Anna signs the reservation in the editor; the main document's line follows.
    const annaClient = connect(server, reservation.body.id, anna.token);
    await waitSynced(annaClient);
    const signers = readFields(annaClient.doc).undertecknare as Array<{ name: string; party?: string }>;
    writeField(annaClient.doc, { key: 'undertecknare', kind: 'persons' }, [...signers, { name: 'Anna Adell', party: 'M' }]);
    const watcher = connect(server, mainId);
    await waitFor(
      () =>
        JSON.stringify(watcher.doc.getMap('meta').get('closingLines')) ===
        JSON.stringify([
          'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
          'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
        ]),
      'the closing lines to follow the new co-signer',
    );
    // The wording is the seed's own.
    const seed = readSeed('yttrande-asn-2023-13451');
    for (const line of await lines()) expect(seed).toContain(line);
    expect(importText(seed).announcedBilagor).toHaveLength(2);
  });
});

describe('exporting a named version', () => {
  it('exports the text as it was in that version', async () => {
    const server = await startTestServer();
    try {
      const id = await createDocument(server);
      const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
      await waitSynced(writer);
      typeInSection(writer.doc, 'arendet', 'Texten till arbetsutskottet.');
      await new Promise((resolve) => setTimeout(resolve, 150));
      const version = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
        name: 'Till AU',
      });
      typeInSection(writer.doc, 'arendet', ' Tillägg efter AU.');
      await new Promise((resolve) => setTimeout(resolve, 150));
      const exported = async (query: string) =>
        (
          await fetch(`${server.url}/api/documents/${id}/export?format=txt${query}`, {
            headers: { authorization: `Bearer ${server.adminToken}` },
          })
        ).text();
      expect(await exported(`&version=${version.body.version.id}`)).not.toContain('Tillägg efter AU');
      expect(await exported(`&version=${version.body.version.id}`)).toContain('Texten till arbetsutskottet.');
      expect(await exported('')).toContain('Tillägg efter AU');
      writer.destroy();
    } finally {
      await server.close();
    }
  });
});
