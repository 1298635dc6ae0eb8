/**
 * The editor's schema and the content schema are the same: every node and mark the editor can
 * make is in shared/model/schema.ts with the same attributes, and nothing more is enabled.
 */
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { contentExtensions } from '../../client/editor/contentExtensions';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import {
  CONTENT_NODES,
  CONTENT_NODE_NAMES,
  HEADING_LEVELS,
  MARK_NAMES,
  SECTION_CHILD_NODES,
  SUGGESTION_MARK_ATTRS,
  SUGGESTION_MARK_NAMES,
  type ContentNodeName,
} from '../../shared/model/schema';
import { SECTION_NODE } from '../../shared/doc/documentState';

const editorSchema = getSchema([BodyDocument, SectionNode, ...contentExtensions()]);
/** Nodes that frame the content rather than being content. */
const FRAME = ['doc', SECTION_NODE, 'text'];

describe('the editor schema', () => {
  it('has exactly the nodes of the content schema', () => {
    const nodes = Object.keys(editorSchema.nodes).filter((name) => !FRAME.includes(name));
    expect(nodes.sort()).toEqual([...CONTENT_NODE_NAMES].sort());
  });

  it('has exactly the marks of the content schema', () => {
    expect(Object.keys(editorSchema.marks).sort()).toEqual([...MARK_NAMES, ...SUGGESTION_MARK_NAMES].sort());
  });

  it.each(SUGGESTION_MARK_NAMES)('gives the suggestion mark %s exactly the attributes of the content schema', (name) => {
    expect(Object.keys(editorSchema.marks[name]!.spec.attrs ?? {}).sort()).toEqual([...SUGGESTION_MARK_ATTRS[name]].sort());
  });

  it.each(CONTENT_NODE_NAMES)('gives %s exactly the attributes of the content schema', (name: ContentNodeName) => {
    expect(Object.keys(editorSchema.nodes[name]!.spec.attrs ?? {}).sort()).toEqual(Object.keys(CONTENT_NODES[name].attrs).sort());
  });

  it('lets a section hold every block the content schema allows there', () => {
    for (const name of SECTION_CHILD_NODES)
      expect(editorSchema.nodes[SECTION_NODE]!.contentMatch.matchType(editorSchema.nodes[name]!)).toBeTruthy();
  });

  it('makes headings only at the allowed levels', () => {
    const heading = editorSchema.nodes.heading!;
    const levels = (heading.spec.parseDOM ?? []).map((rule) => rule.attrs?.level);
    expect(levels).toEqual([...HEADING_LEVELS]);
  });
});
