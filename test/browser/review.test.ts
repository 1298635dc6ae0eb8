import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, clickIntoSection, peopleOnDocument, settle, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';

const SECTION = 'forslagTillBeslut';
const TEXT = 'Nämnden föreslås godkänna samverkan med polisen.';
const PHRASE = 'godkänna samverkan';

/** Selects a phrase of a section the way a mouse drag does: a DOM selection over its text. */
async function selectPhrase(page: Page, sectionKey: string, phrase: string): Promise<void> {
  await page.evaluate(
    ({ sectionKey, phrase }) => {
      const content = document.querySelector(`.section-block[data-section-key="${sectionKey}"] .section-content`);
      if (!content) throw new Error(`no section ${sectionKey}`);
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(phrase) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + phrase.length);
        const selection = document.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${phrase}" is not in ${sectionKey}`);
    },
    { sectionKey, phrase },
  );
}

/** A section's text as written: without the other people's carets, across highlight elements. */
function sectionText(page: Page, sectionKey: string): Promise<string> {
  return page.locator(`.section-block[data-section-key="${sectionKey}"] .section-content`).evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

const panel = (page: Page) => page.locator('.comments-panel');
const thread = (page: Page, text: string) => panel(page).locator('li.thread', { hasText: text });

describe('when a reviewer comments on a phrase and the author answers', () => {
  const env = useServerAndBrowser();

  async function authorAndReviewer() {
    const { id, pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Greta Granskare', role: 'commenter' },
    );
    const [author, reviewer] = pages;
    await clickIntoSection(author, SECTION);
    await author.keyboard.type(TEXT);
    await reviewer.locator(`.section-block[data-section-key="${SECTION}"]`).getByText(TEXT).waitFor({ timeout: 10_000 });
    return { id, author, reviewer };
  }

  async function comment(page: Page, phrase: string, body: string) {
    await selectPhrase(page, SECTION, phrase);
    await page.locator('.comment-on-selection').click();
    const draft = panel(page).locator('.thread-draft');
    await draft.getByText(`”${phrase}”`).waitFor();
    await draft.getByLabel('Din kommentar').fill(body);
    await draft.getByRole('button', { name: 'Kommentera', exact: true }).click();
  }

  it('shows the thread live to the author, who replies and resolves it, and the reviewer sees it resolved', async () => {
    const { author, reviewer } = await authorAndReviewer();
    await comment(reviewer, PHRASE, 'Ska det stå "godkänna" här?');

    // The author sees the highlight, the thread and the count in the outline without reloading.
    const highlight = author.locator(`.section-block[data-section-key="${SECTION}"] .comment-highlight`);
    await highlight.first().waitFor({ timeout: 10_000 });
    expect((await highlight.allInnerTexts()).join('')).toBe(PHRASE);
    const authorThread = thread(author, 'Ska det stå');
    await authorThread.waitFor();
    await expect.poll(() => authorThread.locator('.comment-author').first().innerText()).toBe('Greta Granskare');
    expect(await authorThread.locator('time').first().innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await panel(author).locator('h3', { hasText: 'Förslag till beslut' }).count()).toBe(1);
    await expect.poll(() => author.locator('.outline li', { hasText: 'Förslag till beslut' }).locator('.badge').innerText()).toBe('1');

    // Text typed before the phrase moves the anchor with it, on both pages.
    await clickIntoSection(author, SECTION);
    await author.keyboard.press('Home');
    await author.keyboard.type('Enligt förslaget: ');
    for (const page of [author, reviewer]) {
      const highlighted = page.locator(`.section-block[data-section-key="${SECTION}"] .comment-highlight`);
      await expect.poll(() => sectionText(page, SECTION), { timeout: 10_000 }).toContain(`Enligt förslaget: ${TEXT}`);
      expect((await highlighted.allInnerTexts()).join('')).toBe(PHRASE);
    }

    // Clicking the thread selects its text in the body and emphasises it.
    await authorThread.getByRole('button', { name: /Visa i texten/ }).click();
    await expect.poll(() => author.evaluate(() => document.getSelection()?.toString())).toBe(PHRASE);
    await author.locator('.comment-highlight-active').first().waitFor();

    // A reply, with the panel checked by axe-core while its form is open.
    await authorThread.getByRole('button', { name: 'Svara' }).click();
    await authorThread.getByLabel('Ditt svar').fill('Ja, nämnden godkänner samverkan.');
    expect(await axeViolations(author, '.comments-panel')).toEqual([]);
    await authorThread.getByRole('button', { name: 'Svara' }).click();
    await thread(reviewer, 'Ska det stå').getByText('Ja, nämnden godkänner samverkan.').waitFor({ timeout: 10_000 });

    await authorThread.getByRole('button', { name: 'Markera som löst' }).click();

    // The reviewer: the thread leaves the open list and the highlight goes; under "Lösta" it is resolved.
    await expect.poll(() => thread(reviewer, 'Ska det stå').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => reviewer.locator('.comment-highlight').count()).toBe(0);
    await panel(reviewer).getByLabel('Lösta').check();
    const resolved = thread(reviewer, 'Ska det stå');
    await resolved.getByText('Löst av Anna Handläggare').waitFor();
    await resolved.getByRole('button', { name: 'Öppna igen' }).waitFor();
    expect(await axeViolations(reviewer, '.comments-panel')).toEqual([]);
  });

  it('lets a keyboard user comment with Ctrl+Alt+M and keeps the thread when its text is deleted', async () => {
    const { author, reviewer } = await authorAndReviewer();
    await selectPhrase(reviewer, SECTION, 'med polisen');
    await reviewer.keyboard.press('Control+Alt+M');
    const form = panel(reviewer).getByLabel('Din kommentar');
    await expect.poll(() => form.evaluate((element) => element === document.activeElement)).toBe(true);
    await reviewer.keyboard.type('Vilken polisregion?');
    await reviewer.keyboard.press('Control+Enter');
    await thread(author, 'Vilken polisregion?').waitFor({ timeout: 10_000 });
    await expect.poll(() => author.locator('.comment-highlight').allInnerTexts()).toEqual(['med polisen']);

    // The author deletes the whole sentence: the thread stays, shown as detached, for both.
    await clickIntoSection(author, SECTION);
    await author.keyboard.press('Shift+Home');
    await settle(author);
    await author.keyboard.press('Backspace');
    await reviewer.locator(`.section-block[data-section-key="${SECTION}"]`).getByText(TEXT).waitFor({ state: 'detached', timeout: 10_000 });
    for (const page of [author, reviewer]) {
      await thread(page, 'Vilken polisregion?').getByText('Texten är borttagen').waitFor({ timeout: 10_000 });
      expect(await page.locator('.comment-highlight').count()).toBe(0);
    }
  });

  it('shows a reader the comments without any form or button to write one', async () => {
    const { id, reviewer } = await authorAndReviewer();
    const reader = (await peopleOnDocument(env.browser, env.server, id, [{ name: 'Rut Läsare', role: 'reader' }]))[0]!;
    await comment(reviewer, PHRASE, 'Synpunkt till läsaren');
    await thread(reader, 'Synpunkt till läsaren').waitFor({ timeout: 10_000 });
    await reader.locator('.comment-highlight').first().waitFor();
    await panel(reader).getByText('Du kan läsa kommentarerna men inte skriva egna.').waitFor();
    await selectPhrase(reader, SECTION, 'med polisen');
    await reader.keyboard.press('Control+Alt+M');
    for (const name of ['Kommentera markerad text', 'Svara', 'Markera som löst', 'Redigera', 'Ta bort']) {
      expect(await panel(reader).getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await reader.locator('.comment-on-selection, .thread-draft, .comments-panel textarea').count()).toBe(0);
  });

  it('lets the reviewer edit and delete only their own comments', async () => {
    const { author, reviewer } = await authorAndReviewer();
    await comment(reviewer, PHRASE, 'Första versionen');
    // The thread is found by its quote: while the comment is being edited its text is in a text box.
    const mine = thread(reviewer, PHRASE);
    await mine.getByText('Första versionen').waitFor();
    await mine.getByRole('button', { name: 'Redigera' }).click();
    await mine.getByLabel('Ändra din kommentar').fill('Andra versionen');
    await mine.getByRole('button', { name: 'Spara' }).click();
    const inAuthor = thread(author, 'Andra versionen');
    await inAuthor.getByText('(redigerad)').waitFor({ timeout: 10_000 });
    // The author may answer but not edit someone else's comment.
    expect(await inAuthor.getByRole('button', { name: 'Redigera' }).count()).toBe(0);

    await thread(reviewer, 'Andra versionen').getByRole('button', { name: 'Ta bort' }).click();
    await reviewer.getByRole('group', { name: 'Bekräfta borttagning' }).getByRole('button', { name: 'Ta bort' }).click();
    await thread(author, 'Kommentaren är borttagen.').waitFor({ timeout: 10_000 });
  });
});
