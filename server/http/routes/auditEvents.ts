/** Audit events as the API shows them: with the name of the person behind each. */
import type { AccountStore, AuditEvent } from '../../storage/storage';

export async function withUserNames<T extends AuditEvent>(accountStore: Pick<AccountStore, 'listUsers'>, events: readonly T[]) {
  const names = new Map((await accountStore.listUsers()).map((known) => [known.id, known.name]));
  return events.map((event) => ({ ...event, userName: event.userId ? (names.get(event.userId) ?? null) : null }));
}
