/**
 * Suggestion mode in Chromium with two people: a reviewer with the role suggester writes in
 * Föreslå, the handläggare (an editor) sees it live, accepts one suggestion and rejects another;
 * both pages and the server agree, and undo of an accept brings the suggestion back.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { BODY } from '../../shared/doc/documentState';
import { axeViolations, clickIntoSection, settle, twoPeopleOnOneDocument, useServerAndBrowser } from '../helpers/browser';
import { connectClient, sectionText as serverSectionText, waitFor, waitSynced } from '../helpers/clients';
import { wsUrl } from '../helpers/server';

const SECTION = 'forslagTillBeslut';
const TEXT = 'Nämnden föreslås godkänna samverkan med polisen.';
const ADDED = ' Avtalet gäller i två år.';

const section = (page: Page) => page.locator(`.section-block[data-section-key="${SECTION}"] .section-content`);

/** The section's text as shown: suggestions included, other people's carets left out. */
function shownText(page: Page): Promise<string> {
  return section(page).evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

/** Suggested text of one kind on the page, joined per suggestion. */
function suggested(page: Page, kind: 'insertion' | 'deletion'): Promise<string[]> {
  return section(page)
    .locator(`.suggestion-${kind}`)
    .evaluateAll((elements) => {
      const byId = new Map<string, string>();
      for (const element of elements) {
        const id = (element as HTMLElement).dataset.suggestionId ?? '';
        const copy = element.cloneNode(true) as Element;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        byId.set(id, (byId.get(id) ?? '') + (copy.textContent ?? ''));
      }
      return [...byId.values()];
    });
}

/** Places a DOM selection over a phrase of the section, as a mouse drag would (or the caret just after it). */
async function selectPhrase(page: Page, phrase: string, caretAfter = false): Promise<void> {
  await section(page).evaluate(
    (content, { phrase, caretAfter }) => {
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(phrase) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, caretAfter ? at + phrase.length : at);
        range.setEnd(node, at + phrase.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${phrase}" is not in the section`);
    },
    { phrase, caretAfter },
  );
  await settle(page);
}

/**
 * The suggestion marks in the server's copy of the body, as "mark:text" with the text of each mark
 * joined (y-prosemirror keys them `insertion--<hash>`, one key per suggestion).
 */
function serverSuggestions(doc: Y.Doc): string[] {
  const found = new Map<string, { name: string; text: string }>();
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) {
      for (const run of node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        for (const key of Object.keys(run.attributes ?? {})) {
          const name = key.split('--')[0]!;
          if (!['insertion', 'deletion', 'formatChange'].includes(name)) continue;
          found.set(key, { name, text: (found.get(key)?.text ?? '') + String(run.insert) });
        }
      }
      return;
    }
    for (const child of node.toArray()) visit(child as Y.XmlElement | Y.XmlText);
  };
  visit(doc.getXmlFragment(BODY));
  return [...found.values()].map(({ name, text }) => `${name}:${text}`);
}

/** The bold runs of the server's copy of the body. */
function serverBold(doc: Y.Doc): string[] {
  const found: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) {
      for (const run of node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (run.attributes?.bold) found.push(String(run.insert));
      }
      return;
    }
    for (const child of node.toArray()) visit(child as Y.XmlElement | Y.XmlText);
  };
  visit(doc.getXmlFragment(BODY));
  return found;
}

// Two people, a server check and many round trips each: more than the default minute when the
// machine is busy with other test files.
const LONG = 150_000;

describe('when a reviewer suggests changes and the handläggare decides', () => {
  const env = useServerAndBrowser();

  /** Anna (editor) has written TEXT in the section, and Greta (suggester) sees it. */
  async function authorWroteTheText() {
    const { id, pages } = await twoPeopleOnOneDocument(
      env.browser,
      env.server,
      { name: 'Anna Handläggare', role: 'editor' },
      { name: 'Greta Granskare', role: 'suggester' },
    );
    const [author, reviewer] = pages;
    await clickIntoSection(author, SECTION);
    await author.keyboard.type(TEXT);
    await expect.poll(() => shownText(reviewer), { timeout: 10_000 }).toBe(TEXT);
    return { id, author, reviewer };
  }

  it(
    'shows the suggestions live, accepts one, rejects another, agrees with the server, and undo brings an accepted one back',
    async () => {
      const { id, author, reviewer } = await authorWroteTheText();

      // The reviewer is in Föreslå and cannot choose Redigera; the editor starts in Redigera.
      const reviewerMode = reviewer.getByLabel('Läge');
      expect(await reviewerMode.inputValue()).toBe('suggest');
      expect(await reviewerMode.locator('option[value="edit"]').isDisabled()).toBe(true);
      expect(await author.getByLabel('Läge').inputValue()).toBe('edit');

      // Typing at the end proposes an insertion; deleting a word proposes its removal.
      await clickIntoSection(reviewer, SECTION);
      await reviewer.keyboard.type(ADDED);
      // Deleting part of one's own suggestion really removes it; typing on extends it.
      await reviewer.keyboard.press('Backspace');
      await reviewer.keyboard.type('.');
      await selectPhrase(reviewer, 'godkänna ');
      await reviewer.keyboard.press('Backspace');
      // Fet on existing text proposes the formatting without applying it.
      await selectPhrase(reviewer, 'polisen');
      await reviewer.keyboard.press('Control+b');

      for (const page of [reviewer, author]) {
        await expect.poll(() => suggested(page, 'insertion'), { timeout: 10_000 }).toEqual([ADDED]);
        await expect.poll(() => suggested(page, 'deletion'), { timeout: 10_000 }).toEqual(['godkänna ']);
        await expect.poll(() => section(page).locator('.suggestion-format[data-add="bold"]').allInnerTexts()).toEqual(['polisen']);
        expect(await section(page).locator('strong').count()).toBe(0);
        expect(await shownText(page)).toBe(`${TEXT}${ADDED}`);
      }

      // The handläggare's review panel lists all three in document order, by Greta, with Godta and Avvisa.
      const panel = author.locator('.suggestion-list');
      const items = panel.locator('li.suggestion-item');
      await expect.poll(() => items.count()).toBe(3);
      expect(await items.locator('.comment-author').allInnerTexts()).toEqual(['Greta Granskare', 'Greta Granskare', 'Greta Granskare']);
      expect(
        (await items.locator('.suggestion-preview').allInnerTexts()).map((text) => text.replace(/^Visa i texten:\s*/, '').trim()),
      ).toEqual(['Ta bort ”godkänna”', 'Formatera (fetstil) ”polisen”', `Infoga ”${ADDED.trim()}”`]);
      expect(await axeViolations(author, '.comments-panel')).toEqual([]);
      // The reviewer sees the list but no buttons to decide; a suggestion can be discussed in a thread.
      const reviewerItems = reviewer.locator('.suggestion-list li.suggestion-item');
      await expect.poll(() => reviewerItems.count()).toBe(3);
      expect(await reviewer.locator('.suggestion-list').getByRole('button', { name: 'Godta' }).count()).toBe(0);
      await reviewerItems.filter({ hasText: 'Infoga' }).getByRole('button', { name: 'Kommentera' }).click();
      const draft = reviewer.locator('.comments-panel .thread-draft');
      await draft.getByText(`”${ADDED.trim()}”`).waitFor();
      await draft.getByLabel('Din kommentar').fill('Två år räcker för en första period.');
      await draft.getByRole('button', { name: 'Kommentera', exact: true }).click();
      await author.locator('.comments-panel li.thread', { hasText: 'Två år räcker' }).waitFor({ timeout: 10_000 });

      // Reject the deletion and accept the formatting from the panel.
      await items.filter({ hasText: 'Ta bort' }).getByRole('button', { name: 'Avvisa' }).click();
      await items.filter({ hasText: 'Formatera' }).getByRole('button', { name: 'Godta' }).click();
      // Accept the insertion from the hover card in the text.
      await section(author).locator('.suggestion-insertion').first().hover();
      const card = author.locator('.suggestion-card');
      await card.getByText('Greta Granskare').waitFor();
      await card.getByRole('button', { name: 'Godta' }).click();

      const final = `${TEXT}${ADDED}`;
      for (const page of [author, reviewer]) {
        await expect.poll(() => section(page).locator('.suggestion').count(), { timeout: 10_000 }).toBe(0);
        expect(await shownText(page)).toBe(final);
        expect(await section(page).locator('strong').allInnerTexts()).toEqual(['polisen']);
      }
      await author.locator('.sync-status[data-state="saved"]').waitFor();
      const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
      try {
        await waitSynced(check);
        await waitFor(
          () => serverSectionText(check.doc, SECTION) === final && serverSuggestions(check.doc).length === 0,
          'the decisions on the server',
        );
        expect(serverBold(check.doc)).toEqual(['polisen']);

        // Undo of the accept brings the insertion back as a suggestion, everywhere.
        await author.getByRole('button', { name: 'Ångra' }).click();
        for (const page of [author, reviewer]) {
          await expect.poll(() => suggested(page, 'insertion'), { timeout: 10_000 }).toEqual([ADDED]);
          expect(await suggested(page, 'deletion')).toEqual([]);
        }
        await waitFor(() => serverSuggestions(check.doc).join('|') === `insertion:${ADDED}`, 'the suggestion back on the server');

        // Visa: read only, and the text can be read as if the suggestions were accepted, or without them.
        await author.getByLabel('Läge').selectOption('view');
        expect(await author.locator('.document-body').getAttribute('contenteditable')).toBe('false');
        const display = author.getByRole('combobox', { name: 'Förslag', exact: true });
        await display.selectOption('accepted');
        await expect.poll(() => section(author).innerText()).toContain(`polisen.${ADDED}`);
        await display.selectOption('original');
        await expect.poll(() => section(author).innerText()).not.toContain('Avtalet');
        expect(await section(author).innerText()).toContain(TEXT);
      } finally {
        check.destroy();
      }
    },
    LONG,
  );

  it(
    'keeps what the handläggare types inside a suggestion out of it, for both and on the server',
    async () => {
      const { id, author, reviewer } = await authorWroteTheText();
      await clickIntoSection(reviewer, SECTION);
      await reviewer.keyboard.type(ADDED);
      await expect.poll(() => suggested(author, 'insertion'), { timeout: 10_000 }).toEqual([ADDED]);

      // In Redigera, typing in the middle of Greta's insertion is the handläggare's own text.
      await selectPhrase(author, ' Avtalet', true);
      await author.keyboard.type(' nya');
      const expected = `${TEXT} Avtalet nya gäller i två år.`;
      for (const page of [author, reviewer]) {
        await expect.poll(() => shownText(page), { timeout: 10_000 }).toBe(expected);
        expect(await suggested(page, 'insertion')).toEqual([ADDED]);
      }
      await author.locator('.sync-status[data-state="saved"]').waitFor();
      const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
      try {
        await waitSynced(check);
        await waitFor(() => serverSectionText(check.doc, SECTION) === expected, 'the text on the server');
        expect(serverSuggestions(check.doc)).toEqual([`insertion:${ADDED}`]);
      } finally {
        check.destroy();
      }

      // The reviewer takes the suggestion back: its text goes, the handläggare's words inside it stay.
      await reviewer.locator('.suggestion-list li.suggestion-item').getByRole('button', { name: 'Ta tillbaka' }).click();
      for (const page of [author, reviewer]) {
        await expect.poll(() => shownText(page), { timeout: 10_000 }).toBe(`${TEXT} nya`);
        expect(await section(page).locator('.suggestion').count()).toBe(0);
      }
      expect(await author.locator('.suggestion-list').count()).toBe(0);

      // A new paragraph cannot be proposed: Enter in Föreslå says so and changes nothing.
      await clickIntoSection(reviewer, SECTION);
      await reviewer.keyboard.press('Enter');
      await reviewer.locator('.mode-notice', { hasText: 'går inte att föreslå' }).waitFor();
      expect(await shownText(reviewer)).toBe(`${TEXT} nya`);
      expect(await section(reviewer).locator('p').count()).toBe(1);

      // Google Docs' keys switch the mode: the handläggare goes to Föreslå and back.
      await clickIntoSection(author, SECTION);
      await author.keyboard.press('Control+Alt+Shift+X');
      await expect.poll(() => author.getByLabel('Läge').inputValue()).toBe('suggest');
      await author.keyboard.press('Control+Alt+Shift+Z');
      await expect.poll(() => author.getByLabel('Läge').inputValue()).toBe('edit');
    },
    LONG,
  );

  it(
    'proposes a word in the middle of a sentence, next to the same characters, and removes it again with Backspace',
    async () => {
      const { id, author, reviewer } = await authorWroteTheText();

      // " inte" after "Nämnden", before " föreslås": its space sits beside the text's own space.
      await clickIntoSection(reviewer, SECTION);
      await selectPhrase(reviewer, 'Nämnden', true);
      await reviewer.keyboard.type(' inte');
      const proposed = TEXT.replace('Nämnden', 'Nämnden inte');
      for (const page of [author, reviewer]) {
        await expect.poll(() => suggested(page, 'insertion'), { timeout: 10_000 }).toEqual([' inte']);
        expect(await shownText(page)).toBe(proposed);
      }
      for (let count = 0; count < ' inte'.length; count++) await reviewer.keyboard.press('Backspace');
      for (const page of [author, reviewer]) {
        await expect.poll(() => shownText(page), { timeout: 10_000 }).toBe(TEXT);
        expect(await section(page).locator('.suggestion').count()).toBe(0);
      }
      await reviewer.locator('.sync-status[data-state="saved"]').waitFor();
      const check = connectClient(wsUrl(env.server), id, { token: env.server.adminToken });
      try {
        await waitSynced(check);
        await waitFor(() => serverSectionText(check.doc, SECTION) === TEXT, 'the text on the server');
        expect(serverSuggestions(check.doc)).toEqual([]);
      } finally {
        check.destroy();
      }
    },
    LONG,
  );
});
