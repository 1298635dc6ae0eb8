/**
 * The sign-in throttle (finding 18): keyed on the account and on the client address, the address
 * taken from X-Forwarded-For only when the request comes from a trusted proxy. A stranger cannot
 * lock anyone out; one address guessing stays strictly limited.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, useServersAndClients, type TestServer } from '../helpers/server';
import { createPerson, PERSON_PASSWORD } from '../helpers/people';
import { SignInThrottle, clientKey } from '../../server/auth/signInThrottle';

/** A sign-in as it arrives through the proxy (the test talks from 127.0.0.1, trusted by default). */
async function signInFrom(server: TestServer, forwardedFor: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password }),
  });
  await response.text();
  return response.status;
}

describe('the sign-in throttle', () => {
  const { start } = useServersAndClients();

  it('does not let strangers lock the administrator out of an address they signed in from before', async () => {
    const server = await start();
    expect(await signInFrom(server, '10.1.1.1', ADMIN.email, ADMIN.password)).toBe(200);
    const answers = new Set<number>();
    for (let i = 0; i < 40; i += 1) answers.add(await signInFrom(server, `192.0.2.${i + 1}`, ADMIN.email, 'gissning'));
    // The guessing itself is slowed down (429 once twenty have failed) …
    expect([...answers].sort()).toEqual([401, 429]);
    // … but not the administrator at an address they signed in from.
    expect(await signInFrom(server, '10.1.1.1', ADMIN.email, ADMIN.password)).toBe(200);
  });

  it('lets one person behind the proxy mistype without locking out the others behind it', async () => {
    const server = await start();
    const anna = await createPerson(server, 'Anna Andersson');
    const bo = await createPerson(server, 'Bo Berg');
    for (let i = 0; i < 8; i += 1) await signInFrom(server, '10.0.0.1', anna.email, 'fel-losenord');
    expect(await signInFrom(server, '10.0.0.2', bo.email, PERSON_PASSWORD)).toBe(200);
    expect(await signInFrom(server, '10.0.0.3', anna.email, PERSON_PASSWORD)).toBe(200);
  });

  it('holds one address that guesses strictly, whatever accounts it tries, even with the right password', async () => {
    const server = await start();
    const person = await createPerson(server, 'Cecilia Cederlund');
    for (let i = 0; i < 30; i += 1) await signInFrom(server, '198.51.100.7', `nobody${i}@test.yttra`, 'gissning');
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ email: person.email, password: PERSON_PASSWORD }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await signInFrom(server, '198.51.100.8', person.email, PERSON_PASSWORD)).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const server = await start({ trustedProxies: [] });
    for (let i = 0; i < 30; i += 1) await signInFrom(server, `203.0.113.${i + 1}`, `nobody${i}@test.yttra`, 'gissning');
    // Every one of those came from 127.0.0.1 whatever the header said: that address is held.
    expect(await signInFrom(server, '203.0.113.200', ADMIN.email, ADMIN.password)).toBe(429);
  });
});

describe('the throttle on its own clock', () => {
  it('makes one account and address wait after five failures, doubling with each more, until a success', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('a@x.se', '10.0.0.1');
    expect(throttle.waitFor('a@x.se', '10.0.0.1')).toBe(0);
    throttle.recordFailure('a@x.se', '10.0.0.1');
    expect(throttle.waitFor('a@x.se', '10.0.0.1')).toBe(1000);
    now += 1000;
    throttle.recordFailure('a@x.se', '10.0.0.1');
    expect(throttle.waitFor('a@x.se', '10.0.0.1')).toBe(2000);
    expect(throttle.waitFor('a@x.se', '10.0.0.2')).toBe(0);
    now += 2000;
    throttle.recordSuccess('a@x.se', '10.0.0.1');
    expect(throttle.waitFor('a@x.se', '10.0.0.1')).toBe(0);
  });

  it('slows the account down for new addresses, at most a minute, when many addresses guess it', () => {
    const throttle = new SignInThrottle(() => 0);
    throttle.recordSuccess('admin@x.se', '10.9.9.9');
    for (let i = 0; i < 40; i += 1) throttle.recordFailure('admin@x.se', `192.0.2.${i}`);
    expect(throttle.waitFor('admin@x.se', '192.0.2.250')).toBe(60_000);
    expect(throttle.waitFor('admin@x.se', '10.9.9.9')).toBe(0);
  });

  it('counts an IPv6 client by its /64', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
  });
});
