/**
 * An offline start: a document opened once opens again from the browser's offline copy when the
 * page is reloaded while the server is down (the service worker serves the app shell and the last
 * answers), says "Offline", takes edits, and those edits reach the server when it is back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickIntoSection, onePersonOnNewDocument, useRestartableServerAndBrowser } from '../helpers/browser';
import { connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients';
import { wsUrl } from '../helpers/server';

/**
 * With the document open, waits until the service worker controls the page. A worker whose install
 * failed (one of the shell files did not load on a busy machine) is installed again at the next
 * visit, as a browser does, so the page is reloaded until one controls it. A request the page made
 * while the worker was still taking over may finish unseen by it (the page asks again, but that can
 * race on a first visit), so the document is loaded once more under the worker: what the tests
 * below check is what a later visit finds.
 */
async function underWorker(page: Page): Promise<void> {
  const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  for (let visit = 0; visit < 4 && !(await controlled()); visit++) {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 8_000 }).catch(() => page.reload());
  }
  expect(await controlled()).toBe(true);
  await page.reload();
  await page.waitForSelector('.section-block');
}

describe('when the server is unreachable as a document that was open before is reloaded', () => {
  const env = useRestartableServerAndBrowser();

  it('opens it from the offline copy, says Offline, and the edits made then arrive when the server returns', async () => {
    const first = env.server;
    const { id, page } = await onePersonOnNewDocument(
      env.browser,
      first,
      { name: 'Anna Handläggare', role: 'editor' },
      'Färdtjänst i Malmö',
    );
    await underWorker(page);
    // The service worker has installed and taken over, and has kept this document's details.
    await expect
      .poll(
        () =>
          page.evaluate(async (documentId) => {
            if (!navigator.serviceWorker.controller) return false;
            const kept = await caches.open('yttra-answers').then((cache) => cache.match(`/api/documents/${documentId}`));
            return kept !== undefined;
          }, id),
        // Installing the worker in a fresh browser profile takes a while on a busy machine.
        { timeout: 20_000 },
      )
      .toBe(true);

    await first.close();
    await page.reload();
    await page.waitForSelector('.section-block');
    await page.waitForSelector('.sync-status[data-state="offline"]');
    expect(await page.locator('.sync-status').textContent()).toContain('Offline');
    expect(await page.locator('h1').last().textContent()).toBe('Färdtjänst i Malmö');

    await clickIntoSection(page, 'arendet');
    await page.keyboard.type('Skrivet utan anslutning.');
    await expect.poll(() => page.locator('.section-block[data-section-key="arendet"]').textContent()).toContain('Skrivet utan anslutning.');
    expect(await page.locator('.sync-status').getAttribute('data-state')).toBe('offline');

    // The server comes back on the same address and data: the page reconnects and the edit arrives.
    const second = await env.restart(first);
    await page.waitForSelector('.sync-status[data-state="saved"]', { timeout: 10_000 });
    const client = connectClient(wsUrl(second), id, { token: second.adminToken });
    try {
      await waitSynced(client);
      await waitFor(() => sectionText(client.doc, 'arendet').includes('Skrivet utan anslutning.'), 'the offline edit on the server');
    } finally {
      client.destroy();
    }
    await page.context().close();
  });

  it('forgets the kept answers and offline copies at sign-out', async () => {
    const { server } = env;
    const { id, page } = await onePersonOnNewDocument(env.browser, server, { name: 'Bo Granskare', role: 'editor' }, 'Hemtjänst');
    await underWorker(page);
    const kept = () =>
      page.evaluate(async (documentId) => {
        const answer = await caches.open('yttra-answers').then((cache) => cache.match(`/api/documents/${documentId}`));
        const copies = (await indexedDB.databases()).filter((database) => database.name?.startsWith('yttra:'));
        return { answer: answer !== undefined, copies: copies.length, user: localStorage.getItem('yttra.offlineUser') !== null };
      }, id);
    // The worker installs in this fresh browser profile and keeps the answer once it controls the page.
    await expect.poll(kept, { timeout: 20_000 }).toEqual({ answer: true, copies: 1, user: true });
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.waitForSelector('#email');
    await expect.poll(kept, { timeout: 10_000 }).toEqual({ answer: false, copies: 0, user: false });
    await page.context().close();
  });
});
