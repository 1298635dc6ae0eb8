/**
 * Issue 11, finding 4, in Chromium: a reader's hostile awareness states, sent from a raw socket,
 * break neither a page that has the document open nor a page that opens it afterwards.
 */
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import type { Page } from 'playwright-core';
import { MESSAGE_AWARENESS } from '../../shared/protocol/messages';
import { clickIntoSection, openDocument, signedInPage, useServerAndBrowser } from '../helpers/browser';
import { createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { openRawSocket } from '../helpers/rawSocket';
import { createDocument, wsUrl } from '../helpers/server';

function awarenessFrame(client: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

const HOSTILE_STATES = [
  { user: { name: 'Rut Läsare', color: '#00aa00' }, section: { evil: 1 } },
  { user: { name: 'Rut Läsare', color: '#00aa00' }, cursor: { anchor: null, head: null } },
  { user: { name: { first: 'Rut' }, color: 7 }, field: ['datum'] },
];

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('when a reader sends hostile awareness states to a document open in Chromium', () => {
  const env = useServerAndBrowser();

  it('keeps the open page working and lets a page open the document afterwards', async () => {
    const { server, browser } = env;
    const id = await createDocument(server, 'tjansteskrivelse', 'Närvaro under attack');
    const [editor, reader, latecomer] = [
      await createPerson(server, 'Eva Redaktör'),
      await createPerson(server, 'Rut Läsare'),
      await createPerson(server, 'Lars Senare'),
    ];
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: editor.id, role: 'editor' },
      { principalType: 'user', principalId: reader.id, role: 'reader' },
      { principalType: 'user', principalId: latecomer.id, role: 'editor' },
    ]);
    const open = await signedInPage(browser, server.url, editor.email, PERSON_PASSWORD);
    const openErrors = collectPageErrors(open);
    await openDocument(open, server.url, id);

    const hostile = await openRawSocket(`${wsUrl(server)}/${id}?token=${reader.token}`);
    HOSTILE_STATES.forEach((state, index) => hostile.send(awarenessFrame(7000 + index, 1, state)));
    // A valid state from the same reader after them: once it shows, the hostile ones were handled.
    hostile.send(awarenessFrame(7100, 1, { user: { name: 'Rut Läsare', color: '#00aa00' }, section: 'arendet' }));
    await open.locator('.presence li', { hasText: 'Rut Läsare' }).waitFor({ timeout: 10_000 });

    await clickIntoSection(open, 'arendet');
    await open.keyboard.type('Skrivet efter attacken.');
    await open.locator('.section-block[data-section-key="arendet"]').getByText('Skrivet efter attacken.').waitFor({ timeout: 10_000 });
    expect(await open.locator('.error-boundary').count()).toBe(0);

    const late = await signedInPage(browser, server.url, latecomer.email, PERSON_PASSWORD);
    const lateErrors = collectPageErrors(late);
    await openDocument(late, server.url, id);
    await late.locator('.section-block[data-section-key="arendet"]').getByText('Skrivet efter attacken.').waitFor({ timeout: 10_000 });
    await late.locator('.presence li', { hasText: 'Rut Läsare' }).waitFor({ timeout: 10_000 });
    expect(await late.locator('.error-boundary').count()).toBe(0);
    expect([...openErrors, ...lateErrors]).toEqual([]);
    hostile.ws.close();
    await open.context().close();
    await late.context().close();
  }, 90_000);
});
