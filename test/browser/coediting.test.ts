import { describe, expect, it } from 'vitest';
import { documentType } from '../../shared/model';
import { connectClient, sectionKeys, sectionText, waitFor, waitSynced } from '../helpers/clients';
import { clickIntoSection, twoPeopleOnOneDocument as openAsTwo, useServerAndBrowser } from '../helpers/browser';
import { wsUrl } from '../helpers/server';

const titles = documentType('tjansteskrivelse').sections.map((section) => section.title);

describe('when two people open one document in Chromium', () => {
  const env = useServerAndBrowser();

  async function twoPeopleOnOneDocument() {
    const { id, pages } = await openAsTwo(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Bertil Chef', role: 'editor' },
    );
    return { id, pageA: pages[0], pageB: pages[1] };
  }

  it('shows text typed in one section of page A in the same section of page B', async () => {
    const { pageA, pageB } = await twoPeopleOnOneDocument();
    await clickIntoSection(pageA, 'sammanfattning');
    await pageA.keyboard.type('Nämnden föreslås godkänna samverkan.');
    const inB = pageB.locator('.section-block[data-section-key="sammanfattning"] .section-content');
    await inB.getByText('Nämnden föreslås godkänna samverkan.').waitFor({ timeout: 10_000 });
    await pageA.locator('.sync-status[data-state="saved"]').waitFor();
    expect(await pageB.locator('.section-block[data-section-key="arendet"] .section-content').innerText()).not.toContain('godkänna');
  });

  it("shows each person the other one's named caret and presence", async () => {
    const { pageA, pageB } = await twoPeopleOnOneDocument();
    await clickIntoSection(pageA, 'arendet');
    await pageA.keyboard.type('Bakgrund');
    await pageB.locator('.collaboration-carets__label', { hasText: 'Anna Handläggare' }).waitFor({ timeout: 10_000 });
    await clickIntoSection(pageB, 'sammanfattning');
    await pageB.keyboard.type('x');
    await pageA.locator('.collaboration-carets__label', { hasText: 'Bertil Chef' }).waitFor({ timeout: 10_000 });
    await pageA.locator('.presence li', { hasText: 'Bertil Chef' }).waitFor();
  });

  it('keeps A typing in the section A is in when B starts typing in the same empty paragraph', async () => {
    const { pageA, pageB } = await twoPeopleOnOneDocument();
    await clickIntoSection(pageA, 'sammanfattning');
    await pageA.keyboard.type('Utkast');
    await pageA.keyboard.press('Control+a');
    await pageA.keyboard.press('Backspace');
    await expect
      .poll(() => pageB.locator('.section-block[data-section-key="sammanfattning"] .section-content').innerText(), { timeout: 10_000 })
      .not.toContain('Utkast');
    await clickIntoSection(pageB, 'sammanfattning');
    await pageB.keyboard.type('Bertil först.');
    await pageA.getByText('Bertil först.').waitFor({ timeout: 10_000 });
    await pageA.keyboard.type('Anna');
    const sammanfattningInB = pageB.locator('.section-block[data-section-key="sammanfattning"] .section-content');
    await expect.poll(() => sammanfattningInB.innerText(), { timeout: 10_000 }).toContain('Anna');
    expect(await pageB.locator('.section-block[data-section-key="forslagTillBeslut"] .section-content').innerText()).not.toContain('Anna');
  });

  it('keeps every section title after select-all and Backspace, on both pages and on the env.server', async () => {
    const { id, pageA, pageB } = await twoPeopleOnOneDocument();
    await clickIntoSection(pageA, 'sammanfattning');
    await pageA.keyboard.type('Text som ska bort');
    await pageB.getByText('Text som ska bort').waitFor();
    await pageA.keyboard.press('Control+a');
    await pageA.keyboard.press('Backspace');
    await pageA.keyboard.type('Ny text');
    await pageB.getByText('Ny text').waitFor();
    for (const page of [pageA, pageB]) {
      expect(await page.locator('.section-title').allInnerTexts()).toEqual(titles.map((title) => expect.stringContaining(title)));
    }
    await pageA.locator('.sync-status[data-state="saved"]').waitFor();
    const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
    try {
      await waitSynced(check);
      await waitFor(() => !sectionText(check.doc, 'sammanfattning').includes('Text som ska bort'), 'the deletion on the env.server');
      expect(sectionKeys(check.doc)).toEqual(documentType('tjansteskrivelse').sections.map((section) => section.key));
    } finally {
      check.destroy();
    }
  });

  it('jumps from the outline to a section, ready to write there', async () => {
    const { pageA, pageB } = await twoPeopleOnOneDocument();
    await pageA.locator('.outline').getByRole('link', { name: 'Ekonomiska konsekvenser' }).click();
    await pageA.keyboard.type('Inga kostnader.');
    const inB = pageB.locator('.section-block[data-section-key="ekonomiskaKonsekvenser"] .section-content');
    await inB.getByText('Inga kostnader.').waitFor({ timeout: 10_000 });
    expect(await pageA.locator('.section-block[data-section-key="ekonomiskaKonsekvenser"] .section-title').isVisible()).toBe(true);
  });

  it('shows a header field edited in B in A', async () => {
    const { pageA, pageB } = await twoPeopleOnOneDocument();
    await pageB.getByLabel('Diarienummer').fill('ASN-2023-13451');
    await expect.poll(() => pageA.getByLabel('Diarienummer').inputValue(), { timeout: 10_000 }).toBe('ASN-2023-13451');
    await pageB.getByLabel('Diarienummer').fill('asn-23-1');
    await pageB.getByText('ska se ut som ASN-2023-13451').waitFor();
  });
});
