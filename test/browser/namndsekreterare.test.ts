import { describe, expect, it } from 'vitest';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api } from '../helpers/server';

describe('when a document is ready for the arbetsutskott', () => {
  const env = useServerAndBrowser();

  it('offers its editor no meeting step, and lets the nämndsekreterare, who only reads it, mark it behandlad', async () => {
    const { server, browser } = env;
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const { id } = (await response.json()) as { id: string };
    const editor = await createPerson(server, 'Mimmi Olsson');
    const lena = await createPerson(server, 'Lena Ek');
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${lena.id}`, { isNamndsekreterare: true })).status).toBe(200);
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: editor.id, role: 'editor' },
      { principalType: 'user', principalId: lena.id, role: 'reader' },
    ]);
    for (const status of ['granskning', 'klar_for_au']) {
      expect((await api(server, editor.token, 'POST', `/api/documents/${id}/status`, { status })).status).toBe(200);
    }

    const editorPage = await signedInPage(browser, server.url, editor.email, PERSON_PASSWORD);
    await openDocument(editorPage, server.url, id);
    await editorPage.getByRole('heading', { name: 'Status: Klar för arbetsutskott' }).waitFor();
    await editorPage.getByRole('button', { name: 'Tillbaka till utkast' }).waitFor();
    expect(await editorPage.getByRole('button', { name: 'Till behandlad i nämnd' }).count()).toBe(0);
    await editorPage.context().close();

    const secretaryPage = await signedInPage(browser, server.url, lena.email, PERSON_PASSWORD);
    await openDocument(secretaryPage, server.url, id);
    await secretaryPage.getByRole('button', { name: 'Till behandlad i nämnd' }).click();
    await secretaryPage.getByRole('heading', { name: 'Status: Behandlad i nämnd' }).waitFor();
    await secretaryPage.context().close();
  });
});
