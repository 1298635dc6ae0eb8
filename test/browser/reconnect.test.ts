/**
 * Coming back after the server was gone: a server restart (close 1012) is followed by "Sparat"
 * within 2 s of the server listening again, and while the page waits out its backoff after a
 * loss, "Försök igen nu" reconnects at once.
 */
import { describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { onePersonOnNewDocument, useRestartableServerAndBrowser } from '../helpers/browser';

describe('when the page loses the server', () => {
  const env = useRestartableServerAndBrowser();

  async function openAsEditor(title: string) {
    return (await onePersonOnNewDocument(env.browser, env.server, { name: `Cecilia ${title}`, role: 'editor' }, title)).page;
  }

  it('shows Sparat again within 2 s of a restarted server listening', async () => {
    const page = await openAsEditor('Omstart');
    const first = env.server;
    await first.close();
    await page.waitForSelector('.sync-status[data-state="offline"]');
    // Down long enough that a growing backoff would already wait several seconds; after a restart
    // close the page keeps its next attempt about a second away instead.
    let longestWait = 0;
    for (const started = Date.now(); Date.now() - started < 5000;) {
      const text =
        (await page
          .locator('.sync-retry')
          .textContent()
          .catch(() => '')) ?? '';
      longestWait = Math.max(longestWait, Number(/om (\d+) s/.exec(text)?.[1] ?? 0));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(longestWait, 'seconds to the next attempt while the server restarts').toBeLessThanOrEqual(1);
    await env.restart(first);
    const listening = Date.now();
    await page.waitForSelector('.sync-status[data-state="saved"]', { timeout: 10_000 });
    expect(Date.now() - listening, 'ms from the server listening to Sparat').toBeLessThan(2000);
    await page.context().close();
  });

  it('reconnects at once on "Försök igen nu" instead of waiting for the next attempt', async () => {
    const page = await openAsEditor('Försök igen');
    // The network between page and server, cut and mended by the test: a lost connection is
    // closed without the server's restart code, so the page backs off as after any loss.
    let down = false;
    const open: WebSocketRoute[] = [];
    await page.context().routeWebSocket(/\/sync/, (route) => {
      if (down) return void route.close({ code: 4000, reason: 'nätet är nere' });
      route.connectToServer();
      open.push(route);
    });
    // The page's current socket predates the route: reload so it runs through it.
    await page.reload();
    await page.waitForSelector('.sync-status[data-state="saved"]');

    down = true;
    for (const route of open.splice(0)) await route.close({ code: 4000, reason: 'nätet är nere' });
    await page.waitForSelector('.sync-status[data-state="offline"]');
    // Wait until the next automatic attempt is at least 4 s away.
    const countdown = page.locator('.sync-retry');
    await expect
      .poll(async () => Number(/om (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(4);

    down = false;
    const clicked = Date.now();
    await countdown.getByRole('button', { name: 'Försök igen nu' }).click();
    await page.waitForSelector('.sync-status[data-state="saved"]', { timeout: 3000 });
    expect(Date.now() - clicked, 'ms from the click to Sparat').toBeLessThan(2000);
    await page.context().close();
  });
});
