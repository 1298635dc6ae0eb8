/**
 * Per-user quotas on what one account can make the server keep: documents created per hour and
 * per day (counted from the document table, so a restart does not reset them), and comment
 * threads a user starts in one document. Everything a user can trigger has a limit; these are the
 * limits on what stays. A refusal is a 429 with a Swedish sentence saying what to do.
 */
import * as Y from 'yjs';
import { THREADS } from '../../shared/review/reviewDoc';
import { YttraError } from '../errors';
import type { DocumentStore } from '../storage/storage';
import type { Verdict } from '../sync/guards/bodyGuard';

export interface QuotaLimits {
  documentsPerHour: number;
  documentsPerDay: number;
  /** Threads one user may start in one document's review (replies are not counted). */
  threadsPerDocument: number;
}

export const DEFAULT_QUOTAS: QuotaLimits = { documentsPerHour: 60, documentsPerDay: 300, threadsPerDocument: 200 };

export class QuotaExceededError extends YttraError {
  constructor(message: string) {
    super(message, 429, 'quota_exceeded');
  }
}

const HOUR_MS = 60 * 60 * 1000;

export class Quotas {
  constructor(
    private readonly documents: Pick<DocumentStore, 'countCreatedSince'>,
    readonly limits: QuotaLimits = DEFAULT_QUOTAS,
  ) {}

  /** Creations under way per user: counted at once, so parallel requests cannot all pass. */
  private readonly creating = new Map<string, number>();

  /**
   * Reserves one document creation, or throws a 429 when the user has created as many documents
   * as the hour or the day allows. Call the returned release once the document is stored (or not).
   */
  async reserveDocumentCreation(userId: string, now = Date.now()): Promise<() => void> {
    this.creating.set(userId, (this.creating.get(userId) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.creating.get(userId) ?? 1) - 1;
      if (left <= 0) this.creating.delete(userId);
      else this.creating.set(userId, left);
    };
    try {
      await this.check(userId, now);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  private async check(userId: string, now: number): Promise<void> {
    // Includes this request's own reservation, hence "greater than".
    const underWay = this.creating.get(userId) ?? 0;
    const lastHour = (await this.documents.countCreatedSince(userId, new Date(now - HOUR_MS).toISOString())) + underWay - 1;
    if (lastHour >= this.limits.documentsPerHour) {
      throw new QuotaExceededError(
        `Du har skapat ${lastHour} dokument den senaste timmen, vilket är gränsen. Vänta en stund och försök igen, eller be en administratör om hjälp.`,
      );
    }
    const lastDay = (await this.documents.countCreatedSince(userId, new Date(now - 24 * HOUR_MS).toISOString())) + underWay - 1;
    if (lastDay >= this.limits.documentsPerDay) {
      throw new QuotaExceededError(
        `Du har skapat ${lastDay} dokument det senaste dygnet, vilket är gränsen. Försök igen i morgon, eller be en administratör om hjälp.`,
      );
    }
  }

  /**
   * For the review room's guard, after it accepted an update: refuses it when it would take the
   * user past the number of threads they may start in this document. New threads are the update's
   * new keys in the threads map; the ones already there are counted by their author.
   */
  checkThreads(review: Y.Doc, update: Uint8Array, userId: string): Verdict | null {
    const threads = review.getMap(THREADS);
    const added = new Set<string>();
    for (const struct of Y.decodeUpdate(update).structs) {
      // In a decoded update, a root type's child names its parent by the root's name.
      if (!(struct instanceof Y.Item) || (struct.parent as unknown) !== THREADS || typeof struct.parentSub !== 'string') continue;
      if (!threads.has(struct.parentSub)) added.add(struct.parentSub);
    }
    if (added.size === 0) return null;
    let own = 0;
    for (const thread of threads.values()) if (thread instanceof Y.Map && thread.get('authorId') === userId) own += 1;
    if (own + added.size <= this.limits.threadsPerDocument) return null;
    return {
      accepted: false,
      code: 'rate_limited',
      message: `Du har startat ${own} kommentarstrådar i det här dokumentet, vilket är gränsen. Svara i en befintlig tråd i stället.`,
      closeConnection: true,
    };
  }
}
