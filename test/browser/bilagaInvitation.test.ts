import { describe, expect, it } from 'vitest';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { addToGroup, createGroup, createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api } from '../helpers/server';

describe('when a Moderate invites a Vänsterpartist to sign a särskilt yttrande', () => {
  const env = useServerAndBrowser();

  it('offers the other party separately, and names him only once he confirms in his own browser', async () => {
    const { server, browser } = env;
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    await addToGroup(server, await createGroup(server, 'Moderaterna', 'parti', 'M'), kerstin.id);
    await addToGroup(server, await createGroup(server, 'Vänsterpartiet', 'parti', 'V'), marek.id);
    // Both sit on the nämnd the seed belongs to: only its ledamöter and ersättare file bilagor (issue 16).
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    for (const person of [kerstin, marek]) await addToGroup(server, namnd, person.id);
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await response.json()) as { id: string }).id;
    await share(server, server.adminToken, mainId, [
      { principalType: 'user', principalId: kerstin.id, role: 'commenter' },
      { principalType: 'user', principalId: marek.id, role: 'commenter' },
    ]);

    const filer = await signedInPage(browser, server.url, kerstin.email, PERSON_PASSWORD);
    await openDocument(filer, server.url, mainId);
    const invite = filer.getByRole('group', { name: 'Bjud in politiker från andra partigrupper' });
    await invite.getByLabel('Marek Lakatos (V)').check();
    await filer.getByRole('button', { name: 'Skapa bilaga' }).click();
    await filer.waitForURL((url) => url.pathname.startsWith('/d/') && !url.pathname.includes(mainId));
    await expect
      .poll(
        async () =>
          (await api<{ closingLines: string[] }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`)).body.closingLines,
      )
      .toEqual(['Kerstin Håkansson (M) avser inkomma med ett särskilt yttrande, bilaga.']);

    const invitee = await signedInPage(browser, server.url, marek.email, PERSON_PASSWORD);
    await openDocument(invitee, server.url, mainId);
    const invitation = invitee.locator('.bilaga-invitation');
    await invitation.getByText(/Du har bjudits in att underteckna ett särskilt yttrande av Kerstin Håkansson/).waitFor();
    await invitation.getByRole('button', { name: 'Bekräfta' }).click();
    await invitee
      .locator('.closing-lines li', {
        hasText: 'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
      })
      .waitFor();
    await invitation.getByRole('link', { name: 'Öppna bilagan' }).waitFor();
    await filer.context().close();
    await invitee.context().close();
  });
});
