/**
 * The sign-in page is the first thing everyone sees: it must load without a failed request in the
 * browser's console (a 401 there reads as a broken app to anyone who opens the developer tools).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/browser';
import { ADMIN } from '../helpers/server';

/** Console errors and responses of 400 or more, from now on. */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failures.push(`failed ${request.method()} ${request.url()}`));
  return failures;
}

describe('when someone opens Yttra', () => {
  const env = useServerAndBrowser();

  it('shows the sign-in page of a first visit without a failed request', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(env.server.url);
    await page.waitForSelector('h1:has-text("Logga in i Yttra")');
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
    await context.close();
  });

  it('keeps a signed-in person signed in on reload, and after signing out shows the sign-in page again without a failed request', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("Dokument")');
    await page.reload();
    await page.waitForSelector('h1:has-text("Dokument")');
    // The document list's own request must have answered first: signing out while it is under way
    // ends the session it was sent with (a 401 of that race, not of the sign-in page).
    await page.waitForLoadState('networkidle');

    const failures = watchFailures(page);
    await page.click('button:has-text("Logga ut")');
    await page.waitForSelector('h1:has-text("Logga in i Yttra")');
    await page.reload();
    await page.waitForSelector('h1:has-text("Logga in i Yttra")');
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
    await context.close();
  });
});
