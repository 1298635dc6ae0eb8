import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annaAndBoEditing, clickIntoSection, settle, useServerAndBrowser } from '../helpers/browser';

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Formatering' });
const button = (page: Page, name: string) => toolbar(page).getByRole('button', { name, exact: true });
const section = (page: Page, key: string) => page.locator(`.section-block[data-section-key="${key}"] .section-content`);

/** The texts of the elements `selector` finds in a section, without other people's carets. */
function texts(page: Page, key: string, selector: string): Promise<string[]> {
  return section(page, key)
    .locator(selector)
    .evaluateAll((elements) =>
      elements.map((element) => {
        const copy = element.cloneNode(true) as Element;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return copy.textContent ?? '';
      }),
    );
}

async function pressed(page: Page, name: string): Promise<string | null> {
  return button(page, name).getAttribute('aria-pressed');
}

describe('when an editor formats text with the toolbar', () => {
  const env = useServerAndBrowser();

  it('makes text bold, lists and a sub-heading, shows the active state, and the other person sees it', async () => {
    const { anna, bo } = await annaAndBoEditing(env.browser, env.server);

    await clickIntoSection(anna, 'arendet');
    await anna.keyboard.type('Bakgrund');
    await anna.keyboard.press('Shift+Home');
    await settle(anna);
    await button(anna, 'Underrubrik').click();
    await expect.poll(() => pressed(anna, 'Underrubrik')).toBe('true');
    await anna.keyboard.press('End');
    await anna.keyboard.press('Enter');
    await anna.keyboard.type('Nämnden har ');
    await button(anna, 'Fet').click();
    await expect.poll(() => pressed(anna, 'Fet')).toBe('true');
    await anna.keyboard.type('redan beslutat');
    await button(anna, 'Fet').click();
    await expect.poll(() => pressed(anna, 'Fet')).toBe('false');
    await anna.keyboard.type(' om detta.');
    await anna.keyboard.press('Enter');
    await button(anna, 'Punktlista').click();
    await anna.keyboard.type('Första punkten');
    await anna.keyboard.press('Enter');
    await anna.keyboard.type('Andra punkten');
    await expect.poll(() => pressed(anna, 'Punktlista')).toBe('true');
    await button(anna, 'Öka indrag').click();
    await expect.poll(() => texts(anna, 'arendet', 'ul ul li')).toEqual(['Andra punkten']);
    await button(anna, 'Minska indrag').click();

    await expect.poll(() => texts(bo, 'arendet', 'h3'), { timeout: 10_000 }).toEqual(['Bakgrund']);
    await expect.poll(() => texts(bo, 'arendet', 'strong'), { timeout: 10_000 }).toEqual(['redan beslutat']);
    await expect.poll(() => texts(bo, 'arendet', 'ul > li'), { timeout: 10_000 }).toEqual(['Första punkten', 'Andra punkten']);

    // Numbered list: the list becomes an ordered one for both. (A change more than the undo
    // manager's 500 ms capture time after the last one is its own undo step.)
    await anna.waitForTimeout(600);
    await button(anna, 'Numrerad lista').click();
    await expect.poll(() => pressed(anna, 'Numrerad lista')).toBe('true');
    await expect.poll(() => section(bo, 'arendet').locator('ol > li').count(), { timeout: 10_000 }).toBe(2);

    // Ångra is this person's undo (Yjs), and it undoes only Anna's last change.
    await button(anna, 'Ångra').click();
    await expect.poll(() => section(bo, 'arendet').locator('ul > li').count(), { timeout: 10_000 }).toBe(2);
    expect(await section(bo, 'arendet').locator('ol').count()).toBe(0);
    await button(anna, 'Gör om').click();
    await expect.poll(() => section(bo, 'arendet').locator('ol > li').count(), { timeout: 10_000 }).toBe(2);
  });

  it('is one Tab stop whose buttons are reached with the arrow keys', async () => {
    const { anna } = await annaAndBoEditing(env.browser, env.server);
    await clickIntoSection(anna, 'arendet');
    expect(await toolbar(anna).locator('[tabindex="0"]').count()).toBe(1);
    // Alt+F10 from the text goes to the toolbar, as in Word.
    await anna.keyboard.press('Alt+F10');
    const focused = () => anna.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    await expect.poll(focused).toBe('Fet');
    await anna.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('Kursiv');
    await anna.keyboard.press('End');
    await expect.poll(focused).toBe('Kommentera');
    await anna.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('Fet');
    await anna.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe('Kommentera');
    expect(await toolbar(anna).locator('[tabindex="0"]').innerText()).toBe('Kommentera');
    // Escape goes back to the text.
    await anna.keyboard.press('Escape');
    const inText = () => anna.evaluate(() => document.activeElement?.classList.contains('document-body'));
    await expect.poll(inText).toBe(true);

    // Sök, next to Kommentera, opens find and replace; Escape there goes back to the text too.
    await anna.keyboard.press('Alt+F10');
    await anna.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe('Sök');
    await anna.keyboard.press('Enter');
    const search = anna.getByRole('dialog', { name: 'Sök och ersätt' }).getByLabel('Sök', { exact: true });
    await expect.poll(() => search.evaluate((element) => element === document.activeElement)).toBe(true);
    await anna.keyboard.press('Escape');
    await expect.poll(inText).toBe(true);
  });

  it('does not offer a sub-heading or a table among the beslutspunkter', async () => {
    const { anna } = await annaAndBoEditing(env.browser, env.server);
    await clickIntoSection(anna, 'forslagTillBeslut');
    await expect.poll(() => button(anna, 'Underrubrik').getAttribute('aria-disabled')).toBe('true');
    expect(await button(anna, 'Underrubrik').getAttribute('title')).toContain('Förslag till beslut');
    expect(await button(anna, 'Fet').getAttribute('aria-disabled')).toBeNull();
    await button(anna, 'Tabell ▾').click();
    expect(
      await anna.getByRole('menu', { name: 'Tabell' }).getByRole('menuitem', { name: 'Infoga tabell' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await anna.keyboard.press('Escape');
    await clickIntoSection(anna, 'arendet');
    await expect.poll(() => button(anna, 'Underrubrik').getAttribute('aria-disabled')).toBeNull();
  });

  it('inserts a table, adds a row and a column, and the other person sees the same table', async () => {
    const { anna, bo } = await annaAndBoEditing(env.browser, env.server);
    await clickIntoSection(anna, 'ekonomiskaKonsekvenser');
    await button(anna, 'Tabell ▾').click();
    const menu = anna.getByRole('menu', { name: 'Tabell' });
    await menu.getByRole('menuitem', { name: 'Infoga tabell' }).click();
    await anna.keyboard.type('Post');
    await anna.keyboard.press('Tab');
    await anna.keyboard.type('Kostnad');
    const table = (page: Page) => section(page, 'ekonomiskaKonsekvenser').locator('table');
    await expect.poll(() => table(bo).locator('tr').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => texts(bo, 'ekonomiskaKonsekvenser', 'th'), { timeout: 10_000 }).toEqual(['Post', 'Kostnad', '']);

    // The menu by keyboard: ArrowDown opens it on its first entry, Escape closes it.
    await button(anna, 'Tabell ▾').focus();
    await anna.keyboard.press('ArrowDown');
    await expect.poll(() => anna.evaluate(() => document.activeElement?.textContent)).toBe('Infoga tabell');
    await anna.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);

    await button(anna, 'Tabell ▾').click();
    await menu.getByRole('menuitem', { name: 'Lägg till rad under' }).click();
    await button(anna, 'Tabell ▾').click();
    await menu.getByRole('menuitem', { name: 'Lägg till kolumn till höger' }).click();
    await expect.poll(() => table(bo).locator('tr').count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => table(bo).locator('tr').first().locator('th').count(), { timeout: 10_000 }).toBe(4);

    // Header row off: the first row becomes ordinary cells for both.
    await button(anna, 'Tabell ▾').click();
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Rubrikrad' }).getAttribute('aria-checked')).toBe('true');
    await menu.getByRole('menuitemcheckbox', { name: 'Rubrikrad' }).click();
    await expect.poll(() => table(bo).locator('th').count(), { timeout: 10_000 }).toBe(0);
  });
});
