/**
 * /metrics (finding 23): not open to anyone. Only a client on the machine itself by default (the
 * bench scrapes from 127.0.0.1), a Bearer token with YTTRA_METRICS_TOKEN, or a listener of its
 * own with YTTRA_METRICS_PORT.
 */
import { describe, expect, it } from 'vitest';
import { useServersAndClients } from '../helpers/server';

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, text: await response.text() };
}

describe('who may read /metrics', () => {
  const { start } = useServersAndClients();

  it('by default, a client on this machine talking to it directly, not one passed through a proxy', async () => {
    const server = await start();
    const direct = await scrape(`${server.url}/metrics`);
    expect(direct.status).toBe(200);
    expect(direct.text).toContain('yttra_connections');
    // Through a reverse proxy on the same machine the peer is loopback too; the header tells.
    expect((await scrape(`${server.url}/metrics`, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await scrape(`${server.url}/metrics`, { forwarded: 'for=203.0.113.9' })).status).toBe(403);
  });

  it('with YTTRA_METRICS_TOKEN, whoever sends that token, and nobody else', async () => {
    const token = 'en-lang-hemlig-matvardestoken';
    const server = await start({ metricsToken: token });
    expect((await scrape(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(`${server.url}/metrics`, { authorization: 'Bearer fel-token-som-inte-galler' })).status).toBe(401);
    expect((await scrape(`${server.url}/metrics`, { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(
      200,
    );
  });

  it('with YTTRA_METRICS_PORT, on that listener only', async () => {
    const server = await start({ metricsPort: 0, metricsHost: '127.0.0.1' });
    expect((await scrape(`${server.url}/metrics`)).status).toBe(404);
    const own = await scrape(`http://127.0.0.1:${server.metricsPort}/metrics`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('yttra_rooms');
    expect((await scrape(`http://127.0.0.1:${server.metricsPort}/api/documents`)).status).toBe(404);
  });
});
