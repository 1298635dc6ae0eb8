/**
 * An @mention in the browser: Anna writes "@Bri" in a comment, picks Britt-Marie from the list and
 * sends; Britt-Marie, with the document open in her own browser, sees the bell's count go up and
 * finds the mention in its list.
 */
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  clickIntoSection,
  openDocument,
  settle,
  signedInPage,
  twoPeopleOnOneDocument,
  useServerAndBrowser,
} from '../helpers/browser';
import { createPerson } from '../helpers/people';
import { ADMIN, api, createDocument } from '../helpers/server';

describe('@mentions', () => {
  const env = useServerAndBrowser();

  it('suggests Britt-Marie after "@Bri", and she sees the bell count go up', async () => {
    const { pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Britt-Marie Nilsson', role: 'commenter' },
    );
    const [anna, britt] = pages;
    await expect.poll(() => britt.locator('[data-testid="notification-count"]').count()).toBe(0);

    await clickIntoSection(anna, 'sammanfattning');
    await anna.keyboard.type('Nämnden föreslås godkänna avtalet.');
    await anna.keyboard.press('Shift+Home');
    await settle(anna);
    await anna.keyboard.press('Control+Alt+M');
    const box = anna.locator('.comments-panel').getByLabel('Din kommentar');
    await expect.poll(() => box.evaluate((element) => element === document.activeElement), { timeout: 20_000 }).toBe(true);
    await anna.keyboard.type('Kan du titta på det här, @Bri');
    const option = anna.getByRole('option', { name: /Britt-Marie Nilsson/ });
    await option.waitFor({ timeout: 20_000 });
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    expect(await axeViolations(anna, '.comments-panel')).toEqual([]);
    await anna.keyboard.press('Enter');
    await anna.keyboard.type('?');
    expect(await box.inputValue()).toBe('Kan du titta på det här, @Britt-Marie Nilsson ?');
    await anna.keyboard.press('Control+Enter');
    await anna.locator('.comments-panel li.thread', { hasText: '@Britt-Marie Nilsson' }).waitFor({ timeout: 20_000 });

    // The bell asks every 20 seconds (and when the window gets focus).
    const count = britt.locator('[data-testid="notification-count"]');
    await count.waitFor({ timeout: 60_000 });
    expect(await count.textContent()).toBe('1');
    await britt.getByRole('button', { name: 'Aviseringar, 1 olästa' }).click();
    const item = britt.locator('.notification-unread', { hasText: 'nämnde dig i en kommentar' });
    await item.waitFor({ timeout: 20_000 });
    expect(await axeViolations(britt, '.notification-bell')).toEqual([]);
    expect(await item.textContent()).toContain('Anna Handläggare');
    await item.locator('a').click();
    await expect.poll(() => count.count(), { timeout: 20_000 }).toBe(0);
    // The link leads to the thread: it is the active one, its mention marked.
    const thread = britt.locator('.comments-panel li.thread[aria-current="true"]');
    await thread.waitFor({ timeout: 20_000 });
    expect(await thread.locator('.comment-mention').textContent()).toBe('@Britt-Marie Nilsson');
    expect(britt.url()).toContain('#trad-');
  }, 240_000);
  it('offers the owner to share the document with someone mentioned who cannot see it', async () => {
    const id = await createDocument(env.server, 'tjansteskrivelse', 'Parkeringsnorm');
    const otto = await createPerson(env.server, 'Otto Utanför');
    const owner = await signedInPage(env.browser, env.server.url, ADMIN.email, ADMIN.password);
    await openDocument(owner, env.server.url, id);
    await clickIntoSection(owner, 'sammanfattning');
    await owner.keyboard.type('Parkeringsnormen ses över.');
    await owner.keyboard.press('Shift+Home');
    await settle(owner);
    await owner.keyboard.press('Control+Alt+M');
    const box = owner.locator('.comments-panel').getByLabel('Din kommentar');
    await expect.poll(() => box.evaluate((element) => element === document.activeElement), { timeout: 20_000 }).toBe(true);
    await owner.keyboard.type('Vad säger du, @Ott');
    const option = owner.getByRole('option', { name: /Otto Utanför/ });
    await option.waitFor({ timeout: 20_000 });
    expect(await option.textContent()).toContain('har inte tillgång');
    await owner.keyboard.press('Enter');
    await owner.getByRole('button', { name: 'Dela med Otto Utanför (kommentator)' }).click();
    await owner.getByText('Dokumentet är delat med Otto Utanför som kommentator.').waitFor({ timeout: 20_000 });
    await owner.locator('.thread-draft').getByRole('button', { name: 'Kommentera' }).click();
    await owner.locator('.comments-panel li.thread', { hasText: '@Otto Utanför' }).waitFor({ timeout: 20_000 });
    await expect
      .poll(
        async () =>
          (
            await api<{ notifications: Array<{ kind: string }> }>(env.server, otto.token, 'GET', '/api/notifications')
          ).body.notifications.map((n) => n.kind),
        { timeout: 30_000 },
      )
      .toEqual(['mention']);
  }, 240_000);
});
