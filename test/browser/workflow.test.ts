import { describe, expect, it } from 'vitest';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { readSeed } from '../helpers/seeds';
import { ADMIN } from '../helpers/server';

describe('when a handläggare takes a tjänsteskrivelse from utkast to justerad', () => {
  const env = useServerAndBrowser();

  it('is stopped by the completeness check at the empty Barnperspektiv, then compares versions and locks the text', async () => {
    // Seed ASN-2023-12667 has no Barnperspektiv.
    const response = await fetch(`${env.server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${env.server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-12667'),
    });
    const { id } = (await response.json()) as { id: string };
    const page = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await openDocument(page, env.server.url, id);
    page.on('dialog', (dialog) => void dialog.accept());

    await page.getByRole('button', { name: 'Till granskning' }).click();
    await page.getByRole('heading', { name: 'Status: Granskning' }).waitFor();
    await page.getByRole('button', { name: 'Till klar för arbetsutskott' }).click();
    const refusal = page.locator('.status-refused');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Barnperspektiv saknas/);
    await expect.poll(() => page.getByRole('heading', { name: /^Status:/ }).innerText()).toBe('Status: Granskning');

    // Save a version, then write the missing section from the link in the refusal.
    await page.getByRole('button', { name: 'Versioner' }).click();
    await page.getByLabel('Namn på ny version').fill('Före barnperspektivet');
    await page.getByRole('button', { name: 'Spara version' }).click();
    await page.getByText('Versionen är sparad.').waitFor();
    await page.getByRole('button', { name: 'Stäng' }).click();

    await refusal.getByRole('link', { name: /Barnperspektiv saknas/ }).click();
    await page.keyboard.type('Beslutet berör barn indirekt genom trygghetsarbetet.');
    await page.locator('.sync-status[data-state="saved"]').waitFor();
    await page.getByRole('button', { name: 'Till klar för arbetsutskott' }).click();
    await page.getByRole('heading', { name: 'Status: Klar för arbetsutskott' }).waitFor();

    // Compare the saved version with the text now: the new words are marked as inserted.
    await page.getByRole('button', { name: 'Versioner' }).click();
    await page.getByLabel('Jämför').selectOption({ label: 'Före barnperspektivet' });
    await page.getByLabel('med').selectOption({ label: 'Nuvarande text' });
    await page.getByRole('button', { name: 'Jämför', exact: true }).click();
    const changed = page.locator('.comparison-section[data-section-key="barnperspektiv"] ins');
    await changed.first().waitFor();
    expect(await changed.allInnerTexts()).toEqual([expect.stringContaining('trygghetsarbetet')]);
    expect(await page.locator('.comparison-section').count()).toBe(1);
    await page.getByRole('button', { name: 'Stäng' }).click();

    await page.getByRole('button', { name: 'Till behandlad i nämnd' }).click();
    await page.getByRole('heading', { name: 'Status: Behandlad i nämnd' }).waitFor();
    await page.getByRole('button', { name: 'Till justerad' }).click();
    await page.getByRole('heading', { name: 'Status: Justerad' }).waitFor();
    await expect.poll(() => page.locator('.document-body').getAttribute('contenteditable')).toBe('false');
    expect(await page.getByLabel('Diarienummer').getAttribute('readonly')).not.toBeNull();
  });
});
