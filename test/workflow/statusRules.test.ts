import { describe, expect, it } from 'vitest';
import { metaMap } from '../../shared/doc/documentState';
import { readTitle, writeTitle } from '../../shared/doc/headerFields';
import { sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { readSeed, type SeedName } from '../helpers/seeds';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';

interface StatusAnswer {
  status?: string;
  error?: string;
  issues?: Array<{ kind: string; key: string; title: string; message: string }>;
}

describe('the status workflow rules', () => {
  const { start, connect } = useServersAndClients();
  const importSeed = async (server: TestServer, seed: SeedName = 'tjansteskrivelse-asn-2023-5446') => {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed(seed),
    });
    return ((await response.json()) as { id: string }).id;
  };
  const setStatus = (server: TestServer, id: string, status: string, token = server.adminToken, override?: string) =>
    api<StatusAnswer>(server, token, 'POST', `/api/documents/${id}/status`, { status, override });
  const walk = async (server: TestServer, id: string, statuses: string[]) => {
    for (const status of statuses) expect((await setStatus(server, id, status)).status, `to ${status}`).toBe(200);
  };

  it('answers 409 with the missing items when an administrator overrides with a blank reason', async () => {
    const server = await start();
    const id = await createDocument(server);
    await walk(server, id, ['granskning']);
    const refused = await setStatus(server, id, 'klar_for_au', server.adminToken, '   ');
    expect(refused.status).toBe(409);
    expect(refused.body.issues!.length).toBeGreaterThan(0);
    for (const issue of refused.body.issues!) {
      expect(issue.title, issue.key).not.toBe('');
      expect(issue.message, issue.key).not.toBe('');
    }
  });

  it('records who moved the document, when, from and to, and makes a version named after each status', async () => {
    const server = await start();
    const editor = await createPerson(server, 'Eva Redaktör');
    const id = await importSeed(server);
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    const before = new Date().toISOString();
    expect((await setStatus(server, id, 'granskning', editor.token)).status).toBe(200);
    expect((await setStatus(server, id, 'klar_for_au', editor.token)).status).toBe(200);
    const history = await api<{
      status: string;
      transitions: Array<{ at: string; userId: string; from: string; to: string }>;
      completeness: unknown[];
    }>(server, editor.token, 'GET', `/api/documents/${id}/status`);
    expect(history.body.status).toBe('klar_for_au');
    expect(history.body.completeness).toEqual([]);
    expect(history.body.transitions.map(({ userId, from, to }) => ({ userId, from, to }))).toEqual([
      { userId: editor.id, from: 'utkast', to: 'granskning' },
      { userId: editor.id, from: 'granskning', to: 'klar_for_au' },
    ]);
    for (const transition of history.body.transitions) expect(transition.at >= before).toBe(true);
    const versions = await api<{ versions: Array<{ name: string; createdBy: string }> }>(
      server,
      editor.token,
      'GET',
      `/api/documents/${id}/versions`,
    );
    expect(versions.body.versions.map((version) => version.name)).toEqual([
      expect.stringMatching(/^Granskning \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      expect.stringMatching(/^Klar för arbetsutskott \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
    ]);
    const listed = await api<{ documents: Array<{ id: string; status: string }> }>(
      server,
      editor.token,
      'GET',
      '/api/documents?status=klar_for_au',
    );
    expect(listed.body.documents.map((document) => document.id)).toEqual([id]);
  });

  it('moves a document back to utkast from behandlad, but never forward past a step', async () => {
    const server = await start();
    const id = await importSeed(server);
    await walk(server, id, ['granskning', 'klar_for_au', 'behandlad']);
    expect((await setStatus(server, id, 'utkast')).status).toBe(200);
    const forward = await setStatus(server, id, 'klar_for_au');
    expect(forward.status).toBe(400);
    expect(forward.body.error).toMatch(/från Utkast till Klar för arbetsutskott/);
  });

  it('lets only an administrator reopen a justerad document, with a reason, audited as a reopening', async () => {
    const server = await start();
    const owner = await createPerson(server, 'Olle Ägare');
    const id = await importSeed(server);
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: owner.id, role: 'owner' }]);
    await walk(server, id, ['granskning', 'klar_for_au', 'behandlad', 'justerad']);

    const byOwner = await setStatus(server, id, 'behandlad', owner.token, 'Fel i beslutspunkt 2');
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error).toMatch(/administratör/);
    expect((await setStatus(server, id, 'granskning', server.adminToken, 'Fel i beslutspunkt 2')).status).toBe(400);
    expect((await setStatus(server, id, 'behandlad', server.adminToken, ' ')).status).toBe(400);
    expect((await setStatus(server, id, 'behandlad', server.adminToken, 'Fel i beslutspunkt 2')).status).toBe(200);

    const audit = await api<{ events: Array<{ action: string; detail: { from?: string; to?: string; reason?: string } }> }>(
      server,
      owner.token,
      'GET',
      `/api/documents/${id}/audit`,
    );
    expect(audit.body.events.filter((event) => event.action === 'reopened').map((event) => event.detail)).toEqual([
      { from: 'justerad', to: 'behandlad', reason: 'Fel i beslutspunkt 2' },
    ]);

    // Reopened, the document takes changes over the socket again.
    const writer = connect(server, id);
    const reader = connect(server, id);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    typeInSection(writer.doc, 'sammanfattning', ' Rättad efter justering.');
    await waitFor(() => sectionText(reader.doc, 'sammanfattning').includes('Rättad efter justering.'), 'the correction to arrive');
  });
  it("refuses a client that sets the status or the closing lines itself: both are the server's", async () => {
    const server = await start();
    const id = await createDocument(server);
    const cheater = connect(server, id);
    const watcher = connect(server, id);
    await Promise.all([waitSynced(cheater), waitSynced(watcher)]);
    metaMap(cheater.doc).set('status', 'justerad');
    metaMap(cheater.doc).set('closingLines', ['Ingen avser inkomma med något, bilaga.']);
    // A change that is let through travels to the others: the title proves the path is open.
    const honest = connect(server, id);
    await waitSynced(honest);
    writeTitle(honest.doc, 'Ny titel');
    await waitFor(() => readTitle(watcher.doc) === 'Ny titel', 'the honest title change');
    expect(metaMap(watcher.doc).get('status')).toBe('utkast');
    expect(metaMap(watcher.doc).get('closingLines')).toBeUndefined();
    const history = await api<{ status: string }>(server, server.adminToken, 'GET', `/api/documents/${id}/status`);
    expect(history.body.status).toBe('utkast');
  });
});
