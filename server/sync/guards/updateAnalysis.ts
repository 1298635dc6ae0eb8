/**
 * What an incoming Yjs update would do to a document, found without applying it.
 *
 * Yjs cannot take an integrated change back, so the structure guard must decide before the
 * update touches the room's Y.Doc. An update is a list of new items plus a delete set; for each
 * new item we find its parent (written in the item, or inherited from its left/right origin,
 * which is in the document or earlier in the same update) and for each deleted range the items
 * it would delete. Items whose origins are in neither place cannot integrate yet (Yjs keeps them
 * pending); the analysis covers the document's pending structs too, so a change cannot slip in
 * split over two frames (and the room drops whatever stays pending; see Room.dropPending).
 */
import * as Y from 'yjs';
import { BODY, META, FIELDS } from '../../../shared/doc/documentState';
import { UpdateIndex, isId, withPending, type IdLike } from './updateIndex';

/** Where an item sits, as far as the guards care. */
type Placement =
  | { kind: 'body' }
  | { kind: 'meta'; key: string | null }
  | { kind: 'fields'; key: string | null }
  | { kind: 'sectionAttribute'; key: string }
  | { kind: 'inside' }
  | { kind: 'foreignRoot'; name: string }
  | { kind: 'tooDeep' }
  | { kind: 'pending' };

export interface UpdateEffect {
  /** True when applying would change the document (new content or a new deletion). */
  changesDocument: boolean;
  /** Top-level body changes: inserted or deleted section elements, changed section attributes. */
  sectionChanges: string[];
  /** meta keys written or deleted (title, status, type, …). */
  metaKeys: Set<string>;
  /** Header-field keys written or deleted. */
  fieldKeys: Set<string>;
  /** Root types other than meta and body that the update writes to. */
  foreignRoots: Set<string>;
}

class UpdateAnalyser {
  private readonly body: Y.XmlFragment;
  private readonly meta: Y.Map<unknown>;
  private readonly placements = new Map<Y.Item, Placement>();
  private index!: UpdateIndex;

  constructor(private readonly doc: Y.Doc) {
    this.body = doc.getXmlFragment(BODY);
    this.meta = doc.getMap(META);
  }

  analyse(update: Uint8Array): UpdateEffect {
    const effect: UpdateEffect = {
      changesDocument: false,
      sectionChanges: [],
      metaKeys: new Set(),
      fieldKeys: new Set(),
      foreignRoots: new Set(),
    };
    this.index = new UpdateIndex(this.doc, update);
    for (const item of this.index.items) {
      if (!this.index.isNew(item)) continue;
      const placement = this.placementOfIncoming(item, 0);
      if (placement.kind === 'pending') continue;
      effect.changesDocument = true;
      this.record(effect, placement, 'inserts');
    }
    for (const item of this.index.newlyDeleted()) {
      effect.changesDocument = true;
      this.record(effect, this.placementOfIntegrated(item), 'deletes');
    }
    return effect;
  }

  private record(effect: UpdateEffect, placement: Placement, verb: 'inserts' | 'deletes'): void {
    switch (placement.kind) {
      case 'body':
        effect.sectionChanges.push(verb === 'inserts' ? 'adds a section' : 'deletes a section');
        break;
      case 'sectionAttribute':
        effect.sectionChanges.push(`changes the section attribute "${placement.key}"`);
        break;
      case 'meta':
        effect.metaKeys.add(placement.key ?? '');
        break;
      case 'fields':
        effect.fieldKeys.add(placement.key ?? '');
        break;
      case 'foreignRoot':
        effect.foreignRoots.add(placement.name);
        break;
      case 'tooDeep':
        effect.sectionChanges.push('is too deeply chained to check');
        break;
    }
  }

  /** Placement of an item that is already part of the document. */
  private placementOfIntegrated(item: Y.Item): Placement {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent === this.body) return { kind: 'body' };
    if (parent === this.meta) return { kind: 'meta', key: item.parentSub };
    const parentItem = parent._item;
    if (parentItem && parentItem.parent === this.meta && parentItem.parentSub === FIELDS) {
      return { kind: 'fields', key: item.parentSub };
    }
    if (parentItem && parentItem.parent === this.body && item.parentSub !== null) {
      return { kind: 'sectionAttribute', key: item.parentSub };
    }
    if (!parentItem) {
      const name = Y.findRootTypeKey(parent);
      if (name !== BODY && name !== META) return { kind: 'foreignRoot', name };
    }
    return { kind: 'inside' };
  }

  /** Placement of a child (key `parentSub`) of the type created by the item with this id. */
  private placementUnderType(typeId: IdLike, parentSub: string | null, depth: number): Placement {
    const existing = this.index.findIntegrated(typeId);
    if (existing) {
      const content = existing.content;
      if (!(content instanceof Y.ContentType)) return { kind: 'inside' };
      const type = content.type as Y.AbstractType<unknown>;
      if (type._item && type._item.parent === this.body && parentSub !== null) {
        return { kind: 'sectionAttribute', key: parentSub };
      }
      if (existing.parent === this.meta && existing.parentSub === FIELDS) return { kind: 'fields', key: parentSub };
      return { kind: 'inside' };
    }
    const incoming = this.index.findIncoming(typeId);
    if (!incoming) return { kind: 'pending' };
    // A type created by this very update: its children are new content inside it. If the type
    // itself is a new top-level section, that is reported for the type's own item.
    const placementOfType = this.placementOfIncoming(incoming, depth + 1);
    if (placementOfType.kind === 'pending') return placementOfType;
    if (placementOfType.kind === 'meta' && placementOfType.key === FIELDS) return { kind: 'fields', key: parentSub };
    return { kind: 'inside' };
  }

  private placementOfIncoming(item: Y.Item, depth: number): Placement {
    const known = this.placements.get(item);
    if (known) return known;
    // Items are visited in update order, so an origin earlier in the update is already in the
    // memo; only forward references recurse. A chain deeper than this is not something a real
    // editor produces, and it is refused rather than waved through.
    if (depth > 500) return { kind: 'tooDeep' };
    let placement: Placement;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      if (parent === BODY) placement = { kind: 'body' };
      else if (parent === META) placement = { kind: 'meta', key: item.parentSub };
      else placement = { kind: 'foreignRoot', name: parent };
    } else if (isId(parent)) {
      placement = this.placementUnderType(parent, item.parentSub, depth);
    } else {
      const neighbour = item.origin ?? item.rightOrigin;
      placement = neighbour ? this.placementOfNeighbour(neighbour, depth) : { kind: 'pending' };
    }
    this.placements.set(item, placement);
    return placement;
  }

  /** An item with an origin sits where its neighbour sits (same parent, same key). */
  private placementOfNeighbour(id: IdLike, depth: number): Placement {
    const integrated = this.index.findIntegrated(id);
    if (integrated) return this.placementOfIntegrated(integrated);
    const incoming = this.index.findIncoming(id);
    return incoming ? this.placementOfIncoming(incoming, depth + 1) : { kind: 'pending' };
  }
}

/**
 * Analyses `update` together with whatever the document holds as pending (updates whose
 * dependencies have not arrived), so a change cannot slip in split across two frames.
 */
export function analyseUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffect {
  return new UpdateAnalyser(doc).analyse(withPending(doc, update));
}
