/**
 * Audit events as the API shows them: in the order they happened (oldest first), each with the
 * name of the person behind it and, in words, what they did (audit/auditWords.ts).
 */
import { describeAuditEvent, type AuditWordsContext } from '../../audit/auditWords';
import type { AccountStore, AuditEvent } from '../../storage/storage';

export async function withUserNames<T extends AuditEvent & { id?: number }>(
  accountStore: Pick<AccountStore, 'listUsers'>,
  events: readonly T[],
  words: AuditWordsContext = {},
) {
  const names = new Map((await accountStore.listUsers()).map((known) => [known.id, known.name]));
  // The store hands out the newest first; ids are the order of recording, which the minute-rounded
  // time of an edit does not always show.
  const inOrder = [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return inOrder.map((event) => ({
    ...event,
    userName: event.userId ? (names.get(event.userId) ?? null) : null,
    text: describeAuditEvent(event, words),
  }));
}
