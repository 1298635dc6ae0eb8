/**
 * Cross-site WebSocket hijacking (finding 9): a page on another origin — another port of the same
 * host counts, SameSite does not — must not open /sync with the victim's cookie. Clients without
 * an Origin (Node tools, the stock y-websocket client) keep authenticating with their token.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitSynced } from '../helpers/clients';
import { createDocument, useServersAndClients, wsUrl } from '../helpers/server';
import { SESSION_COOKIE } from '../../server/auth/sessions';
import { OriginPolicy } from '../../server/auth/requestToken';
import { configFromEnv } from '../../server/config';

interface Outcome {
  opened: boolean;
  status?: number;
  frames: number;
}

/** Opens /sync/<id> with these headers and reports whether it opened and what arrived. */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    let frames = 0;
    ws.on('message', () => (frames += 1));
    ws.on('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode, frames });
      ws.terminate();
    });
    ws.on('error', () => resolve({ opened: false, frames }));
    // An open socket gets the room's SyncStep1 at once; give it a moment to arrive.
    ws.on('open', () =>
      setTimeout(() => {
        resolve({ opened: true, frames });
        ws.close();
      }, 300),
    );
  });
}

describe('the Origin of a sync upgrade', () => {
  const { start, connect } = useServersAndClients();

  it("refuses another origin's page that carries the victim's cookie, before any byte of the room", async () => {
    const server = await start();
    const id = await createDocument(server);
    const cookie = `${SESSION_COOKIE}=${server.adminToken}`;
    const hostile = await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: `http://127.0.0.1:${server.port + 1}`, cookie });
    expect(hostile).toEqual({ opened: false, status: 403, frames: 0 });
    const sibling = await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: `http://evil.127.0.0.1.nip.io:${server.port}`, cookie });
    expect(sibling.opened).toBe(false);

    const own = await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: server.url, cookie });
    expect(own.opened).toBe(true);
    expect(own.frames).toBeGreaterThan(0);
  });

  it('lets the stock client without an Origin in with its token', async () => {
    const server = await start();
    const id = await createDocument(server);
    await waitSynced(connect(server, id));
  });

  it('accepts only the configured public URLs when YTTRA_PUBLIC_URL is set, for sockets and the API alike', async () => {
    const server = await start({ publicUrls: ['https://yttra.kommun.example', 'https://yttra-test.kommun.example:8443'] });
    const id = await createDocument(server);
    const cookie = `${SESSION_COOKIE}=${server.adminToken}`;
    expect((await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: 'https://yttra.kommun.example', cookie })).opened).toBe(true);
    expect((await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: 'https://yttra-test.kommun.example:8443', cookie })).opened).toBe(true);
    // The request's own host is no longer enough once the public URL is known.
    expect((await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: server.url, cookie })).status).toBe(403);
    expect((await tryUpgrade(`${wsUrl(server)}/${id}`, { origin: 'http://yttra.kommun.example', cookie })).status).toBe(403);

    const post = (origin: string) =>
      fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'yttrande', title: 'Via kakan' }),
      }).then((response) => response.status);
    expect(await post('https://yttra.kommun.example')).toBe(201);
    expect(await post(server.url)).toBe(403);
    expect(await post('https://evil.example')).toBe(403);
  });

  it('still refuses cross-origin API writes with the cookie when no public URL is set', async () => {
    const server = await start();
    const cookie = `${SESSION_COOKIE}=${server.adminToken}`;
    const post = (origin: string) =>
      fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'yttrande', title: 'Via kakan' }),
      }).then((response) => response.status);
    expect(await post(`http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await post(server.url)).toBe(201);
  });
});

describe('OriginPolicy on its own', () => {
  const request = (origin: string | undefined, host = 'yttra.kommun.example:8080') => ({ headers: { origin, host } });

  it("without a public URL, takes the request's own host, in any letter case, and nothing else", () => {
    const policy = new OriginPolicy();
    expect(policy.allows(request('http://YTTRA.kommun.example:8080'))).toBe(true);
    expect(policy.allows(request('https://yttra.kommun.example:8080'))).toBe(true);
    expect(policy.allows(request('http://yttra.kommun.example:8081'))).toBe(false);
    expect(policy.allows(request('http://evil.yttra.kommun.example:8080'))).toBe(false);
    expect(policy.allows(request('null'))).toBe(false);
    expect(policy.allows(request(undefined))).toBe(false);
    expect(policy.allowsUpgrade(request(undefined))).toBe(true);
  });

  it('with public URLs, takes exactly their scheme, host and port', () => {
    const policy = new OriginPolicy(['https://Yttra.Kommun.example/start', 'https://test.kommun.example:8443']);
    expect(policy.allows(request('https://yttra.kommun.example'))).toBe(true);
    expect(policy.allows(request('https://yttra.kommun.example:443'))).toBe(false);
    expect(policy.allows(request('https://test.kommun.example:8443'))).toBe(true);
    expect(policy.allows(request('http://yttra.kommun.example'))).toBe(false);
    expect(policy.httpsOnly).toBe(true);
  });

  it('refuses a public URL that is not one, at start, before anything is written', () => {
    expect(() => new OriginPolicy(['yttra.kommun.example'])).toThrow(/YTTRA_PUBLIC_URL/);
    expect(() => new OriginPolicy(['ftp://yttra.kommun.example'])).toThrow(/https:\/\//);
    expect(() => configFromEnv({ YTTRA_PUBLIC_URL: 'https://ok.example, yttra.kommun.example' })).toThrow(
      /Invalid configuration:\n {2}YTTRA_PUBLIC_URL: "yttra/,
    );
    expect(configFromEnv({ YTTRA_PUBLIC_URL: 'https://a.example, https://b.example:8443' }).publicUrls).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
  });
});
