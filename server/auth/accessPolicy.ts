/**
 * Who may do what with a document. One place decides, for the API and for every socket:
 *   - a party group's private draft (särskilt yttrande, reservation before it is handed in) is
 *     for that group's members (editors) and users named on it (co-signers), nobody else — not
 *     even an administrator;
 *   - otherwise the best role among the entries for the user and the user's groups;
 *     administrators are owners of every document that is not a private draft.
 */
import type { Access } from '../sync/access';
import type { AccessEntry, AccessStore, AccountStore, DocumentRecord, DocumentRole, UserRecord } from '../storage/storage';

/** A suggester may do all a commenter may, and write in the body as suggestions; an editor more. */
const RANK: Record<DocumentRole, number> = { reader: 1, commenter: 2, suggester: 3, editor: 4, owner: 5 };

export function roleAtLeast(role: DocumentRole | null, needed: DocumentRole): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

export function accessOfRole(role: DocumentRole): Access {
  if (role === 'owner' || role === 'editor') return 'write';
  if (role === 'suggester') return 'suggest';
  return role === 'commenter' ? 'comment' : 'read';
}

function best(roles: Iterable<DocumentRole>): DocumentRole | null {
  let result: DocumentRole | null = null;
  for (const role of roles) if (result === null || RANK[role] > RANK[result]) result = role;
  return result;
}

export class AccessPolicy {
  constructor(
    private readonly accounts: AccountStore,
    private readonly access: AccessStore,
  ) {}

  async roleFor(user: UserRecord, document: DocumentRecord): Promise<DocumentRole | null> {
    const groupIds = (await this.accounts.groupsOf(user.id)).map((group) => group.id);
    const entries = await this.access.entries(document.id);
    return this.decide(user, groupIds, document, entries);
  }

  private decide(
    user: UserRecord,
    groupIds: readonly string[],
    document: DocumentRecord,
    entries: readonly AccessEntry[],
  ): DocumentRole | null {
    const own = entries.filter((entry) => entry.principalType === 'user' && entry.principalId === user.id).map((entry) => entry.role);
    if (document.privateToGroup) {
      const member = groupIds.includes(document.privateToGroup);
      return best([...own, ...(member ? (['editor'] as const) : [])]);
    }
    const viaGroups = entries
      .filter((entry) => entry.principalType === 'group' && groupIds.includes(entry.principalId))
      .map((entry) => entry.role);
    return best([...own, ...viaGroups, ...(user.isAdmin ? (['owner'] as const) : [])]);
  }

  /**
   * The documents this user may see, with the role on each. The entries of all of them are read
   * at once: a document shared with every nämnd is in every member's list, and one list must not
   * cost one query per document in it.
   */
  async visible(user: UserRecord, documents: readonly DocumentRecord[]): Promise<Array<DocumentRecord & { role: DocumentRole }>> {
    const groupIds = (await this.accounts.groupsOf(user.id)).map((group) => group.id);
    const withEntries = new Set(await this.access.documentIdsFor(user.id, groupIds));
    const relevant = documents.filter(
      (document) =>
        withEntries.has(document.id) ||
        user.isAdmin ||
        (document.privateToGroup !== null && document.privateToGroup !== undefined && groupIds.includes(document.privateToGroup)),
    );
    const entries = await this.access.entriesOf(relevant.filter((document) => withEntries.has(document.id)).map((document) => document.id));
    const result: Array<DocumentRecord & { role: DocumentRole }> = [];
    for (const document of relevant) {
      const role = this.decide(user, groupIds, document, entries.get(document.id) ?? []);
      if (role) result.push({ ...document, role });
    }
    return result;
  }
}
