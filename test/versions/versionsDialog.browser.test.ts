import { describe, expect, it } from 'vitest';
import { replaceSectionContent } from '../../shared/doc/documentState';
import { paragraph, type Block } from '../../shared/doc/blockModel';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients';
import { ADMIN, api, createDocument, wsUrl } from '../helpers/server';

const SECTION = 'sammanfattning';
const table = (cost: string): Block => ({
  kind: 'table',
  rows: [
    {
      cells: [
        { header: true, blocks: [paragraph('Verksamhet')] },
        { header: true, blocks: [paragraph('Kostnad')] },
      ],
    },
    { cells: [{ blocks: [paragraph('Förskola')] }, { blocks: [paragraph(cost)] }] },
  ],
});
const content = (cost: string): Block[] => [
  ...Array.from({ length: 6 }, (_, i) => paragraph(`Stycke ${i + 1} om verksamheten.`)),
  table(cost),
];

describe('when an official opens the versions of a document', () => {
  const env = useServerAndBrowser();

  it('sees who saved each version, only the changed table row in the comparison, and tables as tables', async () => {
    const { server } = env;
    const id = await createDocument(server);
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    try {
      await waitSynced(writer);
      replaceSectionContent(writer.doc, SECTION, content('12 mnkr'));
      await waitFor(() => sectionText(writer.doc, SECTION).includes('12 mnkr'), 'the table');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name: 'Före kostnaden' })).status).toBe(201);
      replaceSectionContent(writer.doc, SECTION, content('14 mnkr'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);
    } finally {
      writer.destroy();
    }

    const page = await signedInPage(env.browser, server.url, ADMIN.email, ADMIN.password);
    await openDocument(page, server.url, id);
    await page.getByRole('button', { name: 'Versioner' }).click();
    const authors = page.locator('.versions .version-author');
    await authors.first().waitFor();
    expect(await authors.allInnerTexts()).toEqual([
      expect.stringMatching(/^Sparad av Administratör, \d/),
      expect.stringMatching(/^Automatiskt vid statusbyte Utkast → Granskning \(Administratör\), \d/),
    ]);

    await page.getByLabel('Jämför').selectOption({ label: 'Före kostnaden' });
    await page.getByLabel('med').selectOption({ label: 'Nuvarande text' });
    await page.getByRole('button', { name: 'Jämför', exact: true }).click();
    const section = page.locator(`.comparison-section[data-section-key="${SECTION}"]`);
    await section.waitFor();
    expect(await section.locator('.diff-row ins').allInnerTexts()).toEqual(['14']);
    expect(await section.locator('.diff-row del').allInnerTexts()).toEqual(['12']);
    expect(await section.locator('.diff-collapsed').allInnerTexts()).toEqual(['… 6 oförändrade stycken …']);
    expect(await section.innerText()).not.toContain('Stycke 1 om');

    await page.getByRole('button', { name: 'Visa Före kostnaden' }).click();
    const cells = page.locator('.version-view table th, .version-view table td');
    await cells.first().waitFor();
    expect(await cells.allInnerTexts()).toEqual(['Verksamhet', 'Kostnad', 'Förskola', '12 mnkr']);
    await page.close();
  });
});
