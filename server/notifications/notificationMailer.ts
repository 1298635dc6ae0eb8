/**
 * Notification mail over SMTP (nodemailer; YTTRA_SMTP_URL, off when unset). A pass looks at every
 * unread notification not mailed yet and, per person and their setting: 'off' marks them done
 * without mail; 'immediate' sends them at once (several that arrived together in one mail);
 * 'batched' (the default) waits a short while to collect, and sends at most one mail per batch
 * window, so a busy hour is one mail. A notification read in the app before its mail goes is not
 * mailed. Passes run on a timer and soon after new notifications; one at a time.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log';
import type { AccountStore, DocumentStore } from '../storage/storage';
import type { MailMode, NotificationRecord, NotificationStore } from './notificationStore';

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  /** At most one collected mail per person per this many ms. */
  batchMs: number;
  /** How long a collected mail waits for more after the first event (at most batchMs). */
  gatherMs?: number;
  /** How often the pass runs by itself. */
  intervalMs?: number;
  /** Where links point (YTTRA_PUBLIC_URL's first origin); without it links are paths. */
  publicUrl?: string;
  store: NotificationStore;
  accounts: AccountStore;
  documents: DocumentStore;
  log: Logger;
  onError?: (error: unknown) => void;
}

const KIND_LINE: Record<NotificationRecord['kind'], (actor: string) => string> = {
  mention: (actor) => `${actor} nämnde dig i en kommentar`,
  reply: (actor) => `${actor} svarade i en tråd du deltar i`,
  comment: (actor) => `${actor} kommenterade ditt dokument`,
  suggestion: (actor) => `${actor} föreslog en ändring i ditt dokument`,
  status: (actor) => `${actor} ändrade status på ett dokument`,
  bilaga: (actor) => `${actor} har namngett dig som medundertecknare`,
};

export function notificationLine(record: Pick<NotificationRecord, 'kind' | 'actorName'>): string {
  return KIND_LINE[record.kind](record.actorName ?? 'Någon');
}

export function notificationPath(record: Pick<NotificationRecord, 'documentId' | 'threadId'>): string {
  return `/d/${encodeURIComponent(record.documentId)}${record.threadId ? `#trad-${encodeURIComponent(record.threadId)}` : ''}`;
}

export class NotificationMailer {
  private readonly transport: Transporter;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private soon: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: MailerOptions) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
    this.timer = setInterval(() => this.kick(), options.intervalMs ?? 30_000);
    this.timer.unref();
  }

  /** New notifications: a pass shortly (several events in one burst make one pass). */
  nudge(): void {
    if (this.closed || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.kick();
    }, 200);
    this.soon.unref();
  }

  /** Runs a pass now (or right after the one running); resolves when it is done. */
  kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => {
        this.options.log.error({ err: error }, 'notification mail pass failed');
        this.options.onError?.(error);
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await this.running;
    this.transport.close();
  }

  private async pass(): Promise<void> {
    const { store } = this.options;
    const pending = await store.unmailed(1000);
    const byUser = new Map<string, NotificationRecord[]>();
    for (const record of pending) byUser.set(record.userId, [...(byUser.get(record.userId) ?? []), record]);
    const now = Date.now();
    for (const [userId, records] of byUser) {
      const mode: MailMode = (await store.mailMode(userId)) ?? 'batched';
      const ids = records.map((record) => record.id);
      if (mode === 'off') {
        await store.markMailed(ids, new Date(now).toISOString());
        continue;
      }
      if (mode === 'batched') {
        const last = await store.lastMailedAt(userId);
        const oldest = Math.min(...records.map((record) => Date.parse(record.createdAt)));
        const gather = Math.min(this.options.gatherMs ?? 5 * 60 * 1000, this.options.batchMs);
        if (now - oldest < gather) continue;
        if (last && now - Date.parse(last) < this.options.batchMs) continue;
      }
      const user = await this.options.accounts.getUser(userId);
      if (!user || user.disabled || !user.email) {
        await store.markMailed(ids, new Date(now).toISOString());
        continue;
      }
      await this.send(user.email, user.name, records);
      await store.markMailed(ids, new Date().toISOString());
    }
  }

  private async send(to: string, name: string, records: NotificationRecord[]): Promise<void> {
    const base = this.options.publicUrl?.replace(/\/$/, '') ?? '';
    const titles = new Map<string, string>();
    for (const record of records)
      if (!titles.has(record.documentId)) titles.set(record.documentId, (await this.options.documents.get(record.documentId))?.title ?? '');
    const lines = records.map((record) => {
      const title = titles.get(record.documentId) || 'dokumentet';
      const text = record.text ? `\n  ”${record.text}”` : '';
      return `• ${notificationLine(record)} – ${title}${text}\n  ${base}${notificationPath(record)}`;
    });
    const subject =
      records.length === 1 ? `Yttra: ${notificationLine(records[0]!)}` : `Yttra: ${records.length} nya händelser i dina dokument`;
    const text = [
      `Hej ${name}!`,
      '',
      records.length === 1 ? 'Det här har hänt i Yttra:' : `Det här har hänt i Yttra sedan sist (${records.length} händelser):`,
      '',
      ...lines,
      '',
      `Om och hur ofta du får e-post väljer du under klockan (Aviseringar) överst i Yttra${base ? `: ${base}/` : '.'}`,
    ].join('\n');
    await this.transport.sendMail({ from: this.options.from, to, subject, text });
  }
}
