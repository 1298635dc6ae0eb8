/**
 * Typing and opening in Debian's Chromium (playwright-core, the built client): two people on one
 * document, one typing into Ärendet, the other watching; on a 40-page document (120,000
 * characters, built from the seed documents' real sections) and on a short one (a seed as it is).
 *
 * Per key, measured in the browser on the wall clock (`timeOrigin + now`, shared by both pages):
 * from the keydown event's timestamp to the first task after the frame that shows the character
 * (a requestAnimationFrame after the DOM change, then a message posted from it, so the frame's
 * style, layout and paint are included), on the typing page and on the other page. Opening is
 * the time from navigation start until the editor is editable and holds the last section's text.
 * Not a test: it prints numbers (`BENCH_ONLY=browserPerf npm run bench`, on the client `npm run
 * build` made). BENCH_CLIENT_DIR=dir serves another build of the client (to compare two versions
 * in one session); BENCH_BROWSER_PROFILE=dir writes both pages' CPU profiles while typing, and
 * BENCH_BROWSER_TRACE=dir the browser's timeline (style, layout, paint: DevTools' Performance).
 */
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../test/helpers/server';
import { createPerson, PERSON_PASSWORD, share } from '../test/helpers/people';
import { CHROMIUM, signedInPage } from '../test/helpers/browser';
import { readSeed } from '../test/helpers/seeds';
import { percentile, quick, runIfMain, type Row } from './lib/report';

const KEYS = quick ? 200 : 300;
const OPENS = quick ? 3 : 5;
/** A steady typist: a key every 80 ms (12.5 keys a second). */
const KEY_INTERVAL_MS = 80;
const LONG_LENGTH = 120_000;
// Letters of the US layout only: Playwright types others without a keydown.
const TYPED = 'namnden foreslas besluta att arendet anses besvarat ';
/** Text of the last section (Ansvariga) of the skeleton seed: when it shows, the whole body has rendered. */
const LAST_TEXT = 'Förvaltningschef';

/** The lines of `text` after the line matching `start` and before the one matching `end`. */
function linesBetween(text: string, start: RegExp, end: RegExp): string {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => start.test(line));
  const to = lines.findIndex((line, index) => index > from && end.test(line));
  if (from < 0 || to < 0) throw new Error(`seed section not found: ${start}`);
  return lines.slice(from + 1, to).join('\n');
}

/**
 * A tjänsteskrivelse of about `length` characters: seed ASN-2023-5446 (every section filled) whose
 * Ärendet goes on with the Ärendet of ASN-2023-12667 and the Yttrande of ASN-2023-13451, in turn,
 * and whose shorter prose sections are repeated, until the text is long enough.
 */
export function longDocumentText(length: number): string {
  const skeleton = readSeed('tjansteskrivelse-asn-2023-5446');
  const arenden = [
    linesBetween(readSeed('tjansteskrivelse-asn-2023-12667'), /^### Ärendet$/, /Ansvariga/),
    linesBetween(readSeed('yttrande-asn-2023-13451'), /^Yttrande$/, /^Ordförande$/),
    linesBetween(skeleton, /^Ärendet$/, /^Barnperspektiv$/),
  ];
  const repeatedSections = [
    [/^Sammanfattning$/, /^Förslag till beslut$/],
    [/^Barnperspektiv$/, /^Jämställdhetsperspektiv$/],
    [/^Jämställdhetsperspektiv$/, /^Ekonomiska konsekvenser$/],
  ] as const;
  let text = skeleton;
  for (const [start, end] of repeatedSections) {
    const body = linesBetween(skeleton, start, end);
    text = text.replace(body, `${body}\n\n${body}\n\n${body}`);
  }
  const before = text.slice(0, text.indexOf('\nBarnperspektiv\n'));
  const after = text.slice(before.length);
  let extra = '';
  for (let index = 0; before.length + extra.length + after.length < length; index += 1) extra += `\n\n${arenden[index % arenden.length]}`;
  return `${before}${extra}\n${after}`;
}

async function importDocument(server: TestServer, text: string): Promise<string> {
  const response = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
    body: text,
  });
  if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Stamps when the editor is editable and the last section's text has rendered (ms from navigation start). */
function stampEditable(lastText: string): void {
  const observer = new MutationObserver(() => {
    const root = document.querySelector('.ProseMirror[contenteditable="true"]');
    const last = root?.querySelector('.section-block:last-child');
    if (!last?.textContent?.includes(lastText)) return;
    (window as unknown as { __editableAt: number }).__editableAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

async function timeOpen(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const handle = await page.waitForFunction(() => (window as unknown as { __editableAt?: number }).__editableAt, undefined, {
    timeout: 60_000,
  });
  return (await handle.jsonValue()) as number;
}

const PARAGRAPH = '.section-block[data-section-key="arendet"] .section-content p';

/**
 * Installs the paint stamps on a page: every time the watched paragraph grows, the keys it now
 * holds that had no stamp yet get the time of the first task after the next frame.
 */
async function watchParagraph(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const state = { base: document.querySelector(selector)!.textContent!.length, painted: [] as number[], keydowns: [] as number[] };
    (window as unknown as { __typing: typeof state }).__typing = state;
    const channel = new MessageChannel();
    let waiting: number[] = [];
    channel.port1.onmessage = () => {
      const now = performance.timeOrigin + performance.now();
      for (const index of waiting) state.painted[index] = now;
      waiting = [];
    };
    const observer = new MutationObserver(() => {
      const length = document.querySelector(selector)?.textContent?.length ?? 0;
      let fresh = false;
      for (let index = 0; index < length - state.base; index += 1) {
        if (state.painted[index] !== undefined || waiting.includes(index)) continue;
        waiting.push(index);
        fresh = true;
      }
      if (fresh) requestAnimationFrame(() => channel.port2.postMessage(null));
    });
    observer.observe(document.querySelector('.ProseMirror')!, { childList: true, subtree: true, characterData: true });
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key.length === 1) state.keydowns.push(performance.timeOrigin + event.timeStamp);
      },
      true,
    );
  }, PARAGRAPH);
}

interface Typing {
  local: number[];
  remote: number[];
  /** Main-thread time per key (ms), the typing page's and the other page's: Chrome's own task, script and layout counters. */
  busy: { own: MainThread; other: MainThread };
}

interface MainThread {
  task: number;
  script: number;
  layout: number;
}

/** Chrome's cumulative main-thread counters (seconds): all tasks, script, layout and style. */
async function mainThread(session: CDPSession): Promise<MainThread> {
  const { metrics } = await session.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
  return { task: value('TaskDuration'), script: value('ScriptDuration'), layout: value('LayoutDuration') + value('RecalcStyleDuration') };
}

function perKey(before: MainThread, after: MainThread, keys: number): MainThread {
  const ms = (name: keyof MainThread) => ((after[name] - before[name]) * 1000) / keys;
  return { task: ms('task'), script: ms('script'), layout: ms('layout') };
}

/** BENCH_BROWSER_PROFILE=dir: both pages' CPU profiles while typing, as `<label>-writer.cpuprofile` and `-watcher`. */
async function startProfiles(pages: Page[]): Promise<CDPSession[]> {
  if (!process.env.BENCH_BROWSER_PROFILE) return [];
  return Promise.all(
    pages.map(async (page) => {
      const session = await page.context().newCDPSession(page);
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 200 });
      await session.send('Profiler.start');
      return session;
    }),
  );
}

async function saveProfiles(sessions: CDPSession[], label: string): Promise<void> {
  const names = ['writer', 'watcher'];
  for (const [index, session] of sessions.entries()) {
    const { profile } = await session.send('Profiler.stop');
    writeFileSync(`${process.env.BENCH_BROWSER_PROFILE}/${label}-${names[index]}.cpuprofile`, JSON.stringify(profile));
  }
}

async function typeAndMeasure(writer: Page, watcher: Page, keys: number, label: string): Promise<Typing> {
  // The writer's caret at the end of Ärendet's first paragraph; the watcher's in Sammanfattning.
  await watcher.locator('.section-block[data-section-key="sammanfattning"] .section-content p').first().click();
  await writer.locator(PARAGRAPH).first().click();
  await writer.keyboard.press('End');
  await writer.waitForTimeout(500);
  await watchParagraph(writer);
  await watchParagraph(watcher);
  const counters = await Promise.all([writer, watcher].map((page) => page.context().newCDPSession(page)));
  for (const session of counters) await session.send('Performance.enable');
  const before = await Promise.all(counters.map(mainThread));
  const profiles = await startProfiles([writer, watcher]);
  const browser = writer.context().browser()!;
  if (process.env.BENCH_BROWSER_TRACE)
    await browser.startTracing(writer, {
      path: `${process.env.BENCH_BROWSER_TRACE}/${label}.trace.json`,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink'],
    });
  for (let index = 0; index < keys; index += 1) {
    const started = Date.now();
    await writer.keyboard.type(TYPED[index % TYPED.length]!);
    await writer.waitForTimeout(Math.max(0, KEY_INTERVAL_MS - (Date.now() - started)));
  }
  type Stamps = { keydowns: number[]; painted: number[] };
  const read = (page: Page) => page.evaluate(() => (window as unknown as { __typing: Stamps }).__typing);
  await watcher.waitForFunction((count) => (window as unknown as { __typing: Stamps }).__typing.painted.length >= count, keys, {
    timeout: 30_000,
  });
  await writer.waitForTimeout(200);
  const after = await Promise.all(counters.map(mainThread));
  await saveProfiles(profiles, label);
  if (process.env.BENCH_BROWSER_TRACE) await browser.stopTracing();
  const [own, other] = [await read(writer), await read(watcher)];
  if (own.keydowns.length !== keys) throw new Error(`${own.keydowns.length} keydowns seen of ${keys}`);
  const latencies = (painted: number[]) =>
    own.keydowns
      .map((keydown, index) => painted[index]! - keydown)
      .filter((value) => Number.isFinite(value))
      .sort((a, b) => a - b);
  const local = latencies(own.painted);
  const remote = latencies(other.painted);
  if (local.length !== keys || remote.length !== keys) throw new Error(`painted ${local.length} / ${remote.length} of ${keys} keys`);
  return { local, remote, busy: { own: perKey(before[0]!, after[0]!, keys), other: perKey(before[1]!, after[1]!, keys) } };
}

interface Measured {
  characters: number;
  typing: Typing;
  opens: number[];
}

async function measureDocument(browser: Browser, server: TestServer, text: string, label: string): Promise<Measured> {
  const id = await importDocument(server, text);
  const people = [await createPerson(server, 'Mimmi Olsson'), await createPerson(server, 'Jonas Magnusson')];
  await share(
    server,
    server.adminToken,
    id,
    people.map((person) => ({ principalType: 'user' as const, principalId: person.id, role: 'editor' })),
  );
  const url = `${server.url}/d/${id}`;
  const opens: number[] = [];
  // Each open in a context of its own that has signed in (the app is loaded) but never opened
  // the document (no offline copy); the first one warms the server's room and is not counted.
  for (let index = 0; index <= OPENS; index += 1) {
    const page = await signedInPage(browser, server.url, people[index % 2]!.email, PERSON_PASSWORD);
    await page.addInitScript(stampEditable, LAST_TEXT);
    const elapsed = await timeOpen(page, url);
    if (index > 0) opens.push(elapsed);
    console.error(`  open ${index}: ${elapsed.toFixed(0)} ms${index === 0 ? ' (warm-up)' : ''}`);
    await page.context().close();
  }
  const pages: Page[] = [];
  for (const person of people) {
    const page = await signedInPage(browser, server.url, person.email, PERSON_PASSWORD);
    await page.addInitScript(stampEditable, LAST_TEXT);
    await timeOpen(page, url);
    await page.waitForSelector('.sync-status[data-state="saved"]');
    pages.push(page);
  }
  const characters = await pages[0]!.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.length);
  const typing = await typeAndMeasure(pages[0]!, pages[1]!, KEYS, label);
  for (const page of pages) await page.context().close();
  opens.sort((a, b) => a - b);
  return { characters, typing, opens };
}

function rows(label: string, measured: Measured, targets: { local?: number; remote?: number; open?: number }): Row[] {
  const scenario = `browser, ${label} (${Math.round(measured.characters / 1000)}k chars)`;
  const { local, remote } = measured.typing;
  const keys = local.length;
  const result: Row[] = [];
  const add = (metric: string, value: number, target?: number) => {
    const row: Row = { scenario, metric, yttra: value, reference: null, unit: 'ms' };
    if (target !== undefined) Object.assign(row, { target: `≤ ${target} ms`, met: value <= target });
    result.push(row);
  };
  add(`keydown → own page painted, p50 (${keys} keys)`, percentile(local, 50));
  add(`keydown → own page painted, p95 (${keys} keys)`, percentile(local, 95), targets.local);
  add(`keydown → other page painted, p50 (${keys} keys)`, percentile(remote, 50));
  add(`keydown → other page painted, p95 (${keys} keys)`, percentile(remote, 95), targets.remote);
  for (const [page, busy] of [
    ['own', measured.typing.busy.own],
    ['other', measured.typing.busy.other],
  ] as const) {
    result.push({
      scenario,
      metric: `${page} page's main thread per key, all tasks (script ${busy.script.toFixed(1)}, style and layout ${busy.layout.toFixed(1)})`,
      yttra: busy.task,
      reference: null,
      unit: 'ms',
    });
  }
  add(
    `open until editable, median of ${measured.opens.length} (worst ${measured.opens.at(-1)!.toFixed(0)})`,
    percentile(measured.opens, 50),
    targets.open,
  );
  return result;
}

export async function browserPerf(): Promise<Row[]> {
  const server = await startTestServer(process.env.BENCH_CLIENT_DIR ? { clientDir: process.env.BENCH_CLIENT_DIR } : {});
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const short = await measureDocument(browser, server, readSeed('tjansteskrivelse-asn-2023-5446'), 'short');
    const long = await measureDocument(browser, server, longDocumentText(LONG_LENGTH), 'long');
    return [...rows('short document', short, {}), ...rows('40 pages', long, { local: 16, remote: 25, open: 400 })];
  } finally {
    await browser.close();
    await server.close();
  }
}

runIfMain(import.meta.url, browserPerf);
