/**
 * A plain, serialisable view of a section's content, and its conversion to and from the Yjs
 * XML that the Tiptap editor is bound to. Export, import, completeness, version diffs and the demo
 * data all speak in blocks, so none of them needs to know how y-prosemirror lays out nodes.
 *
 * The XML mirrors the editor schema (Tiptap StarterKit names): `paragraph`, `heading` (level),
 * `bulletList` / `orderedList` of `listItem`s, text with `bold` / `italic` marks as formatting
 * attributes, and `hardBreak`.
 */
import * as Y from 'yjs';

export interface InlineRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { kind: 'paragraph'; runs: InlineRun[] }
  | { kind: 'heading'; level: number; runs: InlineRun[] }
  | { kind: 'list'; ordered: boolean; items: InlineRun[][] };

export function runsText(runs: readonly InlineRun[]): string {
  return runs.map((run) => run.text).join('');
}

/** The block's text; list items are joined by newlines. */
export function blockText(block: Block): string {
  if (block.kind === 'list') return block.items.map(runsText).join('\n');
  return runsText(block.runs);
}

export function isBlankBlock(block: Block): boolean {
  return blockText(block).trim() === '';
}

export function paragraph(text: string): Block {
  return { kind: 'paragraph', runs: text ? [{ text }] : [] };
}

export function heading(text: string, level = 3): Block {
  return { kind: 'heading', level, runs: [{ text }] };
}

export function list(items: string[], ordered = false): Block {
  return { kind: 'list', ordered, items: items.map((text) => (text ? [{ text }] : [])) };
}

// ---------------------------------------------------------------- reading Yjs XML

function readRuns(element: Y.XmlElement): InlineRun[] {
  const runs: InlineRun[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== 'string') continue;
        const attributes = op.attributes ?? {};
        const run: InlineRun = { text: op.insert };
        if (hasMark(attributes, 'bold')) run.bold = true;
        if (hasMark(attributes, 'italic')) run.italic = true;
        runs.push(run);
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
      runs.push({ text: '\n' });
    }
  }
  return mergeRuns(runs);
}

/** y-prosemirror may suffix a mark name with a hash when one mark type occurs twice. */
function hasMark(attributes: Record<string, unknown>, mark: string): boolean {
  return Object.keys(attributes).some((name) => name === mark || name.startsWith(`${mark}--`));
}

/** Joins neighbouring runs with the same marks, so equal content always has equal runs. */
export function mergeRuns(runs: readonly InlineRun[]): InlineRun[] {
  const merged: InlineRun[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && !!last.bold === !!run.bold && !!last.italic === !!run.italic) {
      last.text += run.text;
    } else {
      merged.push({ ...run });
    }
  }
  return merged;
}

/** Text of a list item: its paragraphs joined by spaces; nested lists are flattened. */
function readListItem(item: Y.XmlElement): InlineRun[][] {
  const lines: InlineRun[][] = [];
  let current: InlineRun[] = [];
  for (const child of item.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === 'bulletList' || child.nodeName === 'orderedList') {
      for (const nested of child.toArray()) {
        if (nested instanceof Y.XmlElement) lines.push(...readListItem(nested));
      }
    } else {
      const runs = readRuns(child);
      current = current.length && runs.length ? [...current, { text: ' ' }, ...runs] : [...current, ...runs];
    }
  }
  return [mergeRuns(current), ...lines];
}

/** Reads the blocks of one element list (a section's children). Unknown nodes become paragraphs. */
export function readBlocks(elements: ReadonlyArray<Y.XmlElement | Y.XmlText | Y.XmlHook>): Block[] {
  const blocks: Block[] = [];
  for (const element of elements) {
    if (!(element instanceof Y.XmlElement)) continue;
    switch (element.nodeName) {
      case 'heading':
        blocks.push({ kind: 'heading', level: Number(element.getAttribute('level') ?? 3), runs: readRuns(element) });
        break;
      case 'bulletList':
      case 'orderedList': {
        const items = element
          .toArray()
          .filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
          .flatMap(readListItem);
        blocks.push({ kind: 'list', ordered: element.nodeName === 'orderedList', items });
        break;
      }
      case 'blockquote':
        blocks.push(...readBlocks(element.toArray()));
        break;
      default:
        blocks.push({ kind: 'paragraph', runs: readRuns(element) });
    }
  }
  return blocks;
}

// ---------------------------------------------------------------- writing Yjs XML

function runsElement(nodeName: string, runs: readonly InlineRun[], attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement(nodeName);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value as string);
  }
  const text = new Y.XmlText();
  let offset = 0;
  const parts: Array<{ text: string; attributes: Record<string, object> }> = [];
  for (const run of runs) {
    if (!run.text) continue;
    const marks: Record<string, object> = {};
    if (run.bold) marks.bold = {};
    if (run.italic) marks.italic = {};
    parts.push({ text: run.text, attributes: marks });
  }
  // Prelim XmlText applies inserts in order once integrated.
  for (const part of parts) {
    text.insert(offset, part.text, part.attributes);
    offset += part.text.length;
  }
  element.insert(0, [text]);
  return element;
}

/** Builds detached Yjs elements for blocks, ready to insert into a section. */
export function blocksToElements(blocks: readonly Block[]): Y.XmlElement[] {
  return blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return runsElement('paragraph', block.runs);
      case 'heading':
        return runsElement('heading', block.runs, { level: block.level as unknown as string });
      case 'list': {
        const listElement = new Y.XmlElement(block.ordered ? 'orderedList' : 'bulletList');
        if (block.ordered) listElement.setAttribute('start', 1 as unknown as string);
        const items = (block.items.length ? block.items : [[]]).map((runs) => {
          const item = new Y.XmlElement('listItem');
          item.insert(0, [runsElement('paragraph', runs)]);
          return item;
        });
        listElement.insert(0, items);
        return listElement;
      }
    }
  });
}
