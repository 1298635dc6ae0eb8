/**
 * The schema of a document body (`body`, Y.XmlFragment), derived from the content model in
 * shared/model/schema.ts as y-prosemirror lays it out: `section` elements at the top, inside them
 * only the content nodes, each with its attributes and the values they may take, text without
 * forbidden characters and the content marks as formats. Anything else (an unknown node, an
 * attribute the editor never writes, an embed) is refused before it reaches the document: every
 * browser would otherwise have to render, or y-prosemirror "repair", what it cannot represent.
 */
import { SECTION_KEY_ATTRIBUTE, SECTION_NODE } from '../../../shared/doc/documentState';
import {
  CONTENT_NODES,
  SECTION_CHILD_NODES,
  isSuggestionAttrs,
  isValidAttribute,
  markOfAttribute,
  suggestionMarkOfAttribute,
  type ContentNodeName,
} from '../../../shared/model/schema';
import { isText, type TextSchema, type ValueCheck, type XmlSchema } from '../../../shared/protocol/ySchema';

/** A mark's attributes are `{}` (no content mark has attributes); null ends the mark. */
function isEmptyAttributes(value: unknown): boolean {
  return value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

/** A suggestion mark's attributes are checked in full (id, author, time); null ends the mark. */
function isFormat(name: string, value: unknown): boolean {
  const suggestion = suggestionMarkOfAttribute(name);
  if (suggestion) return value === null || isSuggestionAttrs(suggestion, value);
  return markOfAttribute(name) !== undefined && isEmptyAttributes(value);
}

const inlineText: TextSchema = { kind: 'xmlText', format: isFormat };

const nodeSchemas = {} as Record<ContentNodeName, XmlSchema>;
for (const [name, spec] of Object.entries(CONTENT_NODES) as Array<[ContentNodeName, (typeof CONTENT_NODES)[ContentNodeName]]>) {
  const attributes: Record<string, ValueCheck> = {};
  for (const attribute of Object.keys(spec.attrs)) attributes[attribute] = (value) => isValidAttribute(name, attribute, value);
  nodeSchemas[name] = {
    kind: 'xmlElement',
    attributes,
    elements: {},
    text: (spec.content as readonly string[]).includes('text') ? inlineText : null,
  };
}
for (const [name, spec] of Object.entries(CONTENT_NODES) as Array<[ContentNodeName, (typeof CONTENT_NODES)[ContentNodeName]]>) {
  for (const child of spec.content as readonly string[]) {
    if (child !== 'text') nodeSchemas[name].elements[child] = nodeSchemas[child as ContentNodeName];
  }
}

export const sectionSchema: XmlSchema = {
  kind: 'xmlElement',
  attributes: { [SECTION_KEY_ATTRIBUTE]: isText(100) },
  elements: Object.fromEntries(SECTION_CHILD_NODES.map((name) => [name, nodeSchemas[name]])),
  text: null,
};

export const bodySchema: XmlSchema = { kind: 'xmlFragment', attributes: {}, elements: { [SECTION_NODE]: sectionSchema }, text: null };
