/**
 * Issue 11, finding 6, in Chromium: an editor's client that empties a section used to start an
 * endless loop in every browser (the editor "repairs" the empty section, is refused, clears its
 * offline copy and reloads). The server now refuses the emptying change itself, so no browser
 * ever sees an empty section, and no page reloads.
 */
import { describe, expect, it } from 'vitest';
import { sectionElements } from '../../shared/doc/documentState';
import { connectClient, waitFor, waitSynced } from '../helpers/clients';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { createDocument, wsUrl } from '../helpers/server';

describe("when an editor's client empties a section while the document is open in Chromium", () => {
  const env = useServerAndBrowser();

  it('refuses the change, and the open page keeps the section and never reloads', async () => {
    const { server, browser } = env;
    const id = await createDocument(server, 'tjansteskrivelse', 'Tomt avsnitt');
    const [viewer, hostile] = [await createPerson(server, 'Eva Redaktör'), await createPerson(server, 'Mallory Tömmare')];
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: viewer.id, role: 'editor' },
      { principalType: 'user', principalId: hostile.id, role: 'editor' },
    ]);
    const page = await signedInPage(browser, server.url, viewer.email, PERSON_PASSWORD);
    await openDocument(page, server.url, id);
    let loads = 0;
    page.on('load', () => (loads += 1));

    const client = connectClient(wsUrl(server), id, { token: hostile.token });
    const codes: number[] = [];
    client.provider.on('connection-close', (event: CloseEvent | null) => event && codes.push(event.code));
    await waitSynced(client);
    const section = sectionElements(client.doc)[0]!;
    const key = section.getAttribute('sectionKey') as string;
    section.delete(0, section.length);
    await waitFor(() => codes.length > 0, 'the server to refuse the emptying change');
    client.destroy();

    // Long enough for the old repair-refuse-reload cycle to have happened more than once.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(codes[0]).toBe(4409);
    expect(loads).toBe(0);
    expect(await page.locator(`.section-block[data-section-key="${key}"] .section-content p`).count()).toBeGreaterThan(0);
    expect(sectionElements(server.registry.get(`doc:${id}`)!.doc)[0]!.length).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);
});
