/**
 * What an incoming Yjs update would do to a document, found without applying it: the walk over
 * the update's placements (updateWalk.ts), each new item checked against the document's schema
 * (the body's XML in bodySchema.ts, the meta map below), and the changes the structure guard
 * judges (sections, meta keys, header fields, foreign roots, sections left without a block).
 */
import * as Y from 'yjs';
import { BODY, META, FIELDS } from '../../../shared/doc/documentState';
import { documentTypeOfMeta } from '../../../shared/model';
import { PERSON_PARTS, TITLE, shapeOfKind, type FieldShape } from '../../../shared/doc/headerFields';
import { isInteger, isText, type MapSchema, type TextSchema, type TypeSchema, type ValueSchema } from '../../../shared/protocol/ySchema';
import { bodySchema } from './bodySchema';
import { SchemaChecker, type SchemaProblem } from './schemaCheck';
import { deletedByUpdate, walkUpdate, type Placed, type SharedTypeRef, type UpdateWalk } from './updateWalk';

export interface UpdateEffect {
  /** True when applying would change the document (new content or a new deletion). */
  changesDocument: boolean;
  /** Top-level body changes: inserted or deleted section elements, changed section attributes. */
  sectionChanges: string[];
  /** Sections (by key) the update would leave without a single block. */
  emptiedSections: string[];
  /** meta keys written or deleted (title, status, type, …). */
  metaKeys: Set<string>;
  /** Header-field keys written or deleted. */
  fieldKeys: Set<string>;
  /** Root types other than meta and body that the update writes to. */
  foreignRoots: Set<string>;
  /** The first new item that does not fit the document's schema, if any. */
  schemaProblem: SchemaProblem | null;
  /** The walk the effect was found from, for the guards that judge more (headerFieldGuard.ts). */
  walk: UpdateWalk;
}

/** A plain Y.Text: characters only (checked against the forbidden ones), no formats, no embeds. */
const plainText: TextSchema = { kind: 'text', format: () => false };
const personMap: MapSchema = { kind: 'map', keys: Object.fromEntries(PERSON_PARTS.map((part) => [part, { type: plainText }])) };
const FIELD_SHAPE_SCHEMA: Record<FieldShape, ValueSchema> = {
  text: { type: plainText },
  person: { type: personMap },
  persons: { type: { kind: 'array', items: { type: personMap } } },
};

/**
 * The meta map's schema for a document type, in the layout of shared/doc/headerFields.ts (whose
 * finer rules, such as lengths and what may be replaced, headerFieldGuard.ts judges). type,
 * templateVersion and status are written by the server only (the body guard refuses them from
 * clients), so their shapes here only keep the map well-formed.
 */
function metaSchema(meta: Y.Map<unknown>): MapSchema {
  const type = documentTypeOfMeta(meta);
  const fields: MapSchema = {
    kind: 'map',
    keys: Object.fromEntries((type?.fields ?? []).map((field) => [field.key, FIELD_SHAPE_SCHEMA[shapeOfKind(field.kind)]])),
  };
  return {
    kind: 'map',
    keys: {
      type: { value: isText(64) },
      templatePack: { value: isText(64) },
      templateVersion: { value: isInteger(0, 1_000_000) },
      status: { value: isText(64) },
      [TITLE]: { type: plainText },
      [FIELDS]: { type: fields },
    },
  };
}

function isSection(ref: SharedTypeRef): boolean {
  return ref.parent !== null && ref.parent.parent === null && ref.root === BODY;
}

function isFieldsMap(ref: SharedTypeRef): boolean {
  return ref.parent !== null && ref.parent.parent === null && ref.root === META && ref.key === FIELDS;
}

class EffectCollector {
  readonly effect: Omit<UpdateEffect, 'walk'> = {
    changesDocument: false,
    sectionChanges: [],
    emptiedSections: [],
    metaKeys: new Set(),
    fieldKeys: new Set(),
    foreignRoots: new Set(),
    schemaProblem: null,
  };
  /** Net change of the number of blocks per touched section. */
  private readonly blockChanges = new Map<SharedTypeRef, number>();

  record({ parent, key }: Placed, verb: 'inserts' | 'deletes'): void {
    this.effect.changesDocument = true;
    if (parent.root !== BODY && parent.root !== META) this.effect.foreignRoots.add(parent.root);
    else if (parent.parent === null && parent.root === BODY)
      this.effect.sectionChanges.push(verb === 'inserts' ? 'adds a section' : 'deletes a section');
    else if (parent.parent === null) this.effect.metaKeys.add(key ?? '');
    else if (isFieldsMap(parent)) this.effect.fieldKeys.add(key ?? '');
    else if (isSection(parent) && key !== null) this.effect.sectionChanges.push(`changes the section attribute "${key}"`);
  }

  countBlock(section: SharedTypeRef, delta: number): void {
    this.blockChanges.set(section, (this.blockChanges.get(section) ?? 0) + delta);
  }

  finish(): Omit<UpdateEffect, 'walk'> {
    for (const [section, delta] of this.blockChanges) {
      if (delta >= 0 || !(section.type instanceof Y.XmlElement)) continue;
      // `length` counts the section's live children; the update's net change must leave one.
      if (section.type.length + delta <= 0) this.effect.emptiedSections.push(String(section.type.getAttribute('sectionKey') ?? '?'));
    }
    return this.effect;
  }
}

export function analyseUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffect {
  const walk = walkUpdate(doc, update);
  const meta = metaSchema(doc.getMap(META));
  const schemas = new SchemaChecker((root): TypeSchema | null => (root === BODY ? bodySchema : root === META ? meta : null));
  const collector = new EffectCollector();
  for (const placed of walk.inserted) {
    collector.record(placed, 'inserts');
    if (isSection(placed.parent) && placed.key === null && placed.item.countable && !deletedByUpdate(walk, placed.item)) {
      collector.countBlock(placed.parent, placed.item.length);
    }
  }
  for (const placed of walk.deleted) {
    collector.record(placed, 'deletes');
    if (isSection(placed.parent) && placed.key === null && placed.item.countable) collector.countBlock(placed.parent, -placed.item.length);
  }
  if (walk.unplaceable.length > 0 || walk.discarded.length > 0) collector.effect.changesDocument = true;
  collector.effect.schemaProblem = schemas.check(walk);
  return { ...collector.finish(), walk };
}
