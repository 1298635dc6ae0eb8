/**
 * A Word file's footnotes and endnotes, which Mammoth writes as a list at the end of its HTML.
 */
import type { HtmlElement, HtmlNode } from './htmlTree';
import { inlineRuns, tidyRuns } from './htmlInlineRuns';
import type { SourceBlock } from './sourceBlocks';

const NOTE_ID = /\bid\s*=\s*["']?(?:footnote|endnote)-(\d{1,6})/i;

/** Mammoth writes a Word file's footnotes and endnotes as a list at the end, each item with its note's id. */
export function isNoteList(element: HtmlElement): boolean {
  const items = element.children.filter((child): child is HtmlElement => typeof child !== 'string');
  return items.length > 0 && items.every((item) => item.tag === 'li' && NOTE_ID.test(item.attributes));
}

/** Each note with its number, without the "↑" link back to its reference. */
export function readNotes(element: HtmlElement): SourceBlock[] {
  const withoutBackLinks = (nodes: HtmlNode[]): HtmlNode[] =>
    nodes
      .filter(
        (node) => typeof node === 'string' || !(node.tag === 'a' && /href\s*=\s*["']?#(?:footnote|endnote)-ref-/i.test(node.attributes)),
      )
      .map((node) => (typeof node === 'string' ? node : { ...node, children: withoutBackLinks(node.children) }));
  return element.children
    .filter((child): child is HtmlElement => typeof child !== 'string')
    .map((item) => {
      const runs = tidyRuns(
        inlineRuns(
          withoutBackLinks(item.children).flatMap((child) =>
            typeof child !== 'string' && child.tag === 'p' ? [...child.children, ' '] : [child],
          ),
        ),
      );
      return { kind: 'footnote' as const, number: NOTE_ID.exec(item.attributes)![1]!, runs };
    })
    .filter((note) => note.runs.length > 0);
}
