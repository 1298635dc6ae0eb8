/**
 * Who is told what (issue 19). Everything is found by the server from what it stored, never from
 * what a client announces: comments, replies and mentions from the review room's state after each
 * stored change (onStored), suggestions from the body room's, status changes and co-signer
 * invitations from the workflow store's writes. Each notification's id is derived from what it is
 * about (the comment, the suggestion, the transition), so seeing the same state twice, or after a
 * restart, adds nothing; only comments and suggestions written in the last few minutes count, so a
 * room loaded after a restart does not announce its history.
 */
import * as Y from 'yjs';
import type { Logger } from '../log';
import type { AccountStore, AccessStore, DocumentStore, StatusTransition, UserRecord, WorkflowStore } from '../storage/storage';
import type { AccessPolicy } from '../auth/accessPolicy';
import { readThreads } from '../../shared/review/reviewDoc';
import { listSuggestions } from '../../shared/suggestions/resolve';
import { statusLabel } from '../../shared/model/status';
import { SUGGESTION_MARK_NAMES } from '../../shared/model/schema';
import type { MailMode, NotificationKind, NotificationRecord, NotificationStore } from './notificationStore';

/** The suggestion marks' names as bytes: Yjs writes the key of a formatting it stores as UTF-8. */
const SUGGESTION_MARK_KEYS = SUGGESTION_MARK_NAMES.map((name) => Buffer.from(name, 'utf8'));

/** Whether a stored update may add a suggestion: the name of a suggestion mark is among its bytes. */
export function mayCarrySuggestionMark(update: Uint8Array): boolean {
  const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
  return SUGGESTION_MARK_KEYS.some((key) => bytes.includes(key));
}

/** How old a comment or suggestion may be and still be announced when first seen. */
const RECENT_MS = 10 * 60 * 1000;
/** A body room is looked at for new suggestions at most this often (every keystroke stores). */
const BODY_SCAN_DELAY_MS = 3000;
const SNIPPET_LENGTH = 160;

export interface NotificationDeps {
  store: NotificationStore;
  accounts: AccountStore;
  access: AccessStore;
  documents: DocumentStore;
  policy: AccessPolicy;
  log: Logger;
  /** Called after notifications were stored (the mailer looks for what to send). */
  onAdded?: () => void;
}

const snippet = (text: string) => (text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH - 1)}…` : text);

export class NotificationService {
  private readonly bodyTimers = new Map<string, NodeJS.Timeout>();
  /** What was handled already, by notification id, with when (pruned after RECENT_MS). */
  private readonly seen = new Map<string, number>();
  private closed = false;

  constructor(private readonly deps: NotificationDeps) {}

  /** The person's role on the document, or null when they cannot see it (or their account is off). */
  async canSee(userId: string, documentId: string): Promise<boolean> {
    const [user, record] = await Promise.all([this.deps.accounts.getUser(userId), this.deps.documents.get(documentId)]);
    if (!user || user.disabled || !record || record.deletedAt) return false;
    return (await this.deps.policy.roleFor(user, record)) !== null;
  }

  /** The document's owners, groups expanded. */
  async ownersOf(documentId: string): Promise<string[]> {
    const owners = new Set<string>();
    for (const entry of await this.deps.access.entries(documentId)) {
      if (entry.role !== 'owner') continue;
      if (entry.principalType === 'user') owners.add(entry.principalId);
      else for (const member of await this.deps.accounts.membersOf(entry.principalId)) owners.add(member);
    }
    return [...owners];
  }

  /** The review room stored a change: new comments, replies and mentions written just now. */
  reviewStored(documentId: string, review: Y.Doc): void {
    void this.fromReview(documentId, review).catch((error: unknown) =>
      this.deps.log.error({ err: error, documentId }, 'could not derive notifications from comments'),
    );
  }

  /** The body room stored a change: new suggestions, looked for a moment later. */
  bodyStored(documentId: string, body: Y.Doc, update: Uint8Array): void {
    if (this.closed || this.bodyTimers.has(documentId)) return;
    // Looking for new suggestions walks the whole document (tens of ms for a long one); only a
    // change that formats text with a suggestion mark can make one.
    if (!mayCarrySuggestionMark(update)) return;
    const timer = setTimeout(() => {
      this.bodyTimers.delete(documentId);
      void this.fromSuggestions(documentId, body).catch((error: unknown) =>
        this.deps.log.error({ err: error, documentId }, 'could not derive notifications from suggestions'),
      );
    }, BODY_SCAN_DELAY_MS);
    timer.unref();
    this.bodyTimers.set(documentId, timer);
  }

  /** The workflow store with its status transitions and invitations announced once written. */
  watchWorkflow(workflow: WorkflowStore): WorkflowStore {
    // Everything else goes to the store itself (its prototype, if it has one, included).
    const announced: Pick<WorkflowStore, 'changeStatus' | 'inviteCosigner' | 'link'> = {
      // A bilaga is linked once its co-signers of the filer's own party group are on it as editors:
      // they sign at once, and are told so.
      link: async (mainId, bilagaId, partyGroup) => {
        await workflow.link(mainId, bilagaId, partyGroup);
        void this.signersNamed(bilagaId).catch((error: unknown) =>
          this.deps.log.error({ err: error, documentId: bilagaId }, 'could not notify the co-signers of a bilaga'),
        );
      },
      changeStatus: async (transition) => {
        const outcome = await workflow.changeStatus(transition);
        if (outcome === 'stale') return outcome;
        void this.statusChanged(transition, workflow).catch((error: unknown) =>
          this.deps.log.error({ err: error, documentId: transition.documentId }, 'could not notify a status change'),
        );
        return outcome;
      },
      inviteCosigner: async (bilagaId, userId, invitedBy, at) => {
        await workflow.inviteCosigner(bilagaId, userId, invitedBy, at);
        // The invitation is answered on the main document (the bilaga itself is the party group's
        // until the invitee confirms), so that is where the notification leads.
        void this.invited(bilagaId, userId, invitedBy, at, (await workflow.mainOf(bilagaId)) ?? bilagaId).catch((error: unknown) =>
          this.deps.log.error({ err: error, documentId: bilagaId }, 'could not notify a co-signer invitation'),
        );
      },
    };
    return Object.assign(Object.create(workflow) as WorkflowStore, announced);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.bodyTimers.values()) clearTimeout(timer);
    this.bodyTimers.clear();
  }

  private async fromReview(documentId: string, review: Y.Doc): Promise<void> {
    const now = Date.now();
    const planned: NotificationRecord[] = [];
    const owners = await this.ownersOf(documentId);
    for (const thread of readThreads(review)) {
      const participants: string[] = [];
      thread.comments.forEach((comment, index) => {
        const earlier = [...participants];
        if (!participants.includes(comment.authorId)) participants.push(comment.authorId);
        const written = Date.parse(comment.createdAt);
        if (comment.deleted || !(now - written <= RECENT_MS)) return;
        // One notification per person and comment: a mention says most, then a reply, then "on your document".
        const told = new Set<string>([comment.authorId]);
        const add = (userId: string, kind: NotificationKind) => {
          if (told.has(userId)) return;
          told.add(userId);
          planned.push({
            id: `comment:${comment.id}:${userId}`,
            userId,
            kind,
            documentId,
            threadId: thread.id,
            actorId: comment.authorId,
            actorName: comment.authorName,
            text: snippet(comment.body),
            createdAt: comment.createdAt,
            readAt: null,
            mailedAt: null,
          });
        };
        for (const mention of comment.mentions) add(mention.userId, 'mention');
        if (index > 0) for (const participant of earlier) add(participant, 'reply');
        for (const owner of owners) add(owner, 'comment');
      });
    }
    await this.store(planned, documentId);
  }

  private async fromSuggestions(documentId: string, body: Y.Doc): Promise<void> {
    const now = Date.now();
    const owners = await this.ownersOf(documentId);
    const planned: NotificationRecord[] = [];
    for (const suggestion of listSuggestions(body)) {
      const created = Date.parse(suggestion.createdAt ?? '');
      if (!(now - created <= RECENT_MS)) continue;
      for (const owner of owners) {
        if (owner === suggestion.userId) continue;
        planned.push({
          id: `suggestion:${suggestion.id}:${owner}`,
          userId: owner,
          kind: 'suggestion',
          documentId,
          threadId: null,
          actorId: suggestion.userId,
          actorName: suggestion.userName,
          text: snippet(suggestion.text),
          createdAt: new Date(created).toISOString(),
          readAt: null,
          mailedAt: null,
        });
      }
    }
    await this.store(planned, documentId);
  }

  private async statusChanged(transition: StatusTransition, workflow: WorkflowStore): Promise<void> {
    const { documentId } = transition;
    const people = new Set(await this.ownersOf(documentId));
    for (const cosigner of await workflow.cosignersOf(documentId)) if (cosigner.state !== 'avbojd') people.add(cosigner.userId);
    if (transition.userId) people.delete(transition.userId);
    const actor = transition.userId ? await this.deps.accounts.getUser(transition.userId) : undefined;
    const planned = [...people].map((userId): NotificationRecord => ({
      id: `status:${documentId}:${transition.at}:${transition.to}:${userId}`,
      userId,
      kind: 'status',
      documentId,
      threadId: null,
      actorId: transition.userId,
      actorName: actor?.name ?? null,
      text: `${statusLabel(transition.from)} → ${statusLabel(transition.to)}`,
      createdAt: transition.at,
      readAt: null,
      mailedAt: null,
    }));
    await this.store(planned, documentId);
  }

  private async signersNamed(bilagaId: string): Promise<void> {
    const record = await this.deps.documents.get(bilagaId);
    if (!record?.createdBy) return;
    const at = new Date().toISOString();
    for (const entry of await this.deps.access.entries(bilagaId))
      if (entry.principalType === 'user' && entry.role === 'editor') await this.invited(bilagaId, entry.principalId, record.createdBy, at);
  }

  private async invited(bilagaId: string, userId: string, invitedBy: string, at: string, documentId = bilagaId): Promise<void> {
    if (userId === invitedBy) return;
    const [actor, record] = await Promise.all([this.deps.accounts.getUser(invitedBy), this.deps.documents.get(bilagaId)]);
    await this.store(
      [
        {
          id: `bilaga:${bilagaId}:${userId}:${at}`,
          userId,
          kind: 'bilaga',
          documentId,
          threadId: null,
          actorId: invitedBy,
          actorName: actor?.name ?? null,
          text: snippet(record?.title ?? ''),
          createdAt: at,
          readAt: null,
          mailedAt: null,
        },
      ],
      documentId,
    );
  }

  /** Stores what is new, for people who can see the document (a mention of anyone else tells nobody). */
  private async store(planned: readonly NotificationRecord[], documentId: string): Promise<void> {
    const now = Date.now();
    for (const [id, at] of this.seen) if (now - at > 2 * RECENT_MS) this.seen.delete(id);
    const fresh = planned.filter((record) => !this.seen.has(record.id));
    if (fresh.length === 0) return;
    for (const record of fresh) this.seen.set(record.id, now);
    const allowed: NotificationRecord[] = [];
    for (const record of fresh) if (await this.canSee(record.userId, documentId)) allowed.push(record);
    if (allowed.length === 0) return;
    await this.deps.store.add(allowed);
    this.deps.onAdded?.();
  }

  // ---- what the routes ask ----

  async list(user: UserRecord, limit = 50) {
    const [items, unread, mail] = await Promise.all([
      this.deps.store.list(user.id, limit),
      this.deps.store.unreadCount(user.id),
      this.mailModeOf(user.id),
    ]);
    const titles = new Map<string, string>();
    for (const item of items)
      if (!titles.has(item.documentId)) titles.set(item.documentId, (await this.deps.documents.get(item.documentId))?.title ?? '');
    return {
      unread,
      mail,
      notifications: items.map((item) => ({ ...item, documentTitle: titles.get(item.documentId) ?? '' })),
    };
  }

  unreadCount(user: UserRecord) {
    return this.deps.store.unreadCount(user.id);
  }

  markRead(user: UserRecord, ids: readonly string[] | null) {
    return this.deps.store.markRead(user.id, ids, new Date().toISOString());
  }

  async mailModeOf(userId: string): Promise<MailMode> {
    return (await this.deps.store.mailMode(userId)) ?? 'batched';
  }

  setMailMode(user: UserRecord, mode: MailMode) {
    return this.deps.store.setMailMode(user.id, mode);
  }
}
