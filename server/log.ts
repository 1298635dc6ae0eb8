/**
 * One log format for the whole server: JSON lines through pino, one object per line, so that a
 * log collector can read every line. In a terminal (stdout is a TTY) the same lines are shown
 * readable by pino-pretty, loaded only then. Secrets never reach a line: pino's `redact` blanks
 * the fields that carry them wherever they sit, and request URLs lose their `?token=`.
 */
import { createRequire } from 'node:module';
import pino from 'pino';

export type Logger = pino.Logger;

export const REDACTED = '[redacted]';

/** Field names that hold a secret, wherever they occur (top level or inside a logged object). */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'adminPassword', 'token', 'sessionToken', 'metricsToken', 'secret'];

const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** A URL with the values of secret query parameters (`?token=`) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|password)=)[^&#]*/gi, `$1${REDACTED}`);
}

interface RequestLike {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export interface LoggerOptions {
  /** Where JSON lines go (tests); default stdout, pretty when it is a terminal. */
  destination?: pino.DestinationStream;
  pretty?: boolean;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    level,
    base: { service: 'yttra' },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      // Fastify's request lines (at debug): the URL without its token.
      req: (request: RequestLike) => ({
        method: request.method,
        url: request.url === undefined ? undefined : redactUrl(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url),
      err: pino.stdSerializers.err,
    },
  };
  const pretty = options.pretty ?? (options.destination === undefined && level !== 'silent' && process.stdout.isTTY === true);
  if (pretty) return pino(settings, prettyStream(options.destination));
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/**
 * pino-pretty in the same thread, loaded only for a terminal: a transport would start a worker
 * thread (a second V8 isolate) just to colour lines for a person watching.
 */
function prettyStream(destination?: pino.DestinationStream): pino.DestinationStream {
  const require = createRequire(import.meta.url);
  const pinoPretty = require('pino-pretty') as (options: Record<string, unknown>) => pino.DestinationStream;
  return pinoPretty({
    colorize: destination === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    destination: destination ?? 1,
    sync: true,
  });
}
