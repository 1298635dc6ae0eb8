/**
 * Two people in two Chromium pages typing in the same header field and the title through the real
 * inputs: both texts survive whole, each caret stays by its own text, and each sees the other in
 * the field.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { settle, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';
import { api, type TestServer } from '../helpers/server';

const title = (page: Page) => page.locator('input.title-input');
const arendemening = (page: Page) => page.locator('[data-field="arendemening"] input');

interface Env {
  server: TestServer;
  browser: Browser;
}

async function serverFields(env: Env, id: string) {
  return (await api<{ title: string; fields: Record<string, unknown> }>(env.server, env.server.adminToken, 'GET', `/api/documents/${id}`))
    .body;
}

describe('when two people type in one header field in Chromium', () => {
  const env: Env = useServerAndBrowser();

  async function open(documentTitle: string) {
    const { id, pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Bertil Chef', role: 'editor' },
      documentTitle,
    );
    return { id, anna: pages[0], bertil: pages[1] };
  }

  it('keeps both texts whole when both append to the title and to Ärendemening at the same moment', async () => {
    const { id, anna, bertil } = await open('Samverkan');
    for (const page of [anna, bertil]) {
      await title(page).click();
      await page.keyboard.press('End');
      await settle(page);
    }
    await Promise.all([anna.keyboard.type(' AAAA', { delay: 25 }), bertil.keyboard.type(' BBBB', { delay: 25 })]);
    for (const page of [anna, bertil]) {
      await arendemening(page).click();
      await page.keyboard.press('End');
      await settle(page);
    }
    await Promise.all([anna.keyboard.type('med polisen', { delay: 20 }), bertil.keyboard.type(' i Malmö', { delay: 20 })]);

    await expect.poll(async () => (await title(anna).inputValue()) === (await title(bertil).inputValue()), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(async () => (await arendemening(anna).inputValue()) === (await arendemening(bertil).inputValue()), { timeout: 10_000 })
      .toBe(true);
    const finalTitle = await title(anna).inputValue();
    expect(['Samverkan AAAA BBBB', 'Samverkan BBBB AAAA']).toContain(finalTitle);
    expect(['med polisen i Malmö', ' i Malmömed polisen']).toContain(await arendemening(anna).inputValue());
    await expect.poll(async () => (await serverFields(env, id)).title, { timeout: 10_000 }).toBe(finalTitle);
    expect((await serverFields(env, id)).fields.arendemening).toBe(await arendemening(anna).inputValue());
  });

  it('keeps both texts whole, and each caret by its own text, when one types in the middle while the other appends', async () => {
    const { id, anna, bertil } = await open('Samverkan med polisen');
    await title(anna).click();
    await anna.keyboard.press('Home');
    for (let step = 0; step < 'Samverkan '.length; step++) await anna.keyboard.press('ArrowRight');
    await title(bertil).click();
    await bertil.keyboard.press('End');
    await settle(anna);
    await settle(bertil);
    await Promise.all([anna.keyboard.type('och dialog ', { delay: 25 }), bertil.keyboard.type(' i Malmö stad', { delay: 25 })]);
    const expected = 'Samverkan och dialog med polisen i Malmö stad';
    await expect.poll(() => title(anna).inputValue(), { timeout: 10_000 }).toBe(expected);
    await expect.poll(() => title(bertil).inputValue(), { timeout: 10_000 }).toBe(expected);
    // The next key each presses lands after their own text.
    await anna.keyboard.type('X');
    await bertil.keyboard.type('Y');
    const withKeys = 'Samverkan och dialog Xmed polisen i Malmö stadY';
    await expect.poll(() => title(anna).inputValue(), { timeout: 10_000 }).toBe(withKeys);
    await expect.poll(async () => (await serverFields(env, id)).title, { timeout: 10_000 }).toBe(withKeys);
  });

  it('shows who is in which field, and undoes only what this person typed there', async () => {
    const { anna, bertil } = await open('Samverkan');
    await arendemening(anna).click();
    const field = bertil.locator('[data-field="arendemening"]');
    await field.locator('.field-visitor', { hasText: 'Anna Handläggare' }).waitFor({ timeout: 10_000 });
    await title(anna).click();
    await bertil.locator('[data-field="title"] .field-visitor', { hasText: 'Anna Handläggare' }).waitFor({ timeout: 10_000 });
    expect(await field.locator('.field-visitor').count()).toBe(0);

    await anna.keyboard.press('End');
    await anna.keyboard.type(' med polisen');
    await expect.poll(() => title(bertil).inputValue(), { timeout: 10_000 }).toBe('Samverkan med polisen');
    await title(bertil).click();
    await bertil.keyboard.press('Home');
    await settle(bertil);
    await bertil.keyboard.type('Om ');
    await expect.poll(() => title(anna).inputValue(), { timeout: 10_000 }).toBe('Om Samverkan med polisen');
    await title(anna).click();
    await anna.keyboard.press('Control+z');
    await expect.poll(() => title(bertil).inputValue(), { timeout: 10_000 }).toBe('Om Samverkan');
    await anna.keyboard.press('Control+Shift+z');
    await expect.poll(() => title(bertil).inputValue(), { timeout: 10_000 }).toBe('Om Samverkan med polisen');
  });
});
