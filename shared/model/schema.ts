/**
 * The content schema: every node and mark a section may hold, with their attributes and the
 * values those may take, defined once. The editor enables exactly these Tiptap extensions
 * (client/editor/contentExtensions.ts), the block conversion (shared/doc/blocks.ts) reads and
 * writes all of them, every exporter renders all of them, and the server's structure guard may
 * read the names and attribute rules from here.
 *
 * Names are Tiptap's (StarterKit and @tiptap/extension-table), because y-prosemirror stores a
 * node as a Y.XmlElement named after its node type, its attributes as the element's attributes
 * (a null attribute is not stored), and a mark as a formatting attribute of the Y.XmlText named
 * after the mark (possibly suffixed `--<hash>` when one mark type occurs twice on a run), with the
 * mark's attributes as its value (`{}` for the formatting marks, an object for the suggestion marks).
 *
 * Attributes Tiptap would add that no format carries back (a code block's language, an ordered
 * list's letter style, a table cell's column widths) are left out, and so are links: the editor
 * makes none of them. An ordered list's `start` is exported everywhere, but a DOCX import reads
 * every list as starting at 1 (mammoth does not report Word's start value).
 */
import type { SectionContentKind } from './documentTypes';
import { hasForbiddenCharacters } from './text';

export type AttributeRule =
  | { kind: 'integer'; min: number; max: number; default: number }
  | { kind: 'oneOf'; values: readonly (string | number)[]; default: string | number | null };

export interface NodeSpec {
  /** Attribute name → what it may hold. An attribute not listed here is not allowed. */
  attrs: Readonly<Record<string, AttributeRule>>;
  /** The element names this node may contain (for the guard), `text` meaning a Y.XmlText. */
  content: readonly string[];
}

/**
 * Sub-headings inside a section. The document title is h1 and the section titles h2 in every
 * format, so a section's own headings start at 3; Word has heading styles down to 6.
 */
export const HEADING_LEVELS = [3, 4, 5, 6] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];
export const DEFAULT_HEADING_LEVEL: HeadingLevel = 3;

/** Spans beyond this are not tables anyone writes; they only make exporters do work. */
export const MAX_TABLE_SPAN = 50;

/**
 * How deep containers (lists, quotes, tables) nest. Word numbers nine list levels; deeper content
 * is read as the text of its container, so that no reader recurses without bound.
 */
export const MAX_NESTING_DEPTH = 12;

const INLINE = ['text', 'hardBreak'] as const;
const BLOCKS = ['paragraph', 'heading', 'bulletList', 'orderedList', 'blockquote', 'codeBlock', 'horizontalRule', 'table'] as const;

const cellAttrs = {
  colspan: { kind: 'integer', min: 1, max: MAX_TABLE_SPAN, default: 1 },
  rowspan: { kind: 'integer', min: 1, max: MAX_TABLE_SPAN, default: 1 },
} as const satisfies Record<string, AttributeRule>;

export const CONTENT_NODES = {
  paragraph: { attrs: {}, content: INLINE },
  heading: { attrs: { level: { kind: 'oneOf', values: HEADING_LEVELS, default: DEFAULT_HEADING_LEVEL } }, content: INLINE },
  bulletList: { attrs: {}, content: ['listItem'] },
  orderedList: {
    attrs: { start: { kind: 'integer', min: 0, max: 99_999, default: 1 } },
    content: ['listItem'],
  },
  listItem: { attrs: {}, content: BLOCKS },
  blockquote: { attrs: {}, content: BLOCKS },
  codeBlock: { attrs: {}, content: ['text'] },
  horizontalRule: { attrs: {}, content: [] },
  hardBreak: { attrs: {}, content: [] },
  table: { attrs: {}, content: ['tableRow'] },
  tableRow: { attrs: {}, content: ['tableHeader', 'tableCell'] },
  tableHeader: { attrs: cellAttrs, content: BLOCKS },
  tableCell: { attrs: cellAttrs, content: BLOCKS },
} as const satisfies Record<string, NodeSpec>;

export type ContentNodeName = keyof typeof CONTENT_NODES;
export const CONTENT_NODE_NAMES = Object.keys(CONTENT_NODES) as ContentNodeName[];
/** Nodes that may stand directly in a section. */
export const SECTION_CHILD_NODES: readonly ContentNodeName[] = BLOCKS;

/** Marks, in the order exporters nest them (outermost first). None has attributes. */
export const MARK_NAMES = ['bold', 'italic', 'underline', 'strike', 'code'] as const;
export type MarkName = (typeof MARK_NAMES)[number];

/** The Swedish name of each mark, for the toolbar and for reports. */
export const MARK_LABELS: Record<MarkName, string> = {
  bold: 'Fetstil',
  italic: 'Kursiv',
  underline: 'Understrykning',
  strike: 'Genomstrykning',
  code: 'Kod',
};

/**
 * Suggestion marks (issue 15): a proposed change that is not yet part of the text. Like
 * @handlewithcare/prosemirror-suggest-changes (and Word's w:ins / w:del) inserted text carries
 * `insertion` and text proposed for removal stays in place with `deletion`, so accepting removes the
 * mark or the text and rejecting the reverse; the names are that library's, so its plugin (or
 * prosemirror-changeset for a review diff) can be used over these marks. Its attributes are not:
 * it numbers suggestions with a per-document counter, which two people suggesting at once in a
 * shared Yjs document would both take, and it records no author or time. Here every mark carries a
 * random `id` (shared by the marks of one suggestion), the author's `userId` (the server checks it
 * is the signed-in user's), `createdAt` (ISO UTC) and optionally `userName` (as written, for a
 * DOCX import's author who is no user). A formatting suggestion is `formatChange`, not that
 * library's `modification` (which applies a node attribute change at once and keeps the old
 * value): it proposes formatting without applying it, naming the marks to `add` and to `remove`
 * as space-separated mark names (strings, not arrays: Yjs compares a format's value flatly, so an
 * array value would never equal itself and every sync would write the format again).
 *
 * They are kept apart from MARK_NAMES (plain formatting, no attributes): an exporter that knows
 * nothing of suggestions renders MARK_NAMES and sees the suggested text as plain text.
 */
export const SUGGESTION_MARK_NAMES = ['insertion', 'deletion', 'formatChange'] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARK_NAMES)[number];

export const SUGGESTION_MARK_LABELS: Record<SuggestionMarkName, string> = {
  insertion: 'Föreslagen infogning',
  deletion: 'Föreslagen borttagning',
  formatChange: 'Föreslagen formatering',
};

/** A suggestion's id: random, URL-safe, long enough that two clients never pick the same one. */
export const SUGGESTION_ID_PATTERN = /^[\w-]{8,64}$/;
export const MAX_SUGGESTION_USER_ID_LENGTH = 100;
export const MAX_SUGGESTION_USER_NAME_LENGTH = 200;

export interface SuggestionAttrs {
  id: string;
  userId: string;
  createdAt: string;
  userName?: string | null;
}

export interface FormatChangeAttrs extends SuggestionAttrs {
  /** Space-separated MARK_NAMES to apply on accept ('' for none). */
  add: string;
  /** Space-separated MARK_NAMES to take away on accept ('' for none). */
  remove: string;
}

/** The attribute names each suggestion mark has (userName may be absent or null). */
export const SUGGESTION_MARK_ATTRS: Record<SuggestionMarkName, readonly string[]> = {
  insertion: ['id', 'userId', 'createdAt', 'userName'],
  deletion: ['id', 'userId', 'createdAt', 'userName'],
  formatChange: ['id', 'userId', 'createdAt', 'userName', 'add', 'remove'],
};

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function isShortText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength && !hasForbiddenCharacters(value);
}

/** A space-separated list of distinct formatting mark names, or ''. */
function markList(value: unknown): MarkName[] | null {
  if (typeof value !== 'string') return null;
  if (value === '') return [];
  const names = value.split(' ');
  const known = names.every((name) => (MARK_NAMES as readonly string[]).includes(name));
  return known && new Set(names).size === names.length ? (names as MarkName[]) : null;
}

/** The marks a formatChange value adds and removes, or null when it is not one. */
export function formatChangeMarks(value: unknown): { add: MarkName[]; remove: MarkName[] } | null {
  if (!isSuggestionAttrs('formatChange', value)) return null;
  const attrs = value as FormatChangeAttrs;
  return { add: markList(attrs.add)!, remove: markList(attrs.remove)! };
}

/**
 * Whether `value` is a valid attribute object of suggestion mark `mark`: exactly its attributes, an
 * id of SUGGESTION_ID_PATTERN, a user id, an ISO UTC time, an optional name, and for a
 * formatChange at least one mark to add or remove and none both.
 */
export function isSuggestionAttrs(mark: SuggestionMarkName, value: unknown): value is SuggestionAttrs {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const allowed = SUGGESTION_MARK_ATTRS[mark];
  if (!Object.keys(record).every((key) => allowed.includes(key))) return false;
  if (typeof record.id !== 'string' || !SUGGESTION_ID_PATTERN.test(record.id)) return false;
  if (!isShortText(record.userId, MAX_SUGGESTION_USER_ID_LENGTH)) return false;
  if (typeof record.createdAt !== 'string' || !ISO_UTC.test(record.createdAt) || Number.isNaN(Date.parse(record.createdAt))) return false;
  if (record.userName !== undefined && record.userName !== null && !isShortText(record.userName, MAX_SUGGESTION_USER_NAME_LENGTH))
    return false;
  if (mark !== 'formatChange') return true;
  const add = markList(record.add);
  const remove = markList(record.remove);
  return add !== null && remove !== null && add.length + remove.length > 0 && !add.some((name) => remove.includes(name));
}

const HASHED_SUFFIX = /^--[\w+/=]{8}$/;

/**
 * The suggestion mark a Y.XmlText formatting attribute stands for: `deletion`, or `deletion--a1b2c3d4`
 * as y-prosemirror names a mark whose type does not exclude itself (`excludes: ''`). That second
 * form is the sturdier one in a shared document: every suggestion is then a formatting key of its
 * own, so two people proposing to delete overlapping text at the same moment each keep their whole
 * range, where with one `deletion` key Yjs lets the later range end cut the earlier one short.
 */
export function suggestionMarkOfAttribute(attribute: string): SuggestionMarkName | undefined {
  const split = attribute.indexOf('--');
  const base = split === -1 ? attribute : attribute.slice(0, split);
  if (split !== -1 && !HASHED_SUFFIX.test(attribute.slice(split))) return undefined;
  return (SUGGESTION_MARK_NAMES as readonly string[]).includes(base) ? (base as SuggestionMarkName) : undefined;
}

export function isContentNodeName(name: string): name is ContentNodeName {
  return Object.hasOwn(CONTENT_NODES, name);
}

/**
 * The mark a Y.XmlText formatting attribute stands for: `bold` or `bold--a1b2` (y-prosemirror's
 * suffix when one mark type occurs twice), or undefined for anything else.
 */
export function markOfAttribute(attribute: string): MarkName | undefined {
  const base = attribute.includes('--') ? attribute.slice(0, attribute.indexOf('--')) : attribute;
  return (MARK_NAMES as readonly string[]).includes(base) ? (base as MarkName) : undefined;
}

/** Whether `value` is allowed for attribute `name` of `node` (null means "not set", always allowed). */
export function isValidAttribute(node: ContentNodeName, name: string, value: unknown): boolean {
  const rule = (CONTENT_NODES[node].attrs as Record<string, AttributeRule>)[name];
  if (!rule) return false;
  if (value === null || value === undefined) return true;
  switch (rule.kind) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max;
    case 'oneOf':
      return rule.values.includes(value as string | number);
  }
}

/**
 * The attribute's value made valid: a numeric string is read as a number, an out-of-range
 * integer is clamped, a heading level to the nearest allowed level, anything else unusable
 * becomes the default. Readers of stored or imported content use this, so that a forged value
 * never reaches an exporter.
 */
export function normaliseAttribute(node: ContentNodeName, name: string, value: unknown): unknown {
  const rule = (CONTENT_NODES[node].attrs as Record<string, AttributeRule>)[name];
  if (!rule) return undefined;
  if (isValidAttribute(node, name, value)) return value ?? rule.default;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  switch (rule.kind) {
    case 'integer':
      return typeof number === 'number' && Number.isFinite(number)
        ? Math.min(rule.max, Math.max(rule.min, Math.round(number)))
        : rule.default;
    case 'oneOf': {
      if (rule.values.includes(value as string | number)) return value;
      if (rule.values.includes(number as number)) return number;
      const numeric = rule.values.filter((allowed): allowed is number => typeof allowed === 'number');
      if (typeof number === 'number' && Number.isFinite(number) && numeric.length) {
        return numeric.reduce((best, allowed) => (Math.abs(allowed - number) < Math.abs(best - number) ? allowed : best));
      }
      return rule.default;
    }
  }
}

export function clampHeadingLevel(level: unknown): HeadingLevel {
  return normaliseAttribute('heading', 'level', level) as HeadingLevel;
}

/**
 * What the toolbar offers in a section of each content kind. The editor itself accepts every
 * node and mark in every section (the Yjs binding deletes content that fails the editor schema,
 * for everyone), so this is guidance for what to offer, not a rule the text is checked against.
 */
export const SECTION_CONTENT_ALLOWS: Record<SectionContentKind, { nodes: readonly ContentNodeName[]; marks: readonly MarkName[] }> = {
  prose: {
    nodes: [
      'paragraph',
      'heading',
      'bulletList',
      'orderedList',
      'listItem',
      'blockquote',
      'table',
      'tableRow',
      'tableHeader',
      'tableCell',
      'hardBreak',
      'horizontalRule',
    ],
    marks: ['bold', 'italic', 'underline', 'strike'],
  },
  beslutspunkter: {
    nodes: ['paragraph', 'bulletList', 'orderedList', 'listItem', 'hardBreak'],
    marks: ['bold', 'italic', 'underline'],
  },
  list: {
    nodes: ['paragraph', 'bulletList', 'orderedList', 'listItem', 'hardBreak'],
    marks: ['bold', 'italic', 'underline'],
  },
};
