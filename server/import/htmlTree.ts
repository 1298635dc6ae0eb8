/**
 * HTML as mammoth (or a well-formed page) writes it, into a small tree of elements and text:
 * enough for the importer, no HTML parser needed. Linear on any input, and never deeper than
 * MAX_HTML_DEPTH, so that the readers of the tree do not recurse without bound.
 */
import { MAX_NESTING_DEPTH } from '../../shared/model/schema';

export interface HtmlElement {
  tag: string;
  attributes: string;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

// A tag name, then (after white space) attributes up to the closing bracket; text up to the next tag.
// Name and attributes are separated by a character the name cannot hold: linear on any input.
// A declaration (<!doctype html>) is skipped.
const TOKEN = /<(\/?)([a-z][a-z0-9]*)(\s[^<>]*)?>|<![^<>]*>|([^<]+)|</gi;
/** Each content level is a few HTML levels (table, tbody, tr, td, p). */
const MAX_HTML_DEPTH = MAX_NESTING_DEPTH * 5;

const VOID_TAGS = new Set(['br', 'hr', 'img', 'col', 'meta', 'input', 'wbr']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{1,8});/gi, (whole, name: string) => {
    const code =
      name.startsWith('#x') || name.startsWith('#X')
        ? parseInt(name.slice(2), 16)
        : name.startsWith('#')
          ? Number(name.slice(1))
          : undefined;
    if (code === undefined) return ENTITIES[name.toLowerCase()] ?? whole;
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Where the text of content nested past MAX_HTML_DEPTH goes: one element at the deepest level
 * that its readers take text from (an item of a list, a cell of a table, else the element itself).
 */
function overflowSink(top: HtmlElement): HtmlElement {
  const child = (parent: HtmlElement, tag: string): HtmlElement => {
    const element: HtmlElement = { tag, attributes: '', children: [] };
    parent.children.push(element);
    return element;
  };
  if (top.tag === 'ul' || top.tag === 'ol') return child(top, 'li');
  if (top.tag === 'tr') return child(top, 'td');
  if (['table', 'thead', 'tbody', 'tfoot'].includes(top.tag)) return child(child(top, 'tr'), 'td');
  return top;
}

export function parseTree(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attributes: '', children: [] };
  const stack: HtmlElement[] = [root];
  // Past the depth any document needs, the rest of a subtree is read as text (words kept apart),
  // so that no reader recurses without bound.
  let overflow = 0;
  let sink: HtmlElement | undefined;
  for (const [token, closing, rawTag, attributes, text] of html.matchAll(TOKEN)) {
    const top = stack[stack.length - 1]!;
    if (text !== undefined || rawTag === undefined) {
      if (!token.startsWith('<!')) (sink ?? top).children.push(decodeEntities(text ?? token));
      continue;
    }
    const tag = rawTag.toLowerCase();
    const isVoid = VOID_TAGS.has(tag) || (attributes ?? '').endsWith('/');
    if (overflow > 0 || (!closing && !isVoid && stack.length >= MAX_HTML_DEPTH)) {
      sink ??= overflowSink(top);
      sink.children.push(' ');
      if (!isVoid) overflow += closing ? -1 : 1;
      if (overflow === 0) sink = undefined;
      continue;
    }
    if (closing) {
      const open = stack.map((element) => element.tag).lastIndexOf(tag);
      if (open > 0) stack.length = open;
      continue;
    }
    const element: HtmlElement = { tag, attributes: attributes ?? '', children: [] };
    top.children.push(element);
    if (!isVoid) stack.push(element);
  }
  return root;
}

export function numberAttribute(element: HtmlElement, name: string): number | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*["']?(\\d{1,6})`, 'i').exec(element.attributes);
  return match ? Number(match[1]) : undefined;
}
