/**
 * The import dialog in Chromium: an official uploads a text file, sees the dry run in a modal,
 * corrects it (a block to another section, another type and title) and creates the document; the
 * editor it opens, and the server's own copy, hold the text where the official put it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import { CLOSING_LINE, MISPLACED_LINE, PLANNED_FILE } from '../fixtures/importPlanFile';
import { signedInPage, useServerAndBrowser } from '../helpers/browser';
import { ADMIN, tempDataDir } from '../helpers/server';

const sectionText = (page: Page, key: string) => page.locator(`.section-block[data-section-key="${key}"] .section-content`).innerText();

describe('when an official imports a file through the import dialog', () => {
  const env = Object.assign(useServerAndBrowser(), { file: '' });
  beforeAll(() => {
    env.file = path.join(tempDataDir(), 'Riktlinjer för medborgardialog.txt');
    fs.writeFileSync(env.file, PLANNED_FILE);
  });

  /** Signed in, the file chosen and its dry run open in the dialog. */
  async function openDialog(): Promise<Page> {
    const page = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await page.setInputFiles('#import-file', env.file);
    await page.click('button:has-text("Visa vad som importeras")');
    await page.waitForSelector('dialog[open] h2:has-text("Granska importen")');
    return page;
  }

  const importDialog = (page: Page) => page.getByRole('dialog', { name: 'Granska importen' });
  const blockRow = (page: Page, text: string) => page.locator('dialog[open] .import-block').filter({ hasText: text });
  const dialogSection = (page: Page, key: string) => page.locator(`dialog[open] .import-section[data-section-key="${key}"]`);

  async function createAndOpen(page: Page): Promise<string> {
    await page.click('dialog[open] button:has-text("Skapa dokument")');
    await page.waitForURL(/\/d\/[\w-]+$/);
    await page.waitForSelector('.section-block');
    await page.waitForSelector('.sync-status[data-state="saved"]');
    return page.url().split('/d/')[1]!;
  }

  it('moves a block to the section chosen in the dialog, in the opened editor and in the created document', async () => {
    const page = await openDialog();
    // The dialog is a real modal with the proposal: the block under Ärendet, the unplaced closing line last.
    expect(await page.locator('dialog[open]').evaluate((dialog) => dialog.matches(':modal'))).toBe(true);
    expect(await dialogSection(page, 'arendet').innerText()).toContain(MISPLACED_LINE);
    expect(await dialogSection(page, 'ansvariga').innerText()).toContain(CLOSING_LINE);
    expect(await blockRow(page, CLOSING_LINE).getAttribute('class')).toContain('import-block-unplaced');

    await blockRow(page, MISPLACED_LINE).getByLabel('Avsnitt').selectOption({ label: 'Barnperspektiv' });
    // Shown where it now goes, with the focus kept on its select.
    await expect.poll(() => dialogSection(page, 'barnperspektiv').innerText()).toContain(MISPLACED_LINE);
    expect(await dialogSection(page, 'arendet').innerText()).not.toContain(MISPLACED_LINE);
    expect(await page.evaluate(() => document.activeElement?.closest('.import-section')?.getAttribute('data-section-key'))).toBe(
      'barnperspektiv',
    );

    const id = await createAndOpen(page);
    expect(await sectionText(page, 'barnperspektiv')).toContain(MISPLACED_LINE);
    expect(await sectionText(page, 'arendet')).not.toContain(MISPLACED_LINE);
    expect(await sectionText(page, 'arendet')).toContain('Kommunen har sedan 2015');

    const view = await env.server.documents.readView(id);
    const stored = (key: string) =>
      view.sections
        .find((section) => section.key === key)!
        .blocks.map(blockText)
        .join('\n');
    expect(stored('barnperspektiv')).toContain(MISPLACED_LINE);
    expect(stored('arendet')).not.toContain(MISPLACED_LINE);
    const exported = await fetch(`${env.server.url}/api/documents/${id}/export?format=txt`, {
      headers: { authorization: `Bearer ${env.server.adminToken}` },
    });
    const text = await exported.text();
    const under = (heading: string) => text.indexOf(heading);
    expect(text.indexOf(MISPLACED_LINE)).toBeGreaterThan(under('Barnperspektiv'));
    expect(text.indexOf(MISPLACED_LINE)).toBeLessThan(under('Ansvariga'));
    await page.context().close();
  });

  it('re-maps the sections when the type changes, and creates the chosen type with the chosen title', async () => {
    const page = await openDialog();
    await importDialog(page).getByLabel('Dokumenttyp').selectOption({ label: 'Yttrande' });
    // A yttrande has Sammanfattning and Yttrande: the rest of the text is shown under Yttrande, its main section.
    await expect.poll(() => page.locator('dialog[open] .import-section').count()).toBe(2);
    expect(await dialogSection(page, 'sammanfattning').innerText()).toContain('föreslås anta riktlinjer');
    expect(await dialogSection(page, 'yttrande').innerText()).toContain(MISPLACED_LINE);
    await blockRow(page, MISPLACED_LINE).getByLabel('Avsnitt').selectOption({ label: 'Sammanfattning' });
    await importDialog(page).getByLabel('Titel').fill('Yttrande över riktlinjer för medborgardialog');

    const id = await createAndOpen(page);
    expect(await page.locator('input.title-input').inputValue()).toBe('Yttrande över riktlinjer för medborgardialog');
    expect(await sectionText(page, 'sammanfattning')).toContain(MISPLACED_LINE);
    expect(await sectionText(page, 'yttrande')).toContain('Kommunen har sedan 2015');
    const view = await env.server.documents.readView(id);
    expect(view.type).toBe('yttrande');
    await page.context().close();
  });
});
