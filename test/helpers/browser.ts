/** Debian's Chromium driven by playwright-core, against the real built app. */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createPerson, PERSON_PASSWORD, share } from './people';
import { afterAll, beforeAll } from 'vitest';
import type { YttraServerOptions } from '../../server/server';
import { createDocument, startTestServer, type TestServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser context (its own cookies and IndexedDB), signed in through the sign-in page. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dokument")');
  return page;
}

export async function openDocument(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/d/${id}`);
  await page.waitForSelector('.section-block');
  await page.waitForSelector('.sync-status[data-state="saved"]');
}

/**
 * Chromium runs queued input before its `selectionchange` task, so a key that ProseMirror
 * handles itself (Backspace, Shift+Home, Ctrl+C) right after a click or arrow key would act on
 * the previous selection. Waiting for the next frame lets the editor read the new one first.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** Places the caret at the end of a section's first paragraph, ready for the next key. */
export async function clickIntoSection(page: Page, sectionKey: string): Promise<void> {
  const paragraph = page.locator(`.section-block[data-section-key="${sectionKey}"] .section-content p`).first();
  await paragraph.click();
  await page.keyboard.press('End');
  await settle(page);
}

/** Someone new to invite: their name and the role they get on the document. */
export interface Invitee {
  name: string;
  role: string;
}

/**
 * New people given their roles on the document `id`, each signed in in their own browser context
 * with the document open, in the order given.
 */
export async function peopleOnDocument(browser: Browser, server: TestServer, id: string, invitees: readonly Invitee[]): Promise<Page[]> {
  const people = [];
  for (const invitee of invitees) people.push(await createPerson(server, invitee.name));
  await share(
    server,
    server.adminToken,
    id,
    people.map((person, index) => ({ principalType: 'user' as const, principalId: person.id, role: invitees[index]!.role })),
  );
  const pages = [];
  for (const person of people) pages.push(await signedInPage(browser, server.url, person.email, PERSON_PASSWORD));
  for (const page of pages) await openDocument(page, server.url, id);
  return pages;
}

/** A new tjänsteskrivelse with one new person in the given role, signed in with it open. */
export async function onePersonOnNewDocument(
  browser: Browser,
  server: TestServer,
  invitee: Invitee,
  title = 'Samverkan med polisen',
): Promise<{ id: string; page: Page }> {
  const id = await createDocument(server, 'tjansteskrivelse', title);
  const [page] = await peopleOnDocument(browser, server, id, [invitee]);
  return { id, page: page! };
}

/**
 * A new tjänsteskrivelse shared with two new people in the given roles, each signed in in their
 * own browser context with the document open.
 */
export async function twoPeopleOnOneDocument(
  browser: Browser,
  server: TestServer,
  first: Invitee,
  second: Invitee,
  title = 'Samverkan med polisen',
): Promise<{ id: string; pages: [Page, Page] }> {
  const id = await createDocument(server, 'tjansteskrivelse', title);
  const [pageA, pageB] = await peopleOnDocument(browser, server, id, [first, second]);
  return { id, pages: [pageA!, pageB!] };
}

/** Anna and Bo, two editors on a new tjänsteskrivelse, each with it open. */
export async function annaAndBoEditing(browser: Browser, server: TestServer): Promise<{ id: string; anna: Page; bo: Page }> {
  const { id, pages } = await twoPeopleOnOneDocument(
    browser,
    server,
    { name: 'Anna Handläggare', role: 'editor' },
    { name: 'Bo Redaktör', role: 'editor' },
  );
  return { id, anna: pages[0], bo: pages[1] };
}

/** YTTRA_TEST_CLIENT_DIR: a client built elsewhere than dist/client (while others rebuild it). */
export const TEST_CLIENT_DIR = process.env.YTTRA_TEST_CLIENT_DIR || undefined;

/** A real server serving the built client (TEST_CLIENT_DIR), with `options`. */
export function startBrowserTestServer(options: Partial<YttraServerOptions> = {}): Promise<TestServer> {
  return startTestServer({ clientDir: TEST_CLIENT_DIR, ...options });
}

/** A real server and Debian's Chromium for the tests of one describe block. */
export function useServerAndBrowser(): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startBrowserTestServer();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * A server that a test may stop and start again on the same address and data (a restart), and
 * Chromium, for the tests of one describe block; every server started is closed after them.
 */
export function useRestartableServerAndBrowser() {
  const servers: TestServer[] = [];
  const env = {
    browser: undefined as unknown as Browser,
    /** The server started last. */
    get server(): TestServer {
      return servers[servers.length - 1]!;
    },
    /** Starts a server again on the address and data of `previous`, which the test has closed. */
    async restart(previous: TestServer): Promise<TestServer> {
      const next = await startBrowserTestServer({ dataDir: previous.dataDir, port: previous.port });
      servers.push(next);
      return next;
    },
  };
  beforeAll(async () => {
    servers.push(await startBrowserTestServer());
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    for (const server of servers) await server.close();
  });
  return env;
}

const AXE = path.resolve('node_modules/axe-core/axe.min.js');

/**
 * What axe-core finds wrong in the page, or inside the element `selector` names: each finding with
 * the elements it concerns, so that a failing test says what to fix.
 */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (within) => {
    type Finding = { id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> };
    const axe = (window as unknown as { axe: { run(context: Element | Document): Promise<{ violations: Finding[] }> } }).axe;
    const context = within === null ? document : document.querySelector(within);
    if (!context) throw new Error(`nothing on the page is ${within}`);
    const result = await axe.run(context);
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`).join(', ')})`,
    );
  }, selector ?? null);
}
