import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInPage } from '../helpers/browser';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';

describe('when a nämndsekreterare registers an ärende', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a document in it and finds it in the ärende and by diarienummer', async () => {
    const page = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Ärenden' }).click();
    await page.getByLabel('Diarienummer', { exact: true }).fill('asn-23-1');
    await page.getByLabel('Ärendemening', { exact: true }).fill('Samverkan med polisen');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.getByRole('alert').getByText(/ASN-2023-13451/).waitFor();
    await page.getByLabel('Diarienummer', { exact: true }).fill('ASN-2023-12667');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.getByRole('heading', { name: 'ASN-2023-12667 Samverkan med polisen' }).waitFor();

    await page.getByLabel('Nytt dokument', { exact: true }).selectOption({ label: 'Tjänsteskrivelse' });
    await page.getByLabel('Titel', { exact: true }).fill('Svar på nämndinitiativ');
    await page.getByRole('button', { name: 'Skapa' }).click();
    await page.waitForSelector('.section-block');

    await page.goto(`${server.url}/arenden`);
    await page.getByRole('link', { name: /ASN-2023-12667/ }).click();
    const listed = page.locator('.documents li', { hasText: 'Svar på nämndinitiativ' });
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/Tjänsteskrivelse · Utkast/);

    await page.getByRole('link', { name: 'Yttra' }).click();
    await page.getByLabel('Diarienummer', { exact: true }).fill('ASN-2023-12667');
    await expect.poll(() => page.locator('.documents li').allInnerTexts()).toEqual([expect.stringContaining('Svar på nämndinitiativ')]);
  });
});
