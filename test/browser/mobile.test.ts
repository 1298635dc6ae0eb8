/**
 * A phone-sized screen (390×844): the document's text comes first, the panels are drawers, every
 * action of the editor header is reachable through "Mer", nothing is wider than the screen, and
 * the bilaga panel's co-signer checkboxes sit beside their names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, startBrowserTestServer } from '../helpers/browser';
import { addToGroup, createGroup, createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { ADMIN, type TestServer } from '../helpers/server';

const PHONE = { width: 390, height: 844 };

async function phonePage(browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dokument")');
  return page;
}

/** The widest thing on the page, as the browser lays it out (a horizontal scrollbar when > 390). */
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** What sticks out past the right edge, innermost first, for a failure message that names it. */
const offenders = (page: Page) =>
  page.evaluate((width) => {
    const out = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > width + 0.5);
    return out
      .filter((element) => !out.some((other) => other !== element && element.contains(other)))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} (${Math.round(element.getBoundingClientRect().right)})`)
      .join(', ');
  }, PHONE.width);

async function expectWithinScreen(page: Page, what: string) {
  const width = await scrollWidth(page);
  expect(width, `${what} is wider than the screen: ${await offenders(page)}`).toBeLessThanOrEqual(PHONE.width);
}

async function expectOnScreen(page: Page, selector: ReturnType<Page['locator']>, what: string) {
  const box = await selector.boundingBox();
  expect(box, `${what} has no box (hidden)`).not.toBeNull();
  expect(box!.x, `${what} starts left of the screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} runs off the right edge`).toBeLessThanOrEqual(PHONE.width);
}

describe('on a phone-sized screen', () => {
  const env = {} as { server: TestServer; browser: Browser; documentId: string; ownerEmail: string };
  beforeAll(async () => {
    env.server = await startBrowserTestServer();
    env.browser = await launchChromium();
    const { server } = env;
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const anders = await createPerson(server, 'Anders Lindqvist', { party: 'M' });
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    for (const person of [kerstin, anders]) {
      await addToGroup(server, moderaterna, person.id);
      await addToGroup(server, namnd, person.id);
    }
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    env.documentId = ((await response.json()) as { id: string }).id;
    await share(server, server.adminToken, env.documentId, [{ principalType: 'user', principalId: kerstin.id, role: 'owner' }]);
    env.ownerEmail = kerstin.email;
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });

  it('shows the text first, every header action through "Mer", the panels as drawers, and nothing wider than the screen', async () => {
    const page = await phonePage(env.browser, env.server.url, env.ownerEmail, PERSON_PASSWORD);
    await expectWithinScreen(page, 'the document list');

    await page.goto(`${env.server.url}/d/${env.documentId}`);
    const firstSection = page.locator('.section-block').first();
    await firstSection.waitFor();
    await page.waitForSelector('.sync-status[data-state="saved"]');
    const sectionBox = await firstSection.boundingBox();
    expect(sectionBox!.y + 48, 'the first section does not start on the first screen').toBeLessThan(PHONE.height);
    await expectWithinScreen(page, 'the editor');

    // The side panels are not above the text; they open as drawers.
    await expect.poll(() => page.locator('.outline').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Översikt' }).click();
    await expectOnScreen(page, page.locator('.outline'), 'the outline');
    await page.getByRole('button', { name: 'Stäng översikt' }).click();
    await expect.poll(() => page.locator('.outline').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Kommentarer', exact: true }).click();
    await expectOnScreen(page, page.locator('.comments-panel'), 'the comments panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.comments-panel').isVisible()).toBe(false);

    // Kommentera in the toolbar opens the comments drawer with the new comment's field ready.
    await page.locator('.section-block .section-content p').first().dblclick();
    await page.locator('.editor-tools button[title^="Kommentera markerad"]').click();
    await expectOnScreen(page, page.locator('.comments-panel .thread-draft'), 'the new comment');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.getByRole('button', { name: 'Stäng kommentarer' }).click();

    const more = page.getByRole('button', { name: 'Mer', exact: true });
    await expectOnScreen(page, more, '"Mer"');
    const actions = page.locator('.editor-actions');
    const openMenu = async () => {
      if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
    };

    // The exports are links: reachable, on screen, and the Word one downloads.
    for (const name of ['Exportera Word', 'PDF']) {
      await openMenu();
      await expectOnScreen(page, actions.getByRole('link', { name }), name);
    }
    const download = page.waitForEvent('download');
    await actions.getByRole('link', { name: 'Exportera Word' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.docx$/);

    // Each dialog action opens its dialog from the menu.
    for (const [name, heading] of [
      ['Versioner', /Versioner/],
      ['Dela', /Dela/],
      ['Logg', /Logg|Händelser/],
    ] as const) {
      await openMenu();
      const button = actions.getByRole('button', { name, exact: true });
      await expectOnScreen(page, button, name);
      await button.click();
      const dialog = page.locator('dialog[open]');
      await expect.poll(() => dialog.locator('h2').first().textContent()).toMatch(heading);
      await expectOnScreen(page, dialog, `the ${name} dialog`);
      await dialog.getByRole('button', { name: 'Stäng' }).last().click();
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    }

    // Ta bort asks first (declined here); Arkivera archives at once, and the document comes out again.
    await openMenu();
    const remove = actions.getByRole('button', { name: 'Ta bort', exact: true });
    await expectOnScreen(page, remove, 'Ta bort');
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.dismiss();
    });
    await remove.click();
    await expect.poll(() => question).toContain('papperskorgen');
    await openMenu();
    const archive = actions.getByRole('button', { name: 'Arkivera', exact: true });
    await expectOnScreen(page, archive, 'Arkivera');
    await archive.click();
    await page.getByText('Arkiverat: dokumentet kan bara läsas.').waitFor();
    await openMenu();
    await actions.getByRole('button', { name: 'Ta ur arkivet' }).click();
    await expect.poll(() => page.getByText('Arkiverat: dokumentet kan bara läsas.').count()).toBe(0);

    await openMenu();
    expect(await axeViolations(page, '.editor-header'), 'the header with its menu open').toEqual([]);
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');

    // The mode switch stays on screen and switches.
    const mode = page.getByLabel('Läge', { exact: true });
    await expectOnScreen(page, mode, 'the mode switch');
    await mode.selectOption({ label: 'Föreslå' });
    await expect.poll(() => page.locator('.mode-switch-suggest').count()).toBe(1);
    await mode.selectOption({ label: 'Redigera' });
    await expectWithinScreen(page, 'the editor with its menus used');
    await page.context().close();
  });

  it('puts each co-signer checkbox on one line with its name', async () => {
    const page = await phonePage(env.browser, env.server.url, env.ownerEmail, PERSON_PASSWORD);
    await page.goto(`${env.server.url}/d/${env.documentId}`);
    const box = page.getByLabel('Anders Lindqvist (M)');
    await box.waitFor();
    await box.scrollIntoViewIfNeeded();
    const label = page.locator('label.checkbox', { hasText: 'Anders Lindqvist (M)' });
    const [inputBox, labelBox] = [await box.boundingBox(), await label.boundingBox()];
    // Beside: the box at the label's left, its middle on the line of the text, the label one line high.
    expect(inputBox!.x - labelBox!.x).toBeLessThan(4);
    expect(labelBox!.height).toBeLessThan(inputBox!.height * 2);
    expect(Math.abs(inputBox!.y + inputBox!.height / 2 - (labelBox!.y + labelBox!.height / 2))).toBeLessThan(4);
    await box.check();
    expect(await box.isChecked()).toBe(true);
    await expectWithinScreen(page, 'the bilaga panel');
    await page.context().close();
  });

  it('lays the administration page out within the screen', async () => {
    const page = await phonePage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${env.server.url}/admin`);
    await page.waitForSelector('.admin-page h1');
    await page.waitForLoadState('networkidle');
    await expectWithinScreen(page, 'the admin page');
    await page.context().close();
  });
});
