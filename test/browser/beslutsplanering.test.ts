/**
 * One beslutsplanering (issue 19): the ärende page and the document's Beslutsplanering section
 * agree, the section follows a meeting planned on the ärende page while the document is open,
 * and it cannot be typed in; "Ändra i ärendet" leads to where it is changed.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, clickIntoSection, openDocument, settle, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { sectionText } from '../helpers/clients';
import { ADMIN } from '../helpers/server';
import { documentInArende, newArendeId } from '../arenden/fixture';

describe('when a document is in an ärende with planned meetings', () => {
  const env = useServerAndBrowser();

  it('shows the ärende’s meetings in the document, follows a change on the ärende page live, and refuses typing there', async () => {
    const arendeId = await newArendeId(env.server, 'ASN-2023-12667');
    const id = await documentInArende(env.server, arendeId, 'tjansteskrivelse', 'Samverkan med polisen');
    const writer = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    const secretary = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await openDocument(writer, env.server.url, id);
    const section = writer.locator('.section-block[data-section-key="beslutsplanering"]');
    const shownInDocument = () => section.locator('.section-content li').allInnerTexts();
    await expect.poll(shownInDocument).toEqual(['ASN beredning 2023-08-09', 'Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17']);
    await section.getByText('Sammanträdena hämtas från ärendet ASN-2023-12667').waitFor();
    expect(await axeViolations(writer, '.section-block[data-section-key="beslutsplanering"]')).toEqual([]);

    // Typing there changes nothing, here or on the server.
    await section.locator('.section-content li').first().click();
    await writer.keyboard.press('End');
    await settle(writer);
    await writer.keyboard.type(' ändrad');
    await writer.keyboard.press('Enter');
    await settle(writer);
    expect(await shownInDocument()).toEqual(['ASN beredning 2023-08-09', 'Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17']);
    // The editor sent nothing the server refuses: an edit after it, on the same socket, is saved.
    await clickIntoSection(writer, 'arendet');
    await writer.keyboard.type('ärlig text');
    await expect.poll(() => sectionText(env.server.registry.get(`doc:${id}`)!.doc, 'arendet')).toContain('ärlig text');
    await writer.waitForSelector('.sync-status[data-state="saved"]');
    expect(sectionText(env.server.registry.get(`doc:${id}`)!.doc, 'beslutsplanering')).not.toContain('ändrad');

    await secretary.goto(`${env.server.url}/arenden/${arendeId}`);
    await secretary.getByLabel('Organ', { exact: true }).fill('Arbetsmarknads- och socialnämnden');
    await secretary.getByLabel('Datum', { exact: true }).fill('2023-08-30');
    await secretary.getByRole('button', { name: 'Lägg till sammanträde' }).click();
    await secretary.locator('.meetings li', { hasText: '2023-08-30' }).waitFor();

    const expected = [
      'ASN beredning 2023-08-09',
      'Arbetsmarknads- och socialnämndens arbetsutskott 2023-08-17',
      'Arbetsmarknads- och socialnämnden 2023-08-30',
    ];
    // Without a reload: the server wrote the plan into the open document.
    await expect.poll(shownInDocument).toEqual(expected);
    expect(await secretary.locator('.meetings li time').allInnerTexts()).toEqual(['2023-08-09', '2023-08-17', '2023-08-30']);

    await section.getByRole('link', { name: 'Ändra i ärendet' }).click();
    await writer.getByRole('heading', { name: /ASN-2023-12667/ }).waitFor();
    const listed = (await writer.locator('.meetings li').allInnerTexts()).map((text) => text.replace(/\s*Ta bort$/, ''));
    expect(listed).toEqual([
      '2023-08-09 ASN beredning',
      '2023-08-17 Arbetsmarknads- och socialnämndens arbetsutskott',
      '2023-08-30 Arbetsmarknads- och socialnämnden',
    ]);
  });
});
