/**
 * The items of an incoming update, indexed so a guard can look an id up either in the document
 * (integrated) or in the update itself, and the ranges of integrated items a delete set touches.
 * Shared by the body and review guards, which judge an update before it reaches the document.
 */
import * as Y from 'yjs';

export type IdLike = { client: number; clock: number };

export function isId(value: unknown): value is IdLike {
  return typeof value === 'object' && value !== null && 'client' in value && 'clock' in value && !(value instanceof Y.AbstractType);
}

export class UpdateIndex {
  /** The update's items per client, in clock order. */
  private readonly incoming = new Map<number, Y.Item[]>();
  readonly items: Y.Item[] = [];
  readonly deleteSet: ReturnType<typeof Y.decodeUpdate>['ds'];

  constructor(
    private readonly doc: Y.Doc,
    update: Uint8Array,
  ) {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      this.items.push(struct);
      const list = this.incoming.get(struct.id.client) ?? [];
      list.push(struct);
      this.incoming.set(struct.id.client, list);
    }
    this.deleteSet = ds;
  }

  /** True when the document lacks (part of) this item: applying the update would add it. */
  isNew(item: Y.Item): boolean {
    return item.id.clock + item.length > Y.getState(this.doc.store, item.id.client);
  }

  findIntegrated(id: IdLike): Y.Item | null {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    const structs = this.doc.store.clients.get(id.client);
    if (!structs) return null;
    const struct = structs[Y.findIndexSS(structs, id.clock)];
    return struct instanceof Y.Item ? struct : null;
  }

  findIncoming(id: IdLike): Y.Item | null {
    const items = this.incoming.get(id.client);
    if (!items) return null;
    let low = 0;
    let high = items.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = items[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  }

  /** The integrated, not yet deleted items the update's delete set would delete. */
  *newlyDeleted(): Generator<Y.Item> {
    for (const [client, ranges] of this.deleteSet.clients) {
      const structs = this.doc.store.clients.get(client);
      if (!structs) continue;
      for (const range of ranges) {
        if (range.clock >= Y.getState(this.doc.store, client)) continue;
        for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
          const struct = structs[index]!;
          if (struct.id.clock >= range.clock + range.len) break;
          if (struct instanceof Y.Item && !struct.deleted) yield struct;
        }
      }
    }
  }
}

/** The update merged with whatever the document holds pending, so nothing slips in split in two. */
export function withPending(doc: Y.Doc, update: Uint8Array): Uint8Array {
  const parts = [doc.store.pendingStructs?.update, doc.store.pendingDs, update].filter(
    (part): part is Uint8Array => part instanceof Uint8Array,
  );
  return parts.length > 1 ? Y.mergeUpdates(parts) : update;
}
