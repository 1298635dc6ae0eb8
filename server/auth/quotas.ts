/**
 * Per-user quotas on what one account can make the server keep: documents created per hour and
 * per day, ärenden registered per hour, named versions saved of one document per hour (each holds
 * the whole document), and comment threads a user starts in one document. Counts come from what
 * is stored, so a restart does not reset them; creations under way are counted too, so parallel
 * requests cannot all pass. A refusal is a 429 with a Swedish sentence saying what to do.
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
  arendenPerHour?: number;
  /** Named versions one user may save of one document per hour (restores make one too). */
  versionsPerHour?: number;
}

export const DEFAULT_QUOTAS: Required<QuotaLimits> = {
  documentsPerHour: 60,
  documentsPerDay: 300,
  threadsPerDocument: 200,
  arendenPerHour: 30,
  versionsPerHour: 30,
};

/** How many of the user's things were stored since the given ISO time. */
export type CountSince = (since: string) => Promise<number>;

/** Counts, among stored records, those the user created after `since` (ISO times compare as text). */
export function createdBySince(
  records: ReadonlyArray<{ createdBy?: string | null; createdAt: string }>,
  userId: string,
  since: string,
): number {
  return records.filter((record) => record.createdBy === userId && record.createdAt > since).length;
}

export class QuotaExceededError extends YttraError {
  constructor(message: string) {
    super(message, 429, 'quota_exceeded');
  }
}

const HOUR_MS = 60 * 60 * 1000;

export class Quotas {
  readonly limits: Required<QuotaLimits>;

  constructor(
    private readonly documents: Pick<DocumentStore, 'countCreatedSince'>,
    limits: QuotaLimits = DEFAULT_QUOTAS,
  ) {
    this.limits = { ...DEFAULT_QUOTAS, ...limits };
  }

  /** Creations under way, by what they count against: counted at once, before any await. */
  private readonly underWay = new Map<string, number>();

  /**
   * Reserves one document creation, or throws a 429 when the user has created as many documents
   * as the hour or the day allows. Call the returned release once the document is stored (or not).
   */
  reserveDocumentCreation(userId: string, now = Date.now()): Promise<() => void> {
    return this.reserve(`document:${userId}`, async (underWay) => {
      const lastHour = (await this.documents.countCreatedSince(userId, new Date(now - HOUR_MS).toISOString())) + underWay;
      if (lastHour >= this.limits.documentsPerHour) {
        throw new QuotaExceededError(
          `Du har skapat ${lastHour} dokument den senaste timmen, vilket är gränsen. Vänta en stund och försök igen, eller be en administratör om hjälp.`,
        );
      }
      const lastDay = (await this.documents.countCreatedSince(userId, new Date(now - 24 * HOUR_MS).toISOString())) + underWay;
      if (lastDay >= this.limits.documentsPerDay) {
        throw new QuotaExceededError(
          `Du har skapat ${lastDay} dokument det senaste dygnet, vilket är gränsen. Försök igen i morgon, eller be en administratör om hjälp.`,
        );
      }
    });
  }

  /** Reserves registering one ärende (the user's registrations counted by `countSince`). */
  reserveArendeRegistration(userId: string, countSince: CountSince, now = Date.now()): Promise<() => void> {
    return this.reserve(`arende:${userId}`, async (underWay) => {
      const lastHour = (await countSince(new Date(now - HOUR_MS).toISOString())) + underWay;
      if (lastHour >= this.limits.arendenPerHour) {
        throw new QuotaExceededError(
          `Du har registrerat ${lastHour} ärenden den senaste timmen, vilket är gränsen. Vänta en stund och försök igen.`,
        );
      }
    });
  }

  /** Reserves saving one named version of a document (the user's versions of it counted by `countSince`). */
  reserveVersion(userId: string, documentId: string, countSince: CountSince, now = Date.now()): Promise<() => void> {
    return this.reserve(`version:${userId}:${documentId}`, async (underWay) => {
      const lastHour = (await countSince(new Date(now - HOUR_MS).toISOString())) + underWay;
      if (lastHour >= this.limits.versionsPerHour) {
        throw new QuotaExceededError(
          `Du har sparat ${lastHour} versioner av dokumentet den senaste timmen, vilket är gränsen. Vänta en stund; ändringarna sparas ändå hela tiden.`,
        );
      }
    });
  }

  /**
   * Counts one more under way for `key` before anything is awaited, then runs `check` with how
   * many others are under way; the returned release ends the reservation.
   */
  private async reserve(key: string, check: (othersUnderWay: number) => Promise<void>): Promise<() => void> {
    const others = this.underWay.get(key) ?? 0;
    this.underWay.set(key, others + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.underWay.get(key) ?? 1) - 1;
      if (left <= 0) this.underWay.delete(key);
      else this.underWay.set(key, left);
    };
    try {
      await check(others);
    } catch (error) {
      release();
      throw error;
    }
    return release;
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
