/**
 * Configuration from environment variables, validated once at start. Every setting has a safe
 * default so that `npm start` works on a fresh machine.
 */
import path from 'node:path';
import { z } from 'zod';
import { originOf } from './auth/requestToken';
import { addressList } from './http/connectionLimits';
import { externalSignInFromEnv, type ExternalSignInConfig } from './auth/externalSignInConfig';

/** A zod check from a parser that throws a readable Error for a bad comma-separated list. */
function validWith(parse: (entries: string[]) => unknown) {
  return (value: string | undefined, context: z.RefinementCtx): void => {
    try {
      parse(list(value));
    } catch (error) {
      // The path already names the variable; the parser's message names it too.
      const message = error instanceof Error ? error.message : String(error);
      context.addIssue({ code: 'custom', message: message.replace(/^YTTRA_[A-Z_]+: /, '') });
    }
  };
}

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  YTTRA_DATA_DIR: z.string().default('./data'),
  /** PostgreSQL instead of SQLite in YTTRA_DATA_DIR (server/storage/openStorage.ts). */
  YTTRA_DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Several instances on PostgreSQL (server/cluster/): the secret instances forward sockets with. */
  YTTRA_CLUSTER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where this instance takes sockets forwarded by the others (never the public port). */
  YTTRA_CLUSTER_HOST: z.string().default('127.0.0.1'),
  YTTRA_CLUSTER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How the others reach that listener (ws://host:port), when it differs from host and port. */
  YTTRA_CLUSTER_ADDRESS: z.string().optional(),
  /** How long a room's owner holds it without renewing: how long a dead owner's rooms wait. */
  YTTRA_CLUSTER_LEASE_MS: z.coerce.number().int().min(500).default(5000),
  /** SQLite's synchronous pragma: FULL adds an fsync per commit (power-loss durability). */
  YTTRA_SQLITE_SYNC: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  YTTRA_DEMO: booleanFlag.default(true),
  /** Largest WebSocket frame accepted; larger frames close that socket (4413 / 1009). */
  YTTRA_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /** Largest document (stored state) accepted; updates beyond it are refused. */
  YTTRA_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(64 * 1024 * 1024),
  /** Frames per second a single connection may send on average (bursts allowed). */
  YTTRA_FRAMES_PER_SECOND: z.coerce.number().min(1).default(300),
  /**
   * Imports (server/import/importRunner.ts): the largest upload; for a .docx, the most it may
   * inflate to and the most zip entries; parses at once overall, per user, and waiting; the time
   * and heap one parse (a worker thread) may take.
   */
  YTTRA_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  YTTRA_IMPORT_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(50 * 1024 * 1024),
  YTTRA_IMPORT_MAX_ZIP_ENTRIES: z.coerce.number().int().min(10).default(2000),
  YTTRA_IMPORT_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  YTTRA_IMPORT_PER_USER: z.coerce.number().int().min(1).default(1),
  YTTRA_IMPORT_QUEUE: z.coerce.number().int().min(0).default(8),
  YTTRA_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  YTTRA_IMPORT_WORKER_MEMORY_MB: z.coerce.number().int().min(32).default(512),
  /**
   * PDF export (server/export/pdfExport.ts): LibreOffice conversions at once, per user at once,
   * waiting overall and per user (beyond: 429), and the time one conversion may take.
   */
  YTTRA_PDF_CONCURRENCY: z.coerce.number().int().min(1).default(1),
  YTTRA_PDF_PER_USER: z.coerce.number().int().min(1).default(1),
  YTTRA_PDF_QUEUE: z.coerce.number().int().min(0).default(16),
  YTTRA_PDF_QUEUE_PER_USER: z.coerce.number().int().min(0).default(2),
  YTTRA_PDF_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  /** The LibreOffice program, and the Python (with uno) that runs the warm converter (server/export/warmOffice.ts). */
  YTTRA_LIBREOFFICE: z.string().min(1).default('libreoffice'),
  YTTRA_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /** A LibreOffice kept running between PDF conversions, stopped after this long unused. */
  YTTRA_PDF_WARM: booleanFlag.default(true),
  YTTRA_PDF_WARM_IDLE_MS: z.coerce.number().int().min(1000).default(600_000),
  /**
   * Heavy work of large documents (server/work/workerPool.ts): worker threads at most, tasks
   * waiting (beyond: 503), the time one task may take and the heap of one worker.
   */
  YTTRA_WORK_WORKERS: z.coerce.number().int().min(1).default(2),
  YTTRA_WORK_QUEUE: z.coerce.number().int().min(0).default(64),
  YTTRA_WORK_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  YTTRA_WORK_WORKER_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  /** A document stored in fewer bytes is read, versioned and exported in place (the hand-off would cost more). */
  YTTRA_WORK_INLINE_BELOW_BYTES: z.coerce.number().int().min(0).default(131_072),
  /** The first administrator; without a password, a one-time password is printed at first start. */
  YTTRA_ADMIN_EMAIL: z.string().email().optional(),
  YTTRA_ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The address(es) people open Yttra at; browsers' Origin must name one of them (comma-separated). */
  YTTRA_PUBLIC_URL: z
    .string()
    .optional()
    .superRefine(validWith((entries) => entries.forEach(originOf))),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated);
   * they are also exempt from the per-address connection cap. `none` trusts nobody.
   */
  YTTRA_TRUSTED_PROXY: z
    .string()
    .default('127.0.0.1,::1')
    .superRefine(validWith((entries) => entries[0] === 'none' || addressList(entries))),
  /** How often sync sockets are pinged; one that missed the previous ping is ended. */
  YTTRA_SYNC_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** How long a sign-in lasts. */
  YTTRA_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(7 * 24),
  /** A session not used for this long ends (issue 16): 8 hours, a working day. */
  YTTRA_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60 * 90)
    .default(8 * 60),
  /** How long a deleted document stays in the wastebasket, restorable, before it is purged. */
  YTTRA_WASTEBASKET_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Open TCP connections (HTTP and sync) in all, and from one client address. */
  YTTRA_MAX_CONNECTIONS: z.coerce.number().int().min(10).default(10_000),
  YTTRA_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(2).default(500),
  /** /metrics: a Bearer token, and/or its own listen address; otherwise loopback clients only. */
  YTTRA_METRICS_TOKEN: z.string().min(16).optional(),
  YTTRA_METRICS_HOST: z.string().optional(),
  YTTRA_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Per-user quotas (server/auth/quotas.ts): documents created per hour and per day, comment threads started per document. */
  YTTRA_QUOTA_DOCUMENTS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  YTTRA_QUOTA_DOCUMENTS_PER_DAY: z.coerce.number().int().min(1).default(300),
  YTTRA_QUOTA_THREADS_PER_DOCUMENT: z.coerce.number().int().min(1).default(200),
  /** Ärenden one user may register per hour; named versions one user may save of one document per hour (status changes and restores make one too). */
  YTTRA_QUOTA_ARENDEN_PER_HOUR: z.coerce.number().int().min(1).default(30),
  YTTRA_QUOTA_VERSIONS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Password sign-in; `false` when everyone signs in through OpenID Connect or SAML (auth/externalSignInConfig.ts). */
  YTTRA_LOCAL_PASSWORDS: booleanFlag.default(true),
  /** Notification mail (server/notifications/): smtp(s)://user:password@host:port; unset: no mail is sent. */
  YTTRA_SMTP_URL: z.string().url().optional(),
  YTTRA_MAIL_FROM: z.string().min(3).default('Yttra <yttra@localhost>'),
  /** A person who chose collected mail gets at most one per this many minutes. */
  YTTRA_MAIL_BATCH_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(60),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Set: PostgreSQL at this URL holds everything; unset: SQLite in dataDir. */
  databaseUrl?: string;
  /** With databaseUrl: room ownership and forwarding between instances (server/cluster/). */
  cluster?: { secret?: string; host: string; port: number; address?: string; leaseMs: number };
  sqliteSync: 'NORMAL' | 'FULL';
  seedDemo: boolean;
  maxFrameBytes: number;
  maxDocumentBytes: number;
  framesPerSecond: number;
  imports: {
    maxBytes: number;
    maxInflatedBytes: number;
    maxZipEntries: number;
    concurrency: number;
    perUser: number;
    queue: number;
    timeoutMs: number;
    workerMemoryMb: number;
  };
  pdf: {
    concurrency: number;
    perUser: number;
    queue: number;
    queuePerUser: number;
    timeoutMs: number;
    libreoffice: string;
    python: string;
    warm: boolean;
    warmIdleMs: number;
  };
  work: { workers: number; queue: number; timeoutMs: number; workerMemoryMb: number; inlineBelowBytes: number };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  adminEmail?: string;
  adminPassword?: string;
  /** Origins of YTTRA_PUBLIC_URL; empty: the request's own Host is the origin. */
  publicUrls: string[];
  trustedProxies: string[];
  sessionTtlMs: number;
  sessionIdleMs: number;
  wastebasketDays: number;
  syncHeartbeatMs: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  metricsToken?: string;
  metricsHost?: string;
  metricsPort?: number;
  quotas: {
    documentsPerHour: number;
    documentsPerDay: number;
    threadsPerDocument: number;
    arendenPerHour?: number;
    versionsPerHour?: number;
  };
  /** OpenID Connect and SAML sign-in (YTTRA_OIDC_*, YTTRA_SAML_*); absent: neither is offered. */
  externalSignIn?: ExternalSignInConfig;
  /** false: only the recovery command's one-time administrator password signs in with a password. */
  localSignIn?: boolean;
  /** Notification mail (YTTRA_SMTP_URL, YTTRA_MAIL_FROM, YTTRA_MAIL_BATCH_MINUTES); no smtpUrl: none is sent. */
  mail?: { smtpUrl?: string; from: string; batchMs: number; gatherMs?: number; intervalMs?: number };
};

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  const publicUrls = list(values.YTTRA_PUBLIC_URL);
  const externalSignIn = externalSignInFromEnv(env, publicUrls);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.YTTRA_DATA_DIR),
    databaseUrl: values.YTTRA_DATABASE_URL,
    cluster: {
      secret: values.YTTRA_CLUSTER_SECRET,
      host: values.YTTRA_CLUSTER_HOST,
      port: values.YTTRA_CLUSTER_PORT,
      address: values.YTTRA_CLUSTER_ADDRESS,
      leaseMs: values.YTTRA_CLUSTER_LEASE_MS,
    },
    sqliteSync: values.YTTRA_SQLITE_SYNC,
    seedDemo: values.YTTRA_DEMO,
    maxFrameBytes: values.YTTRA_MAX_FRAME_BYTES,
    maxDocumentBytes: values.YTTRA_MAX_DOCUMENT_BYTES,
    framesPerSecond: values.YTTRA_FRAMES_PER_SECOND,
    imports: {
      maxBytes: values.YTTRA_IMPORT_MAX_BYTES,
      maxInflatedBytes: values.YTTRA_IMPORT_MAX_INFLATED_BYTES,
      maxZipEntries: values.YTTRA_IMPORT_MAX_ZIP_ENTRIES,
      concurrency: values.YTTRA_IMPORT_CONCURRENCY,
      perUser: values.YTTRA_IMPORT_PER_USER,
      queue: values.YTTRA_IMPORT_QUEUE,
      timeoutMs: values.YTTRA_IMPORT_TIMEOUT_MS,
      workerMemoryMb: values.YTTRA_IMPORT_WORKER_MEMORY_MB,
    },
    pdf: {
      concurrency: values.YTTRA_PDF_CONCURRENCY,
      perUser: values.YTTRA_PDF_PER_USER,
      queue: values.YTTRA_PDF_QUEUE,
      queuePerUser: values.YTTRA_PDF_QUEUE_PER_USER,
      timeoutMs: values.YTTRA_PDF_TIMEOUT_MS,
      libreoffice: values.YTTRA_LIBREOFFICE,
      python: values.YTTRA_PYTHON,
      warm: values.YTTRA_PDF_WARM,
      warmIdleMs: values.YTTRA_PDF_WARM_IDLE_MS,
    },
    work: {
      workers: values.YTTRA_WORK_WORKERS,
      queue: values.YTTRA_WORK_QUEUE,
      timeoutMs: values.YTTRA_WORK_TIMEOUT_MS,
      workerMemoryMb: values.YTTRA_WORK_WORKER_MEMORY_MB,
      inlineBelowBytes: values.YTTRA_WORK_INLINE_BELOW_BYTES,
    },
    logLevel: values.LOG_LEVEL,
    adminEmail: values.YTTRA_ADMIN_EMAIL,
    adminPassword: values.YTTRA_ADMIN_PASSWORD,
    publicUrls,
    trustedProxies: values.YTTRA_TRUSTED_PROXY.trim() === 'none' ? [] : list(values.YTTRA_TRUSTED_PROXY),
    sessionTtlMs: values.YTTRA_SESSION_HOURS * 60 * 60 * 1000,
    sessionIdleMs: values.YTTRA_SESSION_IDLE_MINUTES * 60 * 1000,
    wastebasketDays: values.YTTRA_WASTEBASKET_DAYS,
    syncHeartbeatMs: values.YTTRA_SYNC_HEARTBEAT_SECONDS * 1000,
    maxConnections: values.YTTRA_MAX_CONNECTIONS,
    maxConnectionsPerAddress: values.YTTRA_MAX_CONNECTIONS_PER_ADDRESS,
    metricsToken: values.YTTRA_METRICS_TOKEN,
    metricsHost: values.YTTRA_METRICS_HOST,
    metricsPort: values.YTTRA_METRICS_PORT,
    quotas: {
      documentsPerHour: values.YTTRA_QUOTA_DOCUMENTS_PER_HOUR,
      documentsPerDay: values.YTTRA_QUOTA_DOCUMENTS_PER_DAY,
      threadsPerDocument: values.YTTRA_QUOTA_THREADS_PER_DOCUMENT,
      arendenPerHour: values.YTTRA_QUOTA_ARENDEN_PER_HOUR,
      versionsPerHour: values.YTTRA_QUOTA_VERSIONS_PER_HOUR,
    },
    externalSignIn,
    localSignIn: values.YTTRA_LOCAL_PASSWORDS,
    mail: { smtpUrl: values.YTTRA_SMTP_URL, from: values.YTTRA_MAIL_FROM, batchMs: values.YTTRA_MAIL_BATCH_MINUTES * 60 * 1000 },
  };
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...configFromEnv({}), ...overrides };
}

/** Names of settings that hold a secret: shown as set or not, never by value. */
const SECRET_SETTING = /password|token|secret/i;

/** The configuration as printed at start: every value, except secrets (issue 11, finding 12), also nested ones. */
export function configForLog(config: Config): Record<string, unknown> {
  const redact = (settings: object): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [
        key,
        (key === 'databaseUrl' || key === 'smtpUrl') && typeof value === 'string'
          ? withoutPassword(value)
          : SECRET_SETTING.test(key) && value !== undefined
            ? '[redacted]'
            : value && typeof value === 'object' && !Array.isArray(value)
              ? redact(value as object)
              : value,
      ]),
    );
  return redact(config);
}

/** A database URL as logged: the password (if the URL holds one) replaced. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '[redacted]';
  }
}
