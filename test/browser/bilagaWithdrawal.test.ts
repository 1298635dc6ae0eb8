import { describe, expect, it } from 'vitest';
import { openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { addToGroup, createGroup, createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api } from '../helpers/server';

describe('when a ledamot hands in and then withdraws her reservation in the browser', () => {
  const env = useServerAndBrowser();

  it('asks before handing in, and takes the closing line away when she withdraws', async () => {
    const { server, browser } = env;
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, await createGroup(server, 'Moderaterna', 'parti', 'M'), kerstin.id);
    await addToGroup(server, await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd'), kerstin.id);
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await response.json()) as { id: string }).id;
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: kerstin.id, role: 'commenter' }]);
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [],
    });
    expect(filed.status).toBe(201);

    const page = await signedInPage(browser, server.url, kerstin.email, PERSON_PASSWORD);
    // Handing in: the first time she changes her mind, the second time she confirms.
    await openDocument(page, server.url, filed.body.id);
    const questions: string[] = [];
    let accept = false;
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });
    await page.getByRole('button', { name: 'Lämna in' }).click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(/Lämna in utkastet\?.*läsa det/);
    const record = async () =>
      (await api<{ privateToGroup: string | null }>(server, kerstin.token, 'GET', `/api/documents/${filed.body.id}`)).body;
    expect((await record()).privateToGroup).not.toBeNull();
    accept = true;
    await page.getByRole('button', { name: 'Lämna in' }).click();
    await page.getByText('Inlämnat: nämndens ledamöter och förvaltningen kan nu läsa det.').waitFor();
    expect((await record()).privateToGroup).toBeNull();

    // Withdrawing from the main document's bilaga panel.
    await openDocument(page, server.url, mainId);
    await page.locator('.closing-lines li', { hasText: 'Kerstin Håkansson (M) avser inkomma med en skriftlig reservation' }).waitFor();
    await page.getByRole('button', { name: 'Återkalla bilagan' }).click();
    await page.getByText('Inga särskilda yttranden eller reservationer anmälda.').waitFor();
    expect(questions[questions.length - 1]).toMatch(/Återkalla en reservation/);
    const lines = await api<{ closingLines: string[] }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`);
    expect(lines.body.closingLines).toEqual([]);
    await page.context().close();
  });
});
