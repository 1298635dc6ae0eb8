/**
 * The per-document audit log: who opened it, who changed which sections when (coalesced per
 * user and minute), role and status changes. Edits are gathered in memory and written once a
 * minute (and at shutdown), so typing does not write an audit row per keystroke.
 */
import type * as Y from 'yjs';
import { SECTION_KEY_ATTRIBUTE, bodyFragment } from '../../shared/doc/documentState';
import type { Logger } from '../log';
import type { AuditEvent, AuditStore } from '../storage/storage';

const OPEN_COALESCE_MS = 10 * 60 * 1000;
const FLUSH_MS = 60 * 1000;

/** Anything with a user behind it (a socket's connection); other origins are the server. */
interface WithPrincipal {
  principal: { userId: string; verified: boolean };
}

function userOf(origin: unknown): string | null {
  if (origin && typeof origin === 'object' && 'principal' in origin) {
    const { principal } = origin as WithPrincipal;
    return principal.verified ? principal.userId : null;
  }
  return null;
}

/**
 * Where a changed type sits: a section's key, HEADER for the meta map (title, header fields),
 * or null for the body itself (Yjs lists every ancestor of a change as changed too).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function sectionOf(type: Y.AbstractType<any>, body: Y.XmlFragment): string | null {
  let current = type as Y.AbstractType<unknown>;
  if (current === (body as unknown)) return null;
  while (current._item) {
    const parent = current._item.parent as Y.AbstractType<unknown>;
    if (parent === (body as unknown)) {
      const key = (current as unknown as Y.XmlElement).getAttribute(SECTION_KEY_ATTRIBUTE);
      return typeof key === 'string' ? key : null;
    }
    current = parent;
  }
  return HEADER;
}

const HEADER = 'rubrikfält';

export class AuditLog {
  private pendingEdits = new Map<string, { documentId: string; userId: string; minute: string; sections: Set<string> }>();
  private readonly lastOpened = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: AuditStore,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  record(event: Omit<AuditEvent, 'at'> & { at?: string }): void {
    this.write([{ ...event, at: event.at ?? new Date().toISOString() }]);
  }

  /** A user opened the document; repeated opens (reconnects) within ten minutes count once. */
  opened(documentId: string, userId: string, role: string): void {
    const key = `${documentId}\u0000${userId}`;
    const now = Date.now();
    if (now - (this.lastOpened.get(key) ?? 0) < OPEN_COALESCE_MS) return;
    this.lastOpened.set(key, now);
    this.record({ documentId, userId, action: 'opened', detail: { role } });
  }

  /** Follows a document body and notes which sections each user changes. */
  watchEdits(documentId: string, doc: Y.Doc): void {
    const body = bodyFragment(doc);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const userId = userOf(transaction.origin);
      if (!userId || transaction.changedParentTypes.size === 0) return;
      const sections = new Set<string>();
      for (const type of transaction.changedParentTypes.keys()) {
        const key = sectionOf(type, body);
        if (key) sections.add(key);
      }
      const minute = new Date().toISOString().slice(0, 16);
      const key = `${documentId}\u0000${userId}\u0000${minute}`;
      const entry = this.pendingEdits.get(key) ?? { documentId, userId, minute, sections: new Set<string>() };
      for (const section of sections) entry.sections.add(section);
      this.pendingEdits.set(key, entry);
    });
  }

  async flush(): Promise<void> {
    const edits = [...this.pendingEdits.values()];
    this.pendingEdits = new Map();
    if (edits.length === 0) return;
    this.write(
      edits.map((edit) => ({
        documentId: edit.documentId,
        userId: edit.userId,
        at: `${edit.minute}:00.000Z`,
        action: 'edited',
        detail: { sections: [...edit.sections].sort() },
      })),
    );
  }

  list(documentId: string, limit = 500) {
    return this.store.list(documentId, limit);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private write(events: AuditEvent[]): void {
    this.store.append(events).catch((error: unknown) => this.log.error({ err: error }, 'could not write the audit log'));
  }
}
