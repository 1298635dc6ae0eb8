/**
 * A person signs in the municipality's way in Chromium: "Logga in med …" on the sign-in page,
 * through a real local OpenID provider (oauth2-mock-server) and back, and signs out of both.
 */
import type { Browser } from 'playwright-core';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../helpers/browser';
import { createPerson, PERSON_PASSWORD } from '../helpers/people';
import { api, startTestServer, type TestServer } from '../helpers/server';

const CLIENT_ID = 'yttra-webbläsare';

describe('when a person signs in with the municipality’s account', () => {
  let provider: OAuth2Server;
  let server: TestServer;
  let browser: Browser;
  const providerSignOuts: string[] = [];
  let claims: Record<string, unknown> = {
    sub: 'entra-browser-1',
    name: 'Bengt Berg',
    email: 'bengt.berg@kommun.test',
    jobTitle: 'Nämndsekreterare',
  };

  beforeAll(async () => {
    provider = new OAuth2Server();
    await provider.issuer.keys.generate('RS256');
    await provider.start(0, '127.0.0.1');
    provider.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
      if (token.payload.aud !== CLIENT_ID) return;
      Object.assign(token.payload, claims);
    });
    provider.service.on('beforePostLogoutRedirect', (redirect: { url: URL }) => providerSignOuts.push(redirect.url.href));
    server = await startTestServer({
      externalSignIn: { oidc: { issuer: provider.issuer.url!, clientId: CLIENT_ID, clientSecret: 'hemligt', name: 'Testkommunens konto' } },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.stop();
  });

  it('the sign-in page offers the provider, the round trip signs them in, and signing out ends the provider’s session too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Logga in med Testkommunens konto' }).click();

    // Through the provider and back to Yttra's start page, signed in, with a tidy address.
    await page.waitForSelector('h1:has-text("Dokument")');
    await expect.poll(() => page.textContent('.signed-in')).toContain('Bengt Berg');
    expect(new URL(page.url()).search).toBe('');
    const cookies = await context.cookies(server.url);
    expect(cookies.find((cookie) => cookie.name === 'yttra_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The sign-in key was for one round trip only.
    expect(cookies.find((cookie) => cookie.name === 'yttra_signin')).toBeUndefined();

    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.waitForSelector('h1:has-text("Logga in i Yttra")');
    expect(providerSignOuts).toEqual([`${server.url}/`]);
    expect((await context.cookies(server.url)).find((cookie) => cookie.name === 'yttra_session')).toBeUndefined();
    await context.close();
  });

  it('a refused answer brings the person back to the sign-in page, told why in Swedish', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The provider's answer arrives without the sign-in having started in this browser.
    await page.goto(`${server.url}/api/session/oidc/callback?code=stulen&state=gissad`);
    await page.waitForSelector('h1:has-text("Logga in i Yttra")');
    await expect
      .poll(() => page.textContent('[role=alert]'))
      .toBe('Inloggningen tog för lång tid eller startades i en annan flik eller webbläsare. Försök igen.');
    expect(new URL(page.url()).search).toBe('');
    await context.close();
  });

  it('a person with an account from before links it on Byt lösenord, and is then signed in to it by the provider', async () => {
    const local = await createPerson(server, 'Gunilla Gammal');
    claims = { sub: 'entra-browser-2', name: 'Gunilla Gammal', email: local.email };
    const page = await signedInPage(browser, server.url, local.email, PERSON_PASSWORD);
    await page.getByRole('link', { name: 'Byt lösenord' }).click();
    await page.getByRole('button', { name: 'Koppla till Testkommunens konto' }).click();
    await expect
      .poll(() => page.textContent('[role=status]'))
      .toBe('Ditt konto är kopplat. Nästa gång kan du logga in med organisationens konto.');
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();

    // A fresh browser: the provider alone now signs in to the account from before.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(server.url);
    await fresh.getByRole('link', { name: 'Logga in med Testkommunens konto' }).click();
    await fresh.waitForSelector('h1:has-text("Dokument")');
    const session = (await context.cookies(server.url)).find((cookie) => cookie.name === 'yttra_session')!.value;
    expect((await api<{ user: { id: string } }>(server, session, 'GET', '/api/session')).body.user.id).toBe(local.id);
    await context.close();
  });
});
