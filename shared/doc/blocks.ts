/**
 * Blocks (blockModel.ts) to and from the Yjs XML that the Tiptap editor is bound to, so that no
 * reader of a document needs to know how y-prosemirror lays out nodes. This module also exports
 * the block model itself, so `shared/doc/blocks` is the one import for both.
 */
import { encodeAny, toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import * as Y from 'yjs';
import {
  clampHeadingLevel,
  formatChangeMarks,
  isContentNodeName,
  isSuggestionAttrs,
  markOfAttribute,
  MAX_NESTING_DEPTH,
  normaliseAttribute,
  SUGGESTION_MARK_ATTRS,
  suggestionMarkOfAttribute,
} from '../model/schema';
import {
  blockText,
  flattenList,
  mergeRuns,
  nestLists,
  paragraph,
  runMarks,
  runsText,
  sortSuggestions,
  type Block,
  type InlineRun,
  type RunSuggestion,
  type ListTree,
  type ListTreeItem,
  type NestedBlock,
  type TableCell,
  type TableRow,
} from './blockModel';

export * from './blockModel';

// ---------------------------------------------------------------- reading Yjs XML

type XmlChild = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** All text under an element, line breaks between its blocks, without recursion: for content nested too deep. */
function deepText(element: Y.XmlElement): string {
  const parts: string[] = [];
  const pending: Array<Y.XmlElement | Y.XmlText | Y.XmlHook | '\n'> = [element];
  while (pending.length) {
    const node = pending.pop()!;
    if (node === '\n') parts.push('\n');
    else if (node instanceof Y.XmlText)
      parts.push(
        node
          .toDelta()
          .map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
          .join(''),
      );
    else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') parts.push('\n');
      const children = node.toArray();
      for (let index = children.length - 1; index >= 0; index--) {
        pending.push(children[index]!);
        if (children[index] instanceof Y.XmlElement && index > 0) pending.push('\n');
      }
    }
  }
  return parts
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** A suggestion mark's formatting value as a run's suggestion, or undefined when it is no valid one. */
function runSuggestion(attribute: string, value: unknown): RunSuggestion | undefined {
  const kind = suggestionMarkOfAttribute(attribute);
  if (!kind || !isSuggestionAttrs(kind, value)) return undefined;
  const suggestion: RunSuggestion = {
    kind,
    id: value.id,
    userId: value.userId,
    userName: value.userName ?? null,
    createdAt: value.createdAt,
  };
  if (kind === 'formatChange') Object.assign(suggestion, formatChangeMarks(value));
  return suggestion;
}

/** The formatting value of a run's suggestion, with exactly the attributes the editor's mark has, in its order. */
function suggestionValue(suggestion: RunSuggestion): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: suggestion.id,
    userId: suggestion.userId,
    createdAt: suggestion.createdAt,
    userName: suggestion.userName ?? null,
    add: (suggestion.add ?? []).join(' '),
    remove: (suggestion.remove ?? []).join(' '),
  };
  return Object.fromEntries(SUGGESTION_MARK_ATTRS[suggestion.kind].map((name) => [name, all[name]]));
}

/**
 * The formatting key y-prosemirror gives a suggestion mark (its marks do not exclude themselves,
 * client/suggestions/suggestionMarks.ts): the mark's name and 8 characters of a hash of the mark's
 * JSON, computed as y-prosemirror does, so that text written here is the text the editor would
 * have written and its binding finds nothing to rewrite.
 */
function suggestionKey(suggestion: RunSuggestion, value: Record<string, unknown>): string {
  const hash = digest(encodeAny({ type: suggestion.kind, attrs: value }));
  for (let index = 6; index < hash.length; index++) hash[index % 6] = hash[index % 6]! ^ hash[index]!;
  return `${suggestion.kind}--${toBase64(hash.slice(0, 6))}`;
}

function readRuns(element: Y.XmlElement, depth = 0): InlineRun[] {
  if (depth > MAX_NESTING_DEPTH) return [{ text: deepText(element) }];
  const runs: InlineRun[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== 'string') continue;
        const run: InlineRun = { text: op.insert };
        const suggestions: RunSuggestion[] = [];
        for (const [attribute, value] of Object.entries(op.attributes ?? {})) {
          const mark = markOfAttribute(attribute);
          if (mark) run[mark] = true;
          const suggestion = runSuggestion(attribute, value);
          if (suggestion) suggestions.push(suggestion);
        }
        if (suggestions.length) run.suggestions = sortSuggestions(suggestions);
        runs.push(run);
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' });
      // An inline node the schema does not know keeps its text.
      else runs.push(...readRuns(child, depth + 1));
    }
  }
  return mergeRuns(runs);
}

function plainText(element: Y.XmlElement): string {
  return runsText(readRuns(element));
}

function elementsOf(element: Y.XmlElement): Y.XmlElement[] {
  return element.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement);
}

/** The runs of a list item's text blocks, joined by line breaks; other blocks are read as blocks. */
function readList(element: Y.XmlElement, depth: number): ListTree {
  const tree: ListTree = {
    kind: 'listTree',
    ordered: element.nodeName === 'orderedList',
    start: element.nodeName === 'orderedList' ? (normaliseAttribute('orderedList', 'start', element.getAttribute('start')) as number) : 1,
    items: [],
  };
  for (const itemElement of elementsOf(element)) {
    const item: ListTreeItem = { runs: [], lists: [] };
    tree.items.push(item);
    for (const child of elementsOf(itemElement)) {
      if (child.nodeName === 'bulletList' || child.nodeName === 'orderedList') {
        if (depth + 1 <= MAX_NESTING_DEPTH) item.lists.push(readList(child, depth + 1));
        else item.runs = mergeRuns([...item.runs, { text: `${item.runs.length ? '\n' : ''}${deepText(child)}` }]);
        continue;
      }
      // A heading, quote, table or code block inside a list item is kept as its text, on a line of its own.
      const text =
        child.nodeName === 'paragraph' || child.nodeName === 'heading'
          ? readRuns(child)
          : readBlocks([child], depth + 1).map((block) => ({ text: blockText(block) }));
      item.runs = item.runs.length && text.length ? mergeRuns([...item.runs, { text: '\n' }, ...text]) : mergeRuns([...item.runs, ...text]);
    }
  }
  return tree;
}

function readCell(element: Y.XmlElement, depth: number): TableCell {
  const cell: TableCell = { blocks: readBlocks(element.toArray(), depth + 1) };
  if (element.nodeName === 'tableHeader') cell.header = true;
  for (const name of ['colspan', 'rowspan'] as const) {
    const value = normaliseAttribute('tableCell', name, element.getAttribute(name)) as number;
    if (value !== 1) cell[name] = value;
  }
  return cell;
}

/**
 * Reads the blocks of one element list (a section's children). An element the schema does not
 * know keeps its content: its blocks if it holds any, else its text as a paragraph.
 */
export function readBlocks(elements: ReadonlyArray<XmlChild>, depth = 0): Block[] {
  const blocks: Block[] = [];
  for (const element of elements) {
    if (!(element instanceof Y.XmlElement)) continue;
    if (depth > MAX_NESTING_DEPTH) {
      const text = deepText(element);
      if (text) blocks.push(element.nodeName === 'codeBlock' ? { kind: 'code', text } : paragraph(text));
      continue;
    }
    switch (element.nodeName) {
      case 'paragraph':
        blocks.push({ kind: 'paragraph', runs: readRuns(element) });
        break;
      case 'heading':
        blocks.push({ kind: 'heading', level: clampHeadingLevel(element.getAttribute('level')), runs: readRuns(element) });
        break;
      case 'bulletList':
      case 'orderedList':
        blocks.push(...flattenList(readList(element, depth)));
        break;
      case 'blockquote':
        blocks.push({ kind: 'quote', blocks: readBlocks(element.toArray(), depth + 1) });
        break;
      case 'codeBlock':
        blocks.push({ kind: 'code', text: plainText(element) });
        break;
      case 'horizontalRule':
        blocks.push({ kind: 'divider' });
        break;
      case 'table':
        blocks.push({
          kind: 'table',
          rows: elementsOf(element).map((row) => ({ cells: elementsOf(row).map((cell) => readCell(cell, depth)) })),
        });
        break;
      default: {
        const children = elementsOf(element);
        const holdsBlocks = children.some(
          (child) => child.nodeName !== 'hardBreak' && (isContentNodeName(child.nodeName) || elementsOf(child).length > 0),
        );
        if (holdsBlocks) blocks.push(...readBlocks(element.toArray(), depth + 1));
        else blocks.push({ kind: 'paragraph', runs: readRuns(element) });
      }
    }
  }
  return blocks;
}

// ---------------------------------------------------------------- writing Yjs XML

function textElement(nodeName: string, runs: readonly InlineRun[], attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement(nodeName);
  for (const [name, value] of Object.entries(attributes)) {
    // y-prosemirror stores attribute values as they are (numbers stay numbers).
    element.setAttribute(name, value as string);
  }
  // A hard break is an element between texts; each stretch of text is one XmlText.
  const children: Array<Y.XmlText | Y.XmlElement> = [];
  let text: Y.XmlText | undefined;
  let offset = 0;
  for (const run of runs) {
    const lines = run.text.split('\n');
    lines.forEach((line, index) => {
      if (index > 0) {
        children.push(new Y.XmlElement('hardBreak'));
        text = undefined;
      }
      if (!line) return;
      if (!text) {
        text = new Y.XmlText();
        offset = 0;
        children.push(text);
      }
      const marks: Record<string, object> = {};
      for (const mark of runMarks(run)) marks[mark] = {};
      for (const suggestion of run.suggestions ?? []) {
        const value = suggestionValue(suggestion);
        marks[suggestionKey(suggestion, value)] = value;
      }
      // Prelim XmlText applies inserts in order once integrated.
      text.insert(offset, line, marks);
      offset += line.length;
    });
  }
  if (children.length === 0) children.push(new Y.XmlText());
  element.insert(0, children);
  return element;
}

function codeElement(text: string): Y.XmlElement {
  const element = new Y.XmlElement('codeBlock');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function listElement(tree: ListTree): Y.XmlElement {
  const element = new Y.XmlElement(tree.ordered ? 'orderedList' : 'bulletList');
  if (tree.ordered) element.setAttribute('start', normaliseAttribute('orderedList', 'start', tree.start) as unknown as string);
  element.insert(
    0,
    tree.items.map((item) => {
      const itemElement = new Y.XmlElement('listItem');
      itemElement.insert(0, [textElement('paragraph', item.runs), ...item.lists.map(listElement)]);
      return itemElement;
    }),
  );
  return element;
}

function cellElement(cell: TableCell): Y.XmlElement {
  const element = new Y.XmlElement(cell.header ? 'tableHeader' : 'tableCell');
  element.setAttribute('colspan', normaliseAttribute('tableCell', 'colspan', cell.colspan ?? 1) as unknown as string);
  element.setAttribute('rowspan', normaliseAttribute('tableCell', 'rowspan', cell.rowspan ?? 1) as unknown as string);
  element.insert(0, blocksToElements(cell.blocks.length ? cell.blocks : [paragraph('')]));
  return element;
}

function tableElement(rows: readonly TableRow[]): Y.XmlElement {
  const element = new Y.XmlElement('table');
  const kept = rows.filter((row) => row.cells.length > 0);
  element.insert(
    0,
    (kept.length ? kept : [{ cells: [{ blocks: [] }] }]).map((row) => {
      const rowElement = new Y.XmlElement('tableRow');
      rowElement.insert(0, row.cells.map(cellElement));
      return rowElement;
    }),
  );
  return element;
}

function nestedElement(block: NestedBlock): Y.XmlElement {
  switch (block.kind) {
    case 'paragraph':
      return textElement('paragraph', block.runs);
    case 'heading':
      return textElement('heading', block.runs, { level: clampHeadingLevel(block.level) });
    case 'listTree':
      return listElement(block);
    case 'quote': {
      const element = new Y.XmlElement('blockquote');
      element.insert(0, blocksToElements(block.blocks.length ? block.blocks : [paragraph('')]));
      return element;
    }
    case 'code':
      return codeElement(block.text);
    case 'divider':
      return new Y.XmlElement('horizontalRule');
    case 'table':
      return tableElement(block.rows);
  }
}

/** Builds detached Yjs elements for blocks, ready to insert into a section. */
export function blocksToElements(blocks: readonly Block[]): Y.XmlElement[] {
  return nestLists(blocks).map(nestedElement);
}
