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
 * mark's attributes as its value (`{}` for the marks here).
 *
 * Attributes Tiptap would add that no format carries back (a code block's language, an ordered
 * list's letter style, a table cell's column widths) are left out, and so are links: the editor
 * makes none of them. An ordered list's `start` is exported everywhere, but a DOCX import reads
 * every list as starting at 1 (mammoth does not report Word's start value).
 */
import type { SectionContentKind } from './documentTypes';

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
