/** Which threads the panel lists, in what order, under which section. */
import type { DocumentType } from '../../shared/model';
import type { ThreadView } from '../../shared/review/reviewDoc';
import type { TextRange } from './anchors';

export type ThreadFilter = 'open' | 'resolved' | 'mine' | 'all';

export const FILTER_LABELS: Record<ThreadFilter, string> = {
  open: 'Öppna',
  resolved: 'Lösta',
  mine: 'Mina',
  all: 'Alla',
};

/** "Mine": threads the user started or took part in. */
export function matchesFilter(thread: ThreadView, filter: ThreadFilter, userId: string): boolean {
  switch (filter) {
    case 'open':
      return !thread.resolved;
    case 'resolved':
      return thread.resolved;
    case 'mine':
      return thread.authorId === userId || thread.comments.some((comment) => comment.authorId === userId);
    case 'all':
      return true;
  }
}

export interface SectionGroup {
  key: string;
  title: string;
  threads: ThreadView[];
}

/**
 * Threads grouped by section in template order; within a section by where their text is now,
 * detached threads (and those not placed yet) last, oldest first.
 */
export function groupBySection(
  type: DocumentType,
  threads: readonly ThreadView[],
  ranges: ReadonlyMap<string, TextRange | null>,
): SectionGroup[] {
  const position = (thread: ThreadView) => ranges.get(thread.id)?.from ?? Number.POSITIVE_INFINITY;
  const sorted = [...threads].sort((a, b) => position(a) - position(b) || a.createdAt.localeCompare(b.createdAt));
  const groups: SectionGroup[] = type.sections.map((section) => ({ key: section.key, title: section.title, threads: [] }));
  for (const thread of sorted) {
    let group = groups.find((candidate) => candidate.key === thread.sectionKey);
    if (!group) {
      // A section the template no longer has: keep its threads visible rather than lose them.
      group = { key: thread.sectionKey, title: 'Övrigt', threads: [] };
      groups.push(group);
    }
    group.threads.push(thread);
  }
  return groups.filter((group) => group.threads.length > 0);
}

const timeFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}
