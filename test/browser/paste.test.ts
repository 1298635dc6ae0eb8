import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readSections } from '../../shared/doc/documentState';
import { documentType } from '../../shared/model';
import type { Block } from '../../shared/doc/blocks';
import { connectClient, waitFor, waitSynced } from '../helpers/clients';
import { clickIntoSection, onePersonOnNewDocument, settle, useServerAndBrowser } from '../helpers/browser';
import { wsUrl } from '../helpers/server';
import { zipEntry } from '../export/zipEntry';

/** What Word 2016+ on Windows puts on the clipboard for a paragraph with a footnote, a numbered list with a sub-list and a table with a header row. */
const WORD_CLIPBOARD = readFileSync(new URL('../fixtures/word-clipboard.html', import.meta.url), 'utf8');

/** Pastes as Chromium does when the user presses Ctrl+V with Word's HTML on the clipboard. */
async function pasteHtml(page: Page, html: string, text: string): Promise<void> {
  await page.evaluate(
    ([html, text]) => {
      const data = new DataTransfer();
      data.setData('text/html', html!);
      data.setData('text/plain', text!);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [html, text],
  );
  await settle(page);
}

function section(page: Page, key: string) {
  return page.locator(`.section-block[data-section-key="${key}"] .section-content`);
}

describe('when someone pastes from Word', () => {
  const env = useServerAndBrowser();

  function openDocumentAsEditor(): Promise<{ id: string; page: Page }> {
    return onePersonOnNewDocument(env.browser, env.server, { name: 'Mimmi Olsson', role: 'editor' }, 'Budgetuppföljning 2023');
  }

  async function serverBlocks(id: string, key: string, holds: (blocks: Block[]) => boolean): Promise<Block[]> {
    const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
    try {
      await waitSynced(check);
      let blocks: Block[] = [];
      await waitFor(
        () => holds((blocks = readSections(check.doc).find((entry) => entry.key === key)!.blocks)),
        `the pasted content of ${key} on the server`,
      );
      return blocks;
    } finally {
      check.destroy();
    }
  }

  it('keeps the table, the numbered list with its sub-list and the footnote, in the document and in the DOCX export', async () => {
    const { id, page } = await openDocumentAsEditor();
    await clickIntoSection(page, 'arendet');
    await pasteHtml(page, WORD_CLIPBOARD, 'Förvaltningen har gått igenom utfallet');

    const arendet = section(page, 'arendet');
    await expect(arendet.locator('table th').allTextContents()).resolves.toEqual(['Verksamhet', 'Överskott (kr)']);
    await expect(arendet.locator('table td').allTextContents()).resolves.toEqual(['Förskola', '1 250 000', 'Grundskola', '2 375 000']);
    await expect(arendet.locator('ol > li > p').allTextContents()).resolves.toEqual([
      'Kommunstyrelsen godkänner uppföljningen.',
      'Nämnden fördelar överskottet på',
      'Beslutet justeras omedelbart.',
    ]);
    await expect(arendet.locator('ol > li > ul > li').allTextContents()).resolves.toEqual(['förskolan', 'grundskolan']);
    // Word's typed numbers and bullets are gone: the list numbers itself.
    await expect(arendet.textContent()).resolves.not.toMatch(/1\.\s+Kommunstyrelsen|o\s+förskolan/);
    await expect(arendet.locator(':scope > p').first().textContent()).resolves.toContain('utfallet för 2023[1] och föreslår');
    await expect(arendet.locator(':scope > p').last().textContent()).resolves.toBe(
      '[1] Uppgifterna kommer från ekonomienhetens bokslut per den 31 december 2023.',
    );

    const blocks = await serverBlocks(id, 'arendet', (content) => content.some((block) => block.kind === 'table'));
    expect(
      blocks.map((block) => `${block.kind}${block.kind === 'list' ? `:${block.ordered ? 'ol' : 'ul'}:${block.depth ?? 0}` : ''}`),
    ).toEqual(['paragraph', 'list:ol:0', 'list:ul:1', 'list:ol:0', 'table', 'paragraph', 'paragraph']);

    const response = await fetch(`${env.server.url}/api/documents/${id}/export?format=docx`, {
      headers: { authorization: `Bearer ${env.server.adminToken}` },
    });
    expect(response.status).toBe(200);
    const xml = zipEntry(Buffer.from(await response.arrayBuffer()), 'word/document.xml');
    expect(xml).toMatch(/<w:tbl>.*Verksamhet.*Förskola.*1 250 000.*<\/w:tbl>/s);
    const item = xml.indexOf('Kommunstyrelsen godkänner uppföljningen.');
    expect(xml.slice(xml.lastIndexOf('<w:p>', item), item)).toMatch(/<w:numPr><w:ilvl w:val="0"\/>/);
    const subItem = xml.indexOf('förskolan');
    expect(xml.slice(xml.lastIndexOf('<w:p>', subItem), subItem)).toMatch(/<w:numPr><w:ilvl w:val="1"\/>/);
    expect(xml).toContain('[1] Uppgifterna kommer från ekonomienhetens bokslut per den 31 december 2023.');
    await page.context().close();
  });

  it('puts the pasted blocks after the bullet list the caret is in, not into its item', async () => {
    const { id, page } = await openDocumentAsEditor();
    await clickIntoSection(page, 'beslutsunderlag');
    await page.keyboard.type('Tjänsteskrivelse 2023-08-09');
    await settle(page);
    await pasteHtml(page, WORD_CLIPBOARD, 'Förvaltningen har gått igenom utfallet');

    const underlag = section(page, 'beslutsunderlag');
    await expect(underlag.locator(':scope > ul > li').allTextContents()).resolves.toEqual(['Tjänsteskrivelse 2023-08-09']);
    expect(await underlag.locator('li table').count()).toBe(0);
    expect(await underlag.locator(':scope > table, :scope > .tableWrapper > table').count()).toBe(1);
    expect(await underlag.locator(':scope > ol').count()).toBe(1);
    const blocks = await serverBlocks(id, 'beslutsunderlag', (content) => content.some((block) => block.kind === 'table'));
    expect(blocks[0]).toEqual({ kind: 'list', ordered: false, items: [[{ text: 'Tjänsteskrivelse 2023-08-09' }]] });
    await page.context().close();
  });

  it('keeps the headings, nested lists, formatting and table of a web page, below the section title', async () => {
    const { id, page } = await openDocumentAsEditor();
    await clickIntoSection(page, 'arendet');
    const webPage =
      '<meta charset="utf-8"><h1>Lokalbehov 2024</h1><p>Enligt <a href="https://example.org/prognos">prognosen</a> ökar antalet barn <b>kraftigt</b>.</p>' +
      '<ul><li>Norra området<ul><li>Två nya avdelningar</li></ul></li><li>Södra området</li></ul>' +
      '<table><thead><tr><th>År</th><th>Barn</th></tr></thead><tbody><tr><td>2024</td><td>1 200</td></tr></tbody></table>';
    await pasteHtml(page, webPage, 'Lokalbehov 2024');

    const arendet = section(page, 'arendet');
    await expect(arendet.locator('h3').allTextContents()).resolves.toEqual(['Lokalbehov 2024']);
    await expect(arendet.locator('strong').allTextContents()).resolves.toEqual(['kraftigt']);
    await expect(arendet.locator('ul > li > ul > li').allTextContents()).resolves.toEqual(['Två nya avdelningar']);
    await expect(arendet.locator('table th').allTextContents()).resolves.toEqual(['År', 'Barn']);
    const blocks = await serverBlocks(id, 'arendet', (content) => content.some((block) => block.kind === 'table'));
    expect(blocks.find((block) => block.kind === 'heading')).toEqual({ kind: 'heading', level: 3, runs: [{ text: 'Lokalbehov 2024' }] });
    expect(JSON.stringify(blocks)).toContain('prognosen');
    await page.context().close();
  });

  it('keeps every section and the footnote when the paste replaces a selection across two sections', async () => {
    const { id, page } = await openDocumentAsEditor();
    await clickIntoSection(page, 'arendet');
    await page.keyboard.type('Tas bort');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await settle(page);
    await pasteHtml(page, WORD_CLIPBOARD, 'Förvaltningen har gått igenom utfallet');

    const keys = await page
      .locator('.ProseMirror > .section-block')
      .evaluateAll((blocks) => blocks.map((block) => (block as HTMLElement).dataset.sectionKey));
    expect(keys).toEqual(documentType('tjansteskrivelse').sections.map((spec) => spec.key));
    await expect(section(page, 'arendet').textContent()).resolves.not.toContain('Tas bort');
    await expect(section(page, 'arendet').locator(':scope > p').last().textContent()).resolves.toMatch(/^\[1\] Uppgifterna kommer från/);
    await serverBlocks(id, 'arendet', (content) => content.some((block) => block.kind === 'table'));
    await page.context().close();
  });

  it('brings a pasted span or list start the schema does not allow within it, so the server takes the paste', async () => {
    const { id, page } = await openDocumentAsEditor();
    await clickIntoSection(page, 'arendet');
    await pasteHtml(page, '<ol start="1000000"><li>Punkt</li></ol><table><tr><td colspan="500">Bred cell</td></tr></table>', 'Punkt');

    const arendet = section(page, 'arendet');
    await expect(arendet.locator('td').first().getAttribute('colspan')).resolves.toBe('50');
    await expect(arendet.locator('ol').first().getAttribute('start')).resolves.toBe('99999');
    const blocks = await serverBlocks(id, 'arendet', (content) => content.some((block) => block.kind === 'table'));
    expect(blocks.find((block) => block.kind === 'list')).toMatchObject({ ordered: true, start: 99999 });
    await page.context().close();
  });
});
