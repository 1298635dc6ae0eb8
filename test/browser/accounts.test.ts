/**
 * Accounts in the browser: an administrator resets a person's password on the admin page and sees
 * the one-time password once; the person, signing in with it, gets the password form before
 * anything else; the admin page shows group kinds in Swedish and removes a member.
 */
import { describe, expect, it } from 'vitest';
import { signedInPage, useServerAndBrowser } from '../helpers/browser';
import { addToGroup, createGroup, createPerson } from '../helpers/people';
import { ADMIN, api } from '../helpers/server';

describe('when an administrator manages accounts in the browser', () => {
  const env = useServerAndBrowser();

  it('a reset password is shown once, and its holder must choose a new one before seeing any document', async () => {
    const person = await createPerson(env.server, 'Greta Glömsk');
    const admin = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await admin.goto(`${env.server.url}/admin`);
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.locator('li', { hasText: person.email }).getByRole('button', { name: 'Återställ lösenord' }).click();
    const shown = await admin.locator('.one-time-password code').textContent();
    expect(shown?.length).toBeGreaterThanOrEqual(16);

    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.fill('#email', person.email);
    await page.fill('#password', shown!);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("Byt lösenord")');
    expect(await page.locator('h1:has-text("Dokument")').count()).toBe(0);
    await page.fill('#current-password', shown!);
    await page.fill('#new-password', 'kort');
    await page.fill('#repeat-password', 'kort');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/minst 12 tecken/);
    await page.fill('#new-password', 'blå cykel vid ån');
    await page.fill('#repeat-password', 'blå cykel vid ån');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("Dokument")');
    await context.close();
    await admin.context().close();
  });

  it('shows group kinds in Swedish and removes a member from a group', async () => {
    const person = await createPerson(env.server, 'Mats Medlem');
    const groupId = await createGroup(env.server, 'Socialnämnden', 'namnd');
    await addToGroup(env.server, groupId, person.id);
    const admin = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await admin.goto(`${env.server.url}/admin`);
    const row = admin.locator('li', { hasText: 'Socialnämnden' });
    await expect.poll(() => row.textContent()).toMatch(/Socialnämnden \(Nämnd\)/);
    await row.getByRole('button', { name: 'Ta bort Mats Medlem ur Socialnämnden' }).click();
    await expect.poll(() => row.textContent()).toMatch(/inga medlemmar/);
    const groups = await api<{ groups: Array<{ id: string; members: string[] }> }>(env.server, env.server.adminToken, 'GET', '/api/groups');
    expect(groups.body.groups.find((group) => group.id === groupId)?.members).toEqual([]);
    await admin.context().close();
  });
});
