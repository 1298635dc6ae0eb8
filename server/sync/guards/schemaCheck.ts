/**
 * Checks every item an update would insert against its root's declarative schema
 * (shared/protocol/ySchema.ts): the place (which root, which key, which element) and the content
 * (a plain value of the right type, a shared type of the right kind, text without forbidden
 * characters, known formats; never an embed, binary, sub-document or legacy JSON). The schema of
 * each parent type is found once per type and memoised, so the check stays linear in the update.
 */
import * as Y from 'yjs';
import { hasForbiddenCharacters } from '../../../shared/model/text';
import type { DocSchema, TypeSchema, ValueSchema } from '../../../shared/protocol/ySchema';
import { kindOfType, type Placed, type SharedKind, type SharedTypeRef, type UpdateWalk } from './updateWalk';

/** A refused item: where it was, and why (for the log; the user gets one message per guard). */
export interface SchemaProblem {
  root: string;
  key: string | null;
  reason: string;
}

function kindMatches(schema: TypeSchema, kind: SharedKind): boolean {
  return schema.kind === kind;
}

export class SchemaChecker {
  private readonly schemas = new Map<SharedTypeRef, TypeSchema | null>();

  constructor(private readonly rootSchema: (root: string) => TypeSchema | null) {}

  static of(schema: DocSchema): SchemaChecker {
    return new SchemaChecker((root) => schema[root] ?? null);
  }

  /** The schema a type follows, or null when no schema allows a type there. */
  schemaOf(ref: SharedTypeRef): TypeSchema | null {
    if (this.schemas.has(ref)) return this.schemas.get(ref)!;
    let schema: TypeSchema | null;
    if (!ref.parent) schema = this.rootSchema(ref.root);
    else {
      const parent = this.schemaOf(ref.parent);
      schema = parent ? childTypeSchema(parent, ref) : null;
    }
    this.schemas.set(ref, schema);
    return schema;
  }

  /** The first problem with the walk's insertions, or null when every item fits its schema. */
  check(walk: UpdateWalk): SchemaProblem | null {
    if (walk.unplaceable.length > 0) return { root: '?', key: null, reason: 'an item whose place cannot be established' };
    for (const placed of walk.inserted) {
      const problem = this.insertionProblem(placed);
      if (problem) return { root: placed.parent.root, key: placed.key, reason: problem };
    }
    return null;
  }

  private insertionProblem({ item, parent, key }: Placed): string | null {
    const content = item.content;
    // Content that is already deleted carries nothing (Yjs encodes deleted items this way).
    if (content instanceof Y.ContentDeleted) return null;
    const schema = this.schemaOf(parent);
    if (!schema) return 'a place no schema allows';
    if (key !== null) {
      if (schema.kind === 'map') {
        const value = schema.keys[key] ?? (schema.otherKeys?.key(key) ? schema.otherKeys.value : undefined);
        return value ? valueProblem(value, content) : `an unknown key "${key}"`;
      }
      if (schema.kind === 'xmlElement') {
        const check = schema.attributes[key];
        if (!check) return `an unknown attribute "${key}"`;
        return content instanceof Y.ContentAny && content.getContent().every(check) ? null : `a wrong value for attribute "${key}"`;
      }
      return 'a keyed value in a sequence';
    }
    switch (schema.kind) {
      case 'map':
        return 'an unkeyed value in a map';
      case 'array':
        return valueProblem(schema.items, content);
      case 'text':
      case 'xmlText':
        if (content instanceof Y.ContentString) return hasForbiddenCharacters(content.str) ? 'a forbidden character' : null;
        if (content instanceof Y.ContentFormat)
          return schema.format(content.key, content.value) ? null : `a format "${content.key}" not allowed here`;
        return 'an embed in text';
      case 'xmlFragment':
      case 'xmlElement': {
        if (!(content instanceof Y.ContentType)) return 'a value that is not a node';
        const type = content.type;
        if (type instanceof Y.XmlText) return schema.text ? null : 'text where no text belongs';
        if (type instanceof Y.XmlElement && Object.hasOwn(schema.elements, type.nodeName)) return null;
        return `a node "${type instanceof Y.XmlElement ? type.nodeName : type.constructor.name}" not allowed here`;
      }
    }
  }
}

/** The schema of a type that sits in a `parent`-schema type, at the place `ref` describes. */
function childTypeSchema(parent: TypeSchema, ref: SharedTypeRef): TypeSchema | null {
  let candidate: TypeSchema | null = null;
  if (ref.key !== null) {
    if (parent.kind === 'map') {
      const value = parent.keys[ref.key] ?? (parent.otherKeys?.key(ref.key) ? parent.otherKeys.value : undefined);
      candidate = value?.type ?? null;
    }
  } else if (parent.kind === 'array') {
    candidate = parent.items.type ?? null;
  } else if (parent.kind === 'xmlFragment' || parent.kind === 'xmlElement') {
    if (ref.kind === 'xmlText') candidate = parent.text;
    else if (ref.kind === 'xmlElement' && ref.nodeName !== null && Object.hasOwn(parent.elements, ref.nodeName))
      candidate = parent.elements[ref.nodeName]!;
  }
  return candidate && kindMatches(candidate, ref.kind) ? candidate : null;
}

function valueProblem(schema: ValueSchema, content: Y.Item['content']): string | null {
  if (content instanceof Y.ContentAny) {
    if (!schema.value) return 'a plain value where a shared type belongs';
    return content.getContent().every(schema.value) ? null : 'a value of the wrong type';
  }
  if (content instanceof Y.ContentType) {
    if (!schema.type) return 'a shared type where a plain value belongs';
    const kind = kindOfType(content.type);
    return kindMatches(schema.type, kind) ? null : `a ${kind} where a ${schema.type.kind} belongs`;
  }
  return 'content of a kind no schema allows (embed, binary, sub-document or JSON)';
}
