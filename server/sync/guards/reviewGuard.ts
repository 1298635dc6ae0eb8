/**
 * Decides whether an update may reach a document's review doc (shared/review/reviewDoc.ts):
 * anyone who may comment can start threads, reply, resolve and reopen; only a comment's author
 * can edit or delete it; authorship is the signed-in user's, never what the client claims; and
 * nothing is ever removed (threads and comments are kept, deleted comments are only marked).
 * Like the body guard, it judges the update before it touches the document.
 */
import * as Y from 'yjs';
import {
  COMMENT_CREATION_KEYS,
  COMMENT_EDIT_KEYS,
  THREADS,
  THREAD_CREATION_KEYS,
  THREAD_STATE_KEYS,
} from '../../../shared/review/reviewDoc';
import type { SyncPrincipal } from '../access';
import type { Verdict } from './bodyGuard';
import { UpdateIndex, isId, withPending, type IdLike } from './updateIndex';


/** What a parent type is in the review layout. */
type Role = 'threads' | 'thread' | 'comments' | 'comment' | 'other' | 'pending';

interface Placement {
  role: Role;
  /** The parent type's own item (for ownership checks); null for the root or a new type. */
  parentItem: Y.Item | null;
  /** True when the parent type is created by this very update. */
  parentIsNew: boolean;
  key: string | null;
}

/**
 * A refused change stays in the client's replica, and every later change of that client builds
 * on it, so the connection is closed: the client must reload the comments before going on.
 */
function refuse(message: string): Verdict {
  return { accepted: false, code: 'forbidden', message, closeConnection: true };
}

class ReviewAnalyser {
  private index!: UpdateIndex;
  private readonly memo = new Map<Y.Item, Placement>();
  private readonly root: Y.Map<unknown>;

  constructor(private readonly doc: Y.Doc) {
    this.root = doc.getMap(THREADS);
  }

  private find(id: IdLike): { item: Y.Item; integrated: boolean } | null {
    const integrated = this.index.findIntegrated(id);
    if (integrated) return { item: integrated, integrated: true };
    const incoming = this.index.findIncoming(id);
    return incoming ? { item: incoming, integrated: false } : null;
  }

  /** The role of the type created by `item` (a thread map, the comments array, a comment map). */
  private roleOfType(item: Y.Item, integrated: boolean, depth: number): Role {
    const placement = integrated ? this.placementOfIntegrated(item) : this.placement(item, depth + 1);
    switch (placement.role) {
      case 'threads':
        return 'thread';
      case 'thread':
        return placement.key === 'comments' ? 'comments' : 'other';
      case 'comments':
        return 'comment';
      case 'pending':
        return 'pending';
      default:
        return 'other';
    }
  }

  private placementOfIntegrated(item: Y.Item): Placement {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent === (this.root as unknown)) return { role: 'threads', parentItem: null, parentIsNew: false, key: item.parentSub };
    if (!parent._item) return { role: 'other', parentItem: null, parentIsNew: false, key: item.parentSub };
    return { role: this.roleOfType(parent._item, true, 0), parentItem: parent._item, parentIsNew: false, key: item.parentSub };
  }

  placement(item: Y.Item, depth = 0): Placement {
    const known = this.memo.get(item);
    if (known) return known;
    let result: Placement;
    const parent = item.parent as unknown;
    if (depth > 500) {
      result = { role: 'other', parentItem: null, parentIsNew: false, key: null };
    } else if (typeof parent === 'string') {
      result = { role: parent === THREADS ? 'threads' : 'other', parentItem: null, parentIsNew: false, key: item.parentSub };
    } else if (isId(parent)) {
      const found = this.find(parent);
      result = found
        ? { role: this.roleOfType(found.item, found.integrated, depth), parentItem: found.item, parentIsNew: !found.integrated, key: item.parentSub }
        : { role: 'pending', parentItem: null, parentIsNew: false, key: null };
    } else {
      const neighbourId = item.origin ?? item.rightOrigin;
      const neighbour = neighbourId ? this.find(neighbourId) : null;
      result = !neighbour
        ? { role: 'pending', parentItem: null, parentIsNew: false, key: null }
        : neighbour.integrated
          ? this.placementOfIntegrated(neighbour.item)
          : this.placement(neighbour.item, depth + 1);
    }
    this.memo.set(item, result);
    return result;
  }

  check(update: Uint8Array, principal: SyncPrincipal): Verdict {
    this.index = new UpdateIndex(this.doc, update);
    let changes = false;
    for (const item of this.index.items) {
      if (!this.index.isNew(item)) continue;
      const placement = this.placement(item);
      if (placement.role === 'pending') continue;
      changes = true;
      const problem = this.insertProblem(item, placement, principal);
      if (problem) return refuse(problem);
    }
    for (const item of this.index.newlyDeleted()) {
      changes = true;
      const problem = this.editProblem(this.placementOfIntegrated(item), principal);
      if (problem) return refuse(problem);
    }
    if (changes && principal.access === 'read') {
      return { accepted: false, code: 'read_only', message: 'Du kan läsa kommentarerna men inte skriva nya.', closeConnection: false };
    }
    return { accepted: true, changesDocument: changes };
  }

  private insertProblem(item: Y.Item, placement: Placement, principal: SyncPrincipal): string | null {
    const value = item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
    switch (placement.role) {
      case 'threads':
        if (!(item.content instanceof Y.ContentType)) return 'En kommentarstråd måste vara en tråd.';
        return this.root.has(placement.key ?? '') ? 'Tråden finns redan.' : null;
      case 'comments':
        return item.content instanceof Y.ContentType ? null : 'En kommentar måste vara en kommentar.';
      case 'thread':
      case 'comment': {
        const key = placement.key ?? '';
        if (placement.parentIsNew) {
          if (key === 'authorId' && value !== principal.userId) return 'Du kan bara skriva kommentarer i ditt eget namn.';
          if (key === 'authorName' && value !== principal.name) return 'Du kan bara skriva kommentarer i ditt eget namn.';
          return null;
        }
        return this.editProblem(placement, principal);
      }
      default:
        return 'Ändringen hör inte hemma bland kommentarerna.';
    }
  }

  /** Changing (or overwriting) a key of an existing thread or comment. */
  private editProblem(placement: Placement, principal: SyncPrincipal): string | null {
    const key = placement.key ?? '';
    if (placement.parentIsNew) return null;
    if (placement.role === 'thread' && (THREAD_STATE_KEYS as readonly string[]).includes(key)) return null;
    if (placement.role === 'thread' && (THREAD_CREATION_KEYS as readonly string[]).includes(key)) {
      return 'En tråds förankring och upphovsperson kan inte ändras.';
    }
    if (placement.role === 'comment' && placement.parentItem) {
      const comment = (placement.parentItem.content as Y.ContentType).type as Y.Map<unknown>;
      if ((COMMENT_CREATION_KEYS as readonly string[]).includes(key)) return 'En kommentars upphovsperson kan inte ändras.';
      if ((COMMENT_EDIT_KEYS as readonly string[]).includes(key)) {
        return comment.get('authorId') === principal.userId ? null : 'Du kan bara ändra eller ta bort dina egna kommentarer.';
      }
    }
    return 'Trådar och kommentarer tas inte bort; markera dem som lösta i stället.';
  }
}

export function checkReviewUpdate(doc: Y.Doc, update: Uint8Array, principal: SyncPrincipal): Verdict {
  return new ReviewAnalyser(doc).check(withPending(doc, update), principal);
}
