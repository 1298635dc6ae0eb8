/**
 * Issue 15, in the browser: the versions dialog shows open suggestions as suggestions, both in a
 * version opened read-only and in the comparison (where text proposed for deletion is not shown
 * as deleted).
 */
import { describe, expect, it } from 'vitest';
import { paragraph, type Block } from '../../shared/doc/blockModel';
import { replaceSectionContent } from '../../shared/doc/documentState';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients';
import { ADMIN, api, createDocument, wsUrl } from '../helpers/server';

const SECTION = 'sammanfattning';

describe('when an official opens the versions of a document with open suggestions', () => {
  const env = useServerAndBrowser();

  it('sees them marked as suggestions in the version and in the comparison', async () => {
    const { server } = env;
    const id = await createDocument(server);
    const { body: session } = await api<{ user: { id: string; name: string } }>(server, server.adminToken, 'GET', '/api/session');
    const proposed: Block = {
      kind: 'paragraph',
      runs: [
        { text: 'Nämnden ' },
        {
          text: 'föreslås ',
          suggestions: [
            {
              kind: 'deletion',
              id: 'demo-deletion-1',
              userId: session.user.id,
              userName: session.user.name,
              createdAt: new Date().toISOString(),
            },
          ],
        },
        { text: 'bifalla ansökan.' },
      ],
    };
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    try {
      await waitSynced(writer);
      replaceSectionContent(writer.doc, SECTION, [paragraph('Nämnden föreslås bifalla ansökan.')]);
      await waitFor(() => sectionText(writer.doc, SECTION).includes('bifalla'), 'the text');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name: 'Före förslaget' })).status).toBe(201);
      replaceSectionContent(writer.doc, SECTION, [proposed]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name: 'Med förslag' })).status).toBe(201);
    } finally {
      writer.destroy();
    }

    const page = await signedInPage(env.browser, server.url, ADMIN.email, ADMIN.password);
    await openDocument(page, server.url, id);
    await page.getByRole('button', { name: 'Versioner' }).click();
    await page.locator('.versions li').first().waitFor();

    await page.getByLabel('Jämför').selectOption({ label: 'Före förslaget' });
    await page.getByLabel('med').selectOption({ label: 'Nuvarande text' });
    await page.getByRole('button', { name: 'Jämför', exact: true }).click();
    const section = page.locator(`.comparison-section[data-section-key="${SECTION}"]`);
    await section.waitFor();
    expect(await section.locator('del').count()).toBe(0);
    const suggested = section.locator('.diff-suggestion-deletion');
    expect(await suggested.innerText()).toContain('föreslås');
    expect(await suggested.getAttribute('title')).toBe(`föreslagen borttagning av ${session.user.name}`);
    expect(await section.innerText()).toContain('förslagen i den har ändrats');

    await page.getByRole('button', { name: 'Visa Med förslag' }).click();
    const marked = page.locator('.version-view del[data-suggestion="deletion"]');
    await marked.waitFor();
    expect(await marked.innerText()).toContain('föreslås');
    await page.close();
  });
});
