/**
 * The review room of a document (`<id>:review`) and what the page reads from it. Comments are
 * not kept offline: the server decides who may write them, so the copy always comes from it.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readThreads, threadsMap, type ThreadView } from '../../shared/review/reviewDoc';
import { useDocumentSession, type DocumentSession } from '../sync/useDocumentSession';

export function useReviewSession(documentId: string | null): DocumentSession | null {
  return useDocumentSession(documentId ? `${documentId}:review` : null, { offlineCopy: false });
}

/** Every thread of the review doc, re-read on any change to a thread or one of its comments. */
export function useThreads(review: Y.Doc | null): ThreadView[] {
  const [threads, setThreads] = useState<ThreadView[]>([]);
  useEffect(() => {
    if (!review) {
      setThreads([]);
      return;
    }
    const map = threadsMap(review);
    const update = () => setThreads(readThreads(review));
    update();
    map.observeDeep(update);
    return () => map.unobserveDeep(update);
  }, [review]);
  return threads;
}

/** Open threads per section key, for the outline. */
export function openThreadsBySection(threads: readonly ThreadView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const thread of threads) {
    if (!thread.resolved) counts.set(thread.sectionKey, (counts.get(thread.sectionKey) ?? 0) + 1);
  }
  return counts;
}
