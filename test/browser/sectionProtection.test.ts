import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { documentType } from '../../shared/model';
import { connectClient, sectionKeys, sectionText, waitFor, waitSynced } from '../helpers/clients';
import { clickIntoSection, settle, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';
import { wsUrl } from '../helpers/server';

const templateKeys = documentType('tjansteskrivelse').sections.map((section) => section.key);
const [first, second, third] = templateKeys as [string, string, string];

function keysOnPage(page: Page): Promise<string[]> {
  return page
    .locator('.ProseMirror > .section-block')
    .evaluateAll((blocks) => blocks.map((block) => (block as HTMLElement).dataset.sectionKey ?? ''));
}

/** A section's paragraphs, one a line, as the editor shows them (without carets' name labels). */
function textOnPage(page: Page, sectionKey: string): Promise<string> {
  return page.locator(`.section-block[data-section-key="${sectionKey}"] .section-content`).evaluate((content) => {
    const copy = content.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    const textblocks = Array.from(copy.querySelectorAll('p, h1, h2, h3, h4, h5, h6'));
    return textblocks
      .map((block) => block.textContent ?? '')
      .join('\n')
      .trim();
  });
}

async function placeCaret(page: Page, sectionKey: string, where: 'Home' | 'End' = 'End'): Promise<void> {
  await clickIntoSection(page, sectionKey);
  if (where === 'Home') await page.keyboard.press('Home');
  await settle(page);
}

async function typeInto(page: Page, sectionKey: string, text: string): Promise<void> {
  await clickIntoSection(page, sectionKey);
  await page.keyboard.type(text);
}

/** Selects from the start of `sectionKey`'s first paragraph down into the next section. */
async function selectIntoNextSection(page: Page, sectionKey: string): Promise<void> {
  await placeCaret(page, sectionKey, 'Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await settle(page);
}

describe('when someone tries to remove or move a section from the keyboard', () => {
  const env = useServerAndBrowser();

  async function openAsTwo() {
    const { id, pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Bertil Chef', role: 'editor' },
    );
    return { id, pageA: pages[0], pageB: pages[1] };
  }

  async function expectEverySectionOnTheServer(id: string, expectations: Record<string, (text: string) => boolean> = {}) {
    const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
    try {
      await waitSynced(check);
      for (const [key, holds] of Object.entries(expectations)) {
        await waitFor(() => holds(sectionText(check.doc, key)), `the text of ${key} on the env.server`);
      }
      expect(sectionKeys(check.doc)).toEqual(templateKeys);
    } finally {
      check.destroy();
    }
  }

  it('Backspace at the start of a section and Delete at the end of one do not join them', async () => {
    const { id, pageA, pageB } = await openAsTwo();
    await typeInto(pageA, first, 'Första avsnittet.');
    await typeInto(pageA, second, 'Andra avsnittet.');
    await placeCaret(pageA, second, 'Home');
    for (let press = 0; press < 4; press += 1) await pageA.keyboard.press('Backspace');
    await placeCaret(pageA, first);
    for (let press = 0; press < 4; press += 1) await pageA.keyboard.press('Delete');
    await pageA.keyboard.type(' Slut.');
    await expect.poll(() => textOnPage(pageB, first), { timeout: 10_000 }).toBe('Första avsnittet. Slut.');
    expect(await textOnPage(pageB, second)).toBe('Andra avsnittet.');
    for (const page of [pageA, pageB]) expect(await keysOnPage(page)).toEqual(templateKeys);
    await pageA.locator('.sync-status[data-state="saved"]').waitFor();
    await expectEverySectionOnTheServer(id, { [first]: (text) => text.includes('Slut.') });
  });

  it('typing over a selection that spans two sections replaces the selected text in each and keeps both', async () => {
    const { id, pageA, pageB } = await openAsTwo();
    await typeInto(pageA, first, 'Gammal sammanfattning.');
    await typeInto(pageA, second, 'Kvar efter markeringen.');
    await selectIntoNextSection(pageA, first);
    await pageA.keyboard.type('Ny');
    await expect.poll(() => textOnPage(pageB, first), { timeout: 10_000 }).toBe('Ny');
    await expect.poll(() => textOnPage(pageB, second)).toBe('ar efter markeringen.');
    for (const page of [pageA, pageB]) expect(await keysOnPage(page)).toEqual(templateKeys);
    await expectEverySectionOnTheServer(id, { [first]: (text) => text === 'Ny' });
  });

  it('Enter over a selection of every section clears the text and keeps every section', async () => {
    const { id, pageA, pageB } = await openAsTwo();
    await typeInto(pageA, first, 'Bort med detta.');
    await typeInto(pageA, third, 'Och detta.');
    await pageB.getByText('Och detta.').waitFor({ timeout: 10_000 });
    await pageA.keyboard.press('Control+a');
    await pageA.keyboard.press('Enter');
    await expect.poll(() => textOnPage(pageB, third), { timeout: 10_000 }).toBe('');
    expect(await textOnPage(pageB, first)).toBe('');
    await pageA.keyboard.type('Efter Enter');
    await expect.poll(() => textOnPage(pageB, first), { timeout: 10_000 }).toBe('Efter Enter');
    for (const page of [pageA, pageB]) expect(await keysOnPage(page)).toEqual(templateKeys);
    await expectEverySectionOnTheServer(id, { [third]: (text) => text === '' });
  });

  it('text copied across two sections pastes into a third as text, without bringing sections along', async () => {
    const { id, pageA, pageB } = await openAsTwo();
    await typeInto(pageA, first, 'Kopierad mening.');
    await typeInto(pageA, second, 'Beslutspunkt.');
    await typeInto(pageA, third, 'Underlag:');
    await selectIntoNextSection(pageA, first);
    await pageA.keyboard.press('Control+c');
    await placeCaret(pageA, third);
    await pageA.keyboard.press('Control+v');
    await expect.poll(() => textOnPage(pageB, third), { timeout: 10_000 }).toBe('Underlag:Kopierad mening.\nBe');
    expect(await textOnPage(pageB, first)).toBe('Kopierad mening.');
    for (const page of [pageA, pageB]) expect(await keysOnPage(page)).toEqual(templateKeys);
    await expectEverySectionOnTheServer(id, { [third]: (text) => text.includes('Kopierad mening.') });
  });

  it('cutting everything, pasting it into one section and undoing it all keeps every section in order', async () => {
    const { id, pageA, pageB } = await openAsTwo();
    await typeInto(pageA, first, 'Ett.');
    await typeInto(pageA, second, 'Två.');
    await pageA.keyboard.press('Control+a');
    await pageA.keyboard.press('Control+x');
    await expect.poll(() => textOnPage(pageB, first), { timeout: 10_000 }).toBe('');
    await placeCaret(pageA, third);
    await pageA.keyboard.press('Control+v');
    await expect.poll(() => textOnPage(pageB, third), { timeout: 10_000 }).toContain('Två.');
    for (let press = 0; press < 20; press += 1) await pageA.keyboard.press('Control+z');
    for (let press = 0; press < 5; press += 1) await pageA.keyboard.press('Control+Shift+z');
    for (const page of [pageA, pageB]) {
      await expect.poll(() => keysOnPage(page), { timeout: 10_000 }).toEqual(templateKeys);
      expect(await page.locator('.section-title').count()).toBe(templateKeys.length);
    }
    await pageA.locator('.sync-status[data-state="saved"]').waitFor();
    await expectEverySectionOnTheServer(id);
  });
});
