/** Where a request carries its session token: the cookie, a Bearer header, or ?token= (WebSocket). */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from './sessions';

export type TokenSource = 'cookie' | 'bearer' | 'query';

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function tokenFromRequest(request: Pick<IncomingMessage, 'headers' | 'url'>): { token: string; source: TokenSource } | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice(7).trim(), source: 'bearer' };
  const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (cookie) return { token: cookie, source: 'cookie' };
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (query) return { token: query, source: 'query' };
  return undefined;
}

/**
 * Which browser origins are Yttra's own. With YTTRA_PUBLIC_URL set, exactly those origins (scheme,
 * host and port). Without it, the origin whose host is the request's own Host header: a browser
 * sets Host from the address it connects to and a page cannot change it, so a page on another
 * port or a sibling host never matches; a DNS-rebinding page that does match is sent the cookies of
 * its own host, not Yttra's. Behind a proxy that rewrites Host nothing matches (closed, not open):
 * set YTTRA_PUBLIC_URL there.
 */
export class OriginPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(publicUrls: readonly string[] = []) {
    this.origins = new Set(publicUrls.map(originOf));
  }

  /** Every public URL is https: the session cookie is then always Secure, whatever a proxy says. */
  get httpsOnly(): boolean {
    return this.origins.size > 0 && [...this.origins].every((origin) => origin.startsWith('https:'));
  }

  /** The request carries an Origin, and it is Yttra's own. */
  allows(request: Pick<IncomingMessage, 'headers'>): boolean {
    const origin = request.headers.origin;
    if (!origin) return false;
    if (this.origins.size > 0) return this.origins.has(origin.toLowerCase());
    const host = request.headers.host;
    if (!host) return false;
    try {
      return new URL(origin).host === new URL(`http://${host}`).host;
    } catch {
      return false;
    }
  }

  /**
   * A WebSocket upgrade may go ahead: browsers always send Origin on one, so a missing Origin is
   * a program (the stock y-websocket client in Node, a tool) that holds its own token.
   */
  allowsUpgrade(request: Pick<IncomingMessage, 'headers'>): boolean {
    return request.headers.origin === undefined || this.allows(request);
  }
}

/** `https://Host:443/path` → `https://host`; throws a readable error for a bad YTTRA_PUBLIC_URL. */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`YTTRA_PUBLIC_URL: "${url}" is not a URL such as https://yttra.kommun.se`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`YTTRA_PUBLIC_URL: "${url}" must start with https:// or http://`);
  return parsed.origin;
}
