import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annaAndBoEditing, axeViolations, clickIntoSection, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';

/** A section's text without other people's carets. */
function sectionText(page: Page, key: string): Promise<string> {
  return page.locator(`.section-block[data-section-key="${key}"] .section-content`).evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

async function write(page: Page, key: string, text: string): Promise<void> {
  await clickIntoSection(page, key);
  await page.keyboard.type(text);
}

const dialog = (page: Page) => page.getByRole('dialog', { name: /^Sök/ });
const count = (page: Page) => dialog(page).locator('.find-replace-count');

describe('when an editor finds and replaces text', () => {
  const env = useServerAndBrowser();

  it('counts matches across sections, replaces all of them for everyone and stores the result', async () => {
    const { id, anna, bo } = await annaAndBoEditing(env.browser, env.server);
    await write(anna, 'sammanfattning', 'Kommunen ska samverka. kommunen betalar.');
    await write(anna, 'arendet', 'Kommunens ansvar är att kommunen ');
    await write(anna, 'ekonomiskaKonsekvenser', 'Kostnaden bärs av Kommunen.');
    await expect.poll(() => sectionText(bo, 'ekonomiskaKonsekvenser'), { timeout: 10_000 }).toBe('Kostnaden bärs av Kommunen.');

    await anna.keyboard.press('Control+h');
    const search = dialog(anna).getByLabel('Sök', { exact: true });
    await expect.poll(() => search.evaluate((element) => element === document.activeElement)).toBe(true);
    await anna.keyboard.type('kommunen');
    await expect.poll(() => count(anna).innerText()).toBe('1 av 5 träffar');
    expect(await anna.locator('.search-match').count()).toBe(5);
    await anna.keyboard.press('Enter');
    await expect.poll(() => count(anna).innerText()).toBe('2 av 5 träffar');
    await dialog(anna).getByRole('button', { name: 'Föregående' }).click();
    await dialog(anna).getByRole('button', { name: 'Föregående' }).click();
    await expect.poll(() => count(anna).innerText()).toBe('5 av 5 träffar');

    await dialog(anna).getByLabel('Hela ord').check();
    await expect.poll(() => count(anna).innerText()).toMatch(/ av 4 träffar$/);
    await dialog(anna).getByLabel('Matcha gemener/VERSALER').check();
    await expect.poll(() => count(anna).innerText()).toMatch(/ av 2 träffar$/);
    await dialog(anna).getByLabel('Matcha gemener/VERSALER').uncheck();

    // The page with the toolbar and the open dialog, checked by axe-core.
    expect(await axeViolations(anna)).toEqual([]);

    await dialog(anna).getByLabel('Ersätt med').fill('regionen');
    await dialog(anna).getByRole('button', { name: 'Ersätt alla' }).click();
    await dialog(anna).getByText('4 ersatta.').waitFor();
    await expect.poll(() => count(anna).innerText()).toBe('Inga träffar');

    const expected = {
      sammanfattning: 'regionen ska samverka. regionen betalar.',
      arendet: 'Kommunens ansvar är att regionen ',
      ekonomiskaKonsekvenser: 'Kostnaden bärs av regionen.',
    };
    for (const [key, text] of Object.entries(expected)) {
      await expect.poll(() => sectionText(bo, key), { timeout: 10_000 }).toBe(text);
    }
    // Every section is still there, in template order.
    expect(await bo.locator('.section-block').count()).toBe(await anna.locator('.section-block').count());

    // Stored: the server's own export has the replaced text.
    await anna.locator('.sync-status[data-state="saved"]').waitFor();
    const exported = await fetch(`${env.server.url}/api/documents/${id}/export?format=txt`, {
      headers: { authorization: `Bearer ${env.server.adminToken}` },
    });
    const text = await exported.text();
    expect(text).toContain('regionen ska samverka. regionen betalar.');
    expect(text).toContain('Kostnaden bärs av regionen.');
    expect(text).not.toMatch(/\bkommunen\b/i);

    // Escape closes the dialog, removes the highlights and returns to the text.
    await anna.keyboard.press('Escape');
    await expect.poll(() => dialog(anna).count()).toBe(0);
    await expect.poll(() => anna.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true);
  });

  it('lets a reader search but not replace', async () => {
    const { pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Rut Läsare', role: 'reader' },
    );
    const [anna, rut] = pages;
    await write(anna, 'sammanfattning', 'Barnen först, barnen sist.');
    await expect.poll(() => sectionText(rut, 'sammanfattning'), { timeout: 10_000 }).toBe('Barnen först, barnen sist.');
    await rut.locator('.document-body').focus();
    await rut.keyboard.press('Control+h');
    await rut.keyboard.type('barnen');
    await expect.poll(() => count(rut).innerText()).toBe('1 av 2 träffar');
    expect(await dialog(rut).getByLabel('Ersätt med').count()).toBe(0);
    expect(
      await dialog(rut)
        .getByRole('button', { name: /Ersätt/ })
        .count(),
    ).toBe(0);
    // Escape returns to the (read-only) text, ready to move and select in it.
    await rut.keyboard.press('Escape');
    await expect.poll(() => rut.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true);
  });
});

describe('the status line and the tab', () => {
  const env = useServerAndBrowser();

  it('counts the words of the document and of the caret’s section as the text changes', async () => {
    const { anna, bo } = await annaAndBoEditing(env.browser, env.server);
    const wordCount = (page: Page) => page.locator('.word-count').innerText();
    await write(anna, 'sammanfattning', 'Ett två tre.');
    await write(anna, 'arendet', 'Fyra fem');
    await expect.poll(() => wordCount(anna)).toBe('5 ord · Avsnittet: 2 ord');
    // The other person's count follows, for the section where their own caret is.
    await clickIntoSection(bo, 'sammanfattning');
    await expect.poll(() => wordCount(bo), { timeout: 10_000 }).toBe('5 ord · Avsnittet: 3 ord');
  });

  it('names the document in the browser tab, following a new title', async () => {
    const { anna, bo } = await annaAndBoEditing(env.browser, env.server);
    await expect.poll(() => bo.title()).toBe('Samverkan med polisen – Yttra');
    await anna.locator('.header-fields input').first().fill('Samverkan med räddningstjänsten');
    await expect.poll(() => bo.title(), { timeout: 10_000 }).toBe('Samverkan med räddningstjänsten – Yttra');
  });
});
