import { describe, expect, it } from 'vitest';
import { signedInPage, useServerAndBrowser } from '../helpers/browser';
import { ADMIN } from '../helpers/server';

describe('when a nämndsekreterare registers an ärende', () => {
  const env = useServerAndBrowser();

  it('plans its meetings, creates a document in it, and finds that document by status and diarienummer', async () => {
    const page = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Ärenden' }).click();
    await page.getByLabel('Diarienummer', { exact: true }).fill('asn-23-1');
    await page.getByLabel('Ärendemening', { exact: true }).fill('Samverkan med polisen');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page
      .getByRole('alert')
      .getByText(/ASN-2023-13451/)
      .waitFor();
    await page.getByLabel('Diarienummer', { exact: true }).fill('ASN-2023-12667');
    await page.getByLabel('Nämnd', { exact: true }).fill('Arbetsmarknads- och socialnämnden');
    await page.getByLabel('Handläggare', { exact: true }).selectOption({ label: 'Administratör, Systemförvaltare' });
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.getByRole('heading', { name: 'ASN-2023-12667 Samverkan med polisen' }).waitFor();
    expect(await page.locator('.arende-facts').innerText()).toMatch(/Handläggare\s+Administratör/);

    // Entered out of order; the ärende keeps its meetings in the order they happen.
    for (const [organ, date] of [
      ['ASN arbetsutskott', '2023-08-17'],
      ['ASN beredning', '2023-08-09'],
    ] as const) {
      await page.getByLabel('Organ', { exact: true }).fill(organ);
      await page.getByLabel('Datum', { exact: true }).fill(date);
      await page.getByRole('button', { name: 'Lägg till sammanträde' }).click();
      await page.locator('.meetings li', { hasText: organ }).waitFor();
    }
    expect(await page.locator('.meetings li time').allInnerTexts()).toEqual(['2023-08-09', '2023-08-17']);

    await page.getByLabel('Dokumenttyp', { exact: true }).selectOption({ label: 'Tjänsteskrivelse' });
    await page.getByLabel('Titel', { exact: true }).fill('Svar på nämndinitiativ');
    await page.getByRole('button', { name: 'Skapa' }).click();
    await page.waitForSelector('.section-block');

    await page.goto(`${env.server.url}/arenden`);
    await page.getByRole('link', { name: /ASN-2023-12667/ }).click();
    const listed = page.locator('.documents li', { hasText: 'Svar på nämndinitiativ' });
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/Tjänsteskrivelse · Utkast/);

    await page.getByRole('link', { name: 'Yttra' }).click();
    const shown = () => page.locator('.documents li').allInnerTexts();
    await page.getByLabel('Diarienummer', { exact: true }).fill('ASN-2023-12667');
    await expect.poll(shown).toEqual([expect.stringContaining('Svar på nämndinitiativ')]);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Granskning' });
    await page.getByText('Inga dokument matchar filtret.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Utkast' });
    await expect.poll(shown).toEqual([expect.stringContaining('Svar på nämndinitiativ')]);
  });
});
