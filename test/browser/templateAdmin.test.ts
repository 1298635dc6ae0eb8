/**
 * Template packs in the browser: an administrator renames a section on the admin page and saves
 * a new version; a document made afterwards shows the new name, one made before keeps the old
 * one until an editor reads what moving it would do and moves it.
 */
import { describe, expect, it } from 'vitest';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { ADMIN, api, createDocument } from '../helpers/server';

describe('when an administrator adjusts the template in the browser', () => {
  const env = useServerAndBrowser();

  it('renames a section for new documents, and an older document takes the name when it is moved', async () => {
    const before = await createDocument(env.server, 'tjansteskrivelse', 'Gjord före ändringen');
    const admin = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await admin.goto(`${env.server.url}/admin`);
    const title = admin.getByLabel('Rubrik för avsnittet Ärendet i Tjänsteskrivelse');
    await title.fill('Ärendebeskrivning');
    await admin.getByRole('button', { name: 'Spara som ny version' }).click();
    await expect.poll(() => admin.locator('[role=status]').first().textContent()).toMatch(/Sparat som version 2/);

    const templates = await api<{ packs: Array<{ id: string; version: number }> }>(
      env.server,
      env.server.adminToken,
      'GET',
      '/api/templates',
    );
    expect(templates.body.packs.find((pack) => pack.id === 'malmo')?.version).toBe(2);

    const after = await createDocument(env.server, 'tjansteskrivelse', 'Gjord efter ändringen');
    await openDocument(admin, env.server.url, after);
    await expect.poll(() => admin.locator('#avsnitt-arendet').textContent()).toMatch(/Ärendebeskrivning/);

    await openDocument(admin, env.server.url, before);
    await expect.poll(() => admin.locator('#avsnitt-arendet').textContent()).toMatch(/Ärendet/);
    expect(await admin.locator('#avsnitt-arendet').textContent()).not.toMatch(/Ärendebeskrivning/);
    await admin.getByRole('button', { name: 'Visa vad som ändras' }).click();
    await expect.poll(() => admin.locator('.migration-report').textContent()).toMatch(/Avsnittet Ärendet heter Ärendebeskrivning/);
    await admin.getByRole('button', { name: 'Flytta dokumentet' }).click();
    await expect.poll(() => admin.locator('#avsnitt-arendet').textContent()).toMatch(/Ärendebeskrivning/);
    const view = await env.server.documents.readView(before);
    expect(view.template).toEqual({ pack: 'malmo', version: 2 });
    await admin.context().close();
  });
});
