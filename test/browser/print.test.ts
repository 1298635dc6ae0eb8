import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeField } from '../../shared/doc/headerFields';
import { ADMIN, api, createDocument } from '../helpers/server';
import { annaAndBoEditing, clickIntoSection, openDocument, settle, signedInPage, useServerAndBrowser } from '../helpers/browser';

const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();

describe('when the document is printed (Ctrl+P)', () => {
  const env = useServerAndBrowser();

  it('prints the heading, the header fields and the sections, without tools, panels, highlights or "(obligatoriskt)"', async () => {
    const { anna } = await annaAndBoEditing(env.browser, env.server);
    await anna.locator('.header-fields [data-field="datum"] input').fill('2026-12-03');
    await clickIntoSection(anna, 'sammanfattning');
    await anna.keyboard.type('Samverkan ger tryggare skolvägar.');
    await anna.keyboard.press('Shift+Home');
    await settle(anna);
    await anna.keyboard.press('Control+Alt+M');
    await anna.locator('.comments-panel').getByLabel('Din kommentar').fill('Källa?');
    await anna.keyboard.press('Control+Enter');
    await anna.locator('.comment-highlight').first().waitFor();
    await anna.locator('.sync-status[data-state="saved"]').waitFor();
    await anna.keyboard.press('Control+f');
    await anna.keyboard.type('skolvägar');
    await anna.locator('.search-match').first().waitFor();

    // On screen the print heading is not shown (the header fields form is).
    expect(await visible(anna, '.print-heading')).toBe(false);

    await anna.emulateMedia({ media: 'print' });
    for (const selector of [
      '.top-bar',
      '.editor-header',
      '.editor-side',
      '.header-fields',
      '.comments-panel',
      '.editor-toolbar',
      '.find-replace',
      '.word-count',
      '.section-required',
    ]) {
      expect(await visible(anna, selector), selector).toBe(false);
    }
    expect(await anna.locator('.print-heading .print-document-type').innerText()).toBe('Tjänsteskrivelse');
    expect(await anna.locator('.print-heading .print-title').innerText()).toContain('Samverkan med polisen');
    const datum = anna.locator('.print-heading .print-fields div', { hasText: 'Datum' });
    expect(await datum.locator('dd').innerText()).toBe('2026-12-03');
    const sammanfattning = anna.locator('.section-block[data-section-key="sammanfattning"]');
    expect(await sammanfattning.locator('.section-title').innerText()).toBe('Sammanfattning');
    expect(await sammanfattning.locator('.section-content').innerText()).toContain('Samverkan ger tryggare skolvägar.');
    // Comment and search highlights print as plain text.
    for (const selector of ['.comment-highlight', '.search-match']) {
      const style = await anna
        .locator(selector)
        .first()
        .evaluate((element) => {
          const computed = getComputedStyle(element);
          return `${computed.backgroundColor} ${computed.borderBottomStyle}`;
        });
      expect(style, selector).toBe('rgba(0, 0, 0, 0) none');
    }
    // As in the export: an empty optional section is left out, an empty required one keeps its heading.
    expect(await visible(anna, '.section-block[data-section-key="jamstalldhetsperspektiv"]')).toBe(false);
    expect(await visible(anna, '.section-block[data-section-key="barnperspektiv"] .section-title')).toBe(true);
    // Placeholders print as nothing: the empty numbered point of Förslag till beslut has no "1.".
    expect(await visible(anna, '.section-block[data-section-key="forslagTillBeslut"] li')).toBe(false);
    // The hint of an empty section is not printed.
    expect(
      await anna
        .locator('.section-block[data-section-key="barnperspektiv"] .section-hint')
        .evaluate((element) => getComputedStyle(element, '::after').content),
    ).toBe('none');

    await anna.emulateMedia({ media: 'screen' });
    expect(await visible(anna, '.editor-toolbar')).toBe(true);
  });

  it("prints a document of another organisation's pack in its letterhead, labels and signature place", async () => {
    expect((await api(env.server, env.server.adminToken, 'PUT', '/api/templates/active', { packId: 'stockholm' })).status).toBe(200);
    const id = await createDocument(env.server, 'tjansteskrivelse', 'Hemtjänst i egen regi');
    await env.server.documents.withRoom(id, (room) =>
      room.change((doc) => {
        writeField(doc, { key: 'varReferens', kind: 'person' }, { name: 'Sara Lind', title: 'Utredare', email: 'sara.lind@stockholm.se' });
        writeField(doc, { key: 'forvaltningschef', kind: 'person' }, { name: 'Per Ek', title: 'Förvaltningschef' });
      }),
    );
    const page = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await openDocument(page, env.server.url, id);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-heading .print-organisation').innerText()).toBe('Stockholms stad');
    expect(await page.locator('.print-heading .print-document-type').innerText()).toBe('Tjänsteutlåtande');
    expect(await page.locator('.print-heading .print-fields div', { hasText: 'Handläggare' }).locator('dd').first().innerText()).toContain(
      'Sara Lind',
    );
    const signature = page.locator('.print-footer .print-signature', { hasText: 'Förvaltningschef' });
    expect(await signature.locator('.print-signature-name').innerText()).toBe('Per Ek');
    expect(await signature.locator('.print-signature-title').innerText()).toBe('Förvaltningschef');
    await page.context().close();
  });
});
