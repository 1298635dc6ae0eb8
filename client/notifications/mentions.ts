/** Who may be @mentioned in a document's comments, and sharing it with one who cannot see it. */
import { api } from '../app/api';
import type { Mention } from '../../shared/review/reviewSchema';

export interface Mentionable {
  id: string;
  name: string;
  title: string;
  hasAccess: boolean;
}

export interface MentionableList {
  people: Mentionable[];
  /** The writer owns the document and may share it with someone mentioned. */
  mayShare: boolean;
}

export function loadMentionable(documentId: string): Promise<MentionableList> {
  return api<MentionableList>('GET', `/api/documents/${encodeURIComponent(documentId)}/mentionable`);
}

/** Adds the person as commenter, keeping every other entry. */
export async function shareAsCommenter(documentId: string, userId: string): Promise<void> {
  const path = `/api/documents/${encodeURIComponent(documentId)}/access`;
  const { entries } = await api<{ entries: Array<{ principalType: string; principalId: string; role: string }> }>('GET', path);
  await api('PUT', path, {
    entries: [
      ...entries.map(({ principalType, principalId, role }) => ({ principalType, principalId, role })),
      { principalType: 'user', principalId: userId, role: 'commenter' },
    ],
  });
}

/** The "@query" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/** People whose name (or a word of it) begins with the query, those with access first. */
export function matching(people: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const q = query.toLocaleLowerCase('sv');
  return people
    .filter((person) => {
      const name = person.name.toLocaleLowerCase('sv');
      return name.startsWith(q) || name.split(/[\s-]+/).some((word) => word.startsWith(q));
    })
    .sort((a, b) => Number(b.hasAccess) - Number(a.hasAccess))
    .slice(0, limit);
}

/** The mentions still written in the text as "@name" (one removed by editing is dropped). */
export function mentionsIn(text: string, chosen: readonly Mention[]): Mention[] {
  const seen = new Set<string>();
  return chosen.filter((mention) => {
    if (seen.has(mention.userId) || !text.includes(`@${mention.name}`)) return false;
    seen.add(mention.userId);
    return true;
  });
}
