import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickIntoSection, settle, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';

const SECTION = 'sammanfattning';
const TEXT = 'Nämnden föreslås godkänna samverkan med polisen.';

const activeIsBody = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('document-body') ?? false);
/** The text of what `selector` finds, without other people's carets (their name labels). */
function cleanTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const copy = element.cloneNode(true) as Element;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    }),
  );
}

const selectedText = (page: Page) => page.evaluate(() => document.getSelection()?.toString() ?? '');

/** Presses Tab until the body has focus; fails after `limit` presses. */
async function tabIntoBody(page: Page, limit = 40): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await activeIsBody(page)) return presses;
  }
  throw new Error(`the body was not reached with ${limit} presses of Tab`);
}

type Env = ReturnType<typeof useServerAndBrowser>;

/**
 * Anna (an editor) writes TEXT in the section; the other person, once they see it, starts in the
 * title field and presses Tab until the body has focus.
 */
async function annaWritesAndOtherTabsIn(env: Env, other: { name: string; role: 'commenter' | 'reader' }): Promise<[Page, Page]> {
  const { pages } = await twoPeopleOnOneDocument(env.browser, env.server, { name: 'Anna Handläggare', role: 'editor' }, other);
  const [anna, person] = pages as [Page, Page];
  await clickIntoSection(anna, SECTION);
  await anna.keyboard.type(TEXT);
  await person.locator(`.section-block[data-section-key="${SECTION}"]`).getByText(TEXT).waitFor({ timeout: 10_000 });
  await person.locator('.header-fields input').first().focus();
  await tabIntoBody(person);
  return [anna, person];
}

describe('when a commenter uses only the keyboard', () => {
  const env = useServerAndBrowser();

  it('tabs into the text, selects a word with the arrow keys and comments on it with Ctrl+Alt+M', async () => {
    // From the title field, Tab reaches the body (past the header fields and the one toolbar stop).
    const [anna, greta] = await annaWritesAndOtherTabsIn(env, { name: 'Greta Granskare', role: 'commenter' });
    const body = greta.locator('.document-body');
    expect(await body.getAttribute('aria-readonly')).toBe('true');
    expect(await body.getAttribute('contenteditable')).toBe('false');
    // A caret is drawn where the selection is, since the browser paints none in read-only text.
    await greta.locator('.read-only-caret:not([hidden])').waitFor();

    // Ctrl+Home: the start of the first section; then by character and by word.
    await greta.keyboard.press('Control+Home');
    await settle(greta);
    for (let index = 0; index < 'Nämnden '.length; index += 1) await greta.keyboard.press('ArrowRight');
    await greta.keyboard.press('Shift+Control+ArrowRight');
    await greta.keyboard.press('Shift+Control+ArrowRight');
    await settle(greta);
    await expect.poll(async () => (await selectedText(greta)).trim()).toBe('föreslås godkänna');
    // Shift+ArrowLeft takes back one character at a time.
    await greta.keyboard.press('Shift+ArrowLeft');
    await settle(greta);
    await expect.poll(async () => (await selectedText(greta)).trim()).toBe('föreslås godkänn');
    await greta.keyboard.press('Shift+ArrowRight');
    await settle(greta);

    // Typing does nothing to the text: the body stays read-only.
    await greta.keyboard.type('x');
    await settle(greta);

    await greta.keyboard.press('Control+Alt+M');
    const form = greta.locator('.comments-panel').getByLabel('Din kommentar');
    await expect.poll(() => form.evaluate((element) => element === document.activeElement)).toBe(true);
    await greta.keyboard.type('Är det nämnden som föreslås?');
    await greta.keyboard.press('Control+Enter');

    const thread = anna.locator('.comments-panel li.thread', { hasText: 'Är det nämnden som föreslås?' });
    await thread.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await cleanTexts(anna, '.comment-highlight')).join('').trim()).toBe('föreslås godkänna');
    expect(await cleanTexts(anna, `.section-block[data-section-key="${SECTION}"] .section-content p`)).toEqual([TEXT]);
  });

  it('reaches Kommentera in the toolbar with Alt+F10 and the arrow keys', async () => {
    const [anna, greta] = await annaWritesAndOtherTabsIn(env, { name: 'Greta Granskare', role: 'commenter' });
    await greta.keyboard.press('Control+Home');
    await greta.keyboard.press('Shift+End');
    await settle(greta);
    await greta.keyboard.press('Alt+F10');
    await greta.keyboard.press('End');
    await expect.poll(() => greta.evaluate(() => document.activeElement?.textContent)).toBe('Kommentera');
    await greta.keyboard.press('Enter');
    const form = greta.locator('.comments-panel').getByLabel('Din kommentar');
    await expect.poll(() => form.evaluate((element) => element === document.activeElement)).toBe(true);
    await greta.keyboard.type('Hela meningen?');
    await greta.keyboard.press('Control+Enter');
    await anna.locator('.comments-panel li.thread', { hasText: 'Hela meningen?' }).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await cleanTexts(anna, '.comment-highlight')).join('').trim()).toBe(TEXT);
  });

  it('lets a reader tab into the text and select with Shift+End, while the toolbar offers nothing to change it', async () => {
    const [, rut] = await annaWritesAndOtherTabsIn(env, { name: 'Rut Läsare', role: 'reader' });
    await rut.keyboard.press('Control+Home');
    await rut.keyboard.press('Shift+End');
    await settle(rut);
    await expect.poll(async () => (await selectedText(rut)).trim()).toBe(TEXT);

    const toolbar = rut.getByRole('toolbar', { name: 'Formatering' });
    for (const name of ['Fet', 'Kursiv', 'Punktlista', 'Ångra', 'Kommentera']) {
      expect(await toolbar.getByRole('button', { name, exact: true }).getAttribute('aria-disabled'), name).toBe('true');
    }
  });
});
