/**
 * Clipboard HTML from Word (and web pages) into the HTML the editor's schema reads as it was
 * meant. Word 2016+ on Windows writes no <ol>/<ul>: each list paragraph is a <p> whose style says
 * `mso-list:l0 level2 lfo1` and whose number or bullet is literal text in a span marked
 * `mso-list:Ignore`. Footnotes are a reference link in the text and a footnote list at the end of
 * the fragment. Header rows of tables are rows marked `mso-yfti-irow:-1` (Word's "repeat as header
 * row"), written as <td>. This module rebuilds real nested lists, header cells and footnotes; the
 * editor's own parser does the rest (tables stay tables).
 */
import { HEADING_LEVELS, normaliseAttribute } from '../../shared/model/schema';

export interface PastedFootnote {
  /** The number Word gave it ("1"), shown as "[1]" in the text and before the footnote. */
  number: string;
  text: string;
}

export interface CleanedPaste {
  html: string;
  footnotes: PastedFootnote[];
}

const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;
/** "1." "a)" "(iv)" "12." — an ordered marker; anything else (·, o, §, –) is a bullet. */
const ORDERED_MARKER = /^\(?(?:\d{1,4}|[a-z]|[ivxlcdm]{1,6})[.)]$/i;

function styleOf(element: Element): string {
  return element.getAttribute('style') ?? '';
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Word writes this from "Microsoft Word" with its Office namespaces and mso- styles. */
export function isWordHtml(html: string): boolean {
  return /urn:schemas-microsoft-com:office:word|<meta[^>]{0,200}Microsoft Word|mso-list|class="?Mso/i.test(html.slice(0, 200_000));
}

function takeFootnotes(body: HTMLElement): PastedFootnote[] {
  const footnotes: PastedFootnote[] = [];
  for (const list of Array.from(body.querySelectorAll('[style*="mso-element:footnote-list"]'))) {
    for (const note of Array.from(list.querySelectorAll('[style*="mso-element:footnote"]'))) {
      if (styleOf(note).includes('footnote-list')) continue;
      const reference = note.querySelector('a[style*="mso-footnote-id"], a[href*="_ftnref"]');
      const number = (
        /(\d+)/.exec(note.id)?.[1] ??
        /(\d+)/.exec(reference?.textContent ?? '')?.[1] ??
        String(footnotes.length + 1)
      ).toString();
      reference?.remove();
      const text = collapse(note.textContent ?? '');
      if (text) footnotes.push({ number, text });
    }
    list.remove();
  }
  // The reference in the text keeps its number, in brackets, where the superscript was.
  for (const reference of Array.from(body.querySelectorAll('a[style*="mso-footnote-id"], a[href*="_ftn"]'))) {
    const number = /(\d+)/.exec(reference.getAttribute('href') ?? '')?.[1] ?? /(\d+)/.exec(reference.textContent ?? '')?.[1];
    reference.replaceWith(body.ownerDocument.createTextNode(number ? `[${number}]` : (reference.textContent ?? '')));
  }
  return footnotes;
}

interface ListParagraph {
  element: Element;
  listId: string;
  level: number;
  ordered: boolean;
  start: number;
}

function readListParagraph(element: Element): ListParagraph | undefined {
  const match = MSO_LIST.exec(styleOf(element));
  if (!match) return undefined;
  const markerSpan = element.querySelector('[style*="mso-list:Ignore"], [style*="mso-list: Ignore"]');
  const marker = collapse((markerSpan?.textContent ?? '').replace(/\u00a0/g, ' '));
  // The marker span sits in a wrapper span that only carries its font.
  let removable: Element | null | undefined = markerSpan;
  while (
    removable?.parentElement &&
    removable.parentElement !== element &&
    collapse(removable.parentElement.textContent ?? '') === collapse(removable.textContent ?? '')
  ) {
    removable = removable.parentElement;
  }
  removable?.remove();
  const ordered = ORDERED_MARKER.test(marker);
  const number = /^\(?(\d{1,4})[.)]$/.exec(marker)?.[1];
  return { element, listId: match[1]!, level: Math.max(1, Math.min(9, Number(match[2]))), ordered, start: number ? Number(number) : 1 };
}

/** Consecutive list paragraphs become one list, nested by their Word level. */
function rebuildLists(body: HTMLElement): void {
  const document = body.ownerDocument;
  const paragraphs = Array.from(body.querySelectorAll('p, h1, h2, h3, h4, h5, h6')).filter((element) => MSO_LIST.test(styleOf(element)));
  const done = new Set<Element>();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    // The run of list paragraphs that follow each other (white space between them aside).
    const run: Element[] = [first];
    let next = first.nextSibling;
    while (next) {
      if (next.nodeType === 3 && !(next.textContent ?? '').trim()) {
        next = next.nextSibling;
        continue;
      }
      if (next.nodeType === 8) {
        next = next.nextSibling;
        continue;
      }
      if (next instanceof Element && MSO_LIST.test(styleOf(next))) {
        run.push(next);
        next = next.nextSibling;
        continue;
      }
      break;
    }
    const stack: Array<{ list: HTMLElement; level: number; ordered: boolean; listId: string }> = [];
    const anchor = document.createElement('div');
    first.before(anchor);
    const roots: HTMLElement[] = [];
    for (const element of run) {
      done.add(element);
      const item = readListParagraph(element)!;
      while (stack.length && stack[stack.length - 1]!.level > item.level) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.level === item.level && (top.ordered !== item.ordered || (item.level === 1 && top.listId !== item.listId))) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (!top || top.level < item.level) {
        const list = document.createElement(item.ordered ? 'ol' : 'ul');
        if (item.ordered && item.start !== 1) list.setAttribute('start', String(item.start));
        const parentItem = top?.list.lastElementChild;
        if (parentItem) parentItem.append(list);
        else roots.push(list);
        stack.push({ list, level: item.level, ordered: item.ordered, listId: item.listId });
        top = stack[stack.length - 1];
      }
      const li = document.createElement('li');
      const paragraph = document.createElement('p');
      paragraph.append(...Array.from(element.childNodes));
      li.append(paragraph);
      top!.list.append(li);
      element.remove();
    }
    anchor.replaceWith(...roots);
  }
}

/** Rows Word repeats as a header (or a <thead>) hold header cells. */
function markHeaderRows(body: HTMLElement): void {
  for (const row of Array.from(body.querySelectorAll('tr'))) {
    const isHeader = row.parentElement?.tagName === 'THEAD' || /mso-yfti-irow:\s*-1/.test(styleOf(row));
    if (!isHeader) continue;
    for (const cell of Array.from(row.children)) {
      if (cell.tagName !== 'TD') continue;
      const header = body.ownerDocument.createElement('th');
      for (const attribute of ['colspan', 'rowspan']) {
        const value = cell.getAttribute(attribute);
        if (value) header.setAttribute(attribute, value);
      }
      header.append(...Array.from(cell.childNodes));
      cell.replaceWith(header);
    }
  }
}

/** h1 and h2 are the document's title and section titles; pasted ones become the first sub-heading level. */
function lowerHeadings(body: HTMLElement): void {
  const lowest = Math.min(...HEADING_LEVELS);
  for (const heading of Array.from(body.querySelectorAll('h1, h2'))) {
    const replacement = body.ownerDocument.createElement(`h${lowest}`);
    replacement.append(...Array.from(heading.childNodes));
    replacement.setAttribute('style', styleOf(heading));
    heading.replaceWith(replacement);
  }
}

/** Office's own elements (<o:p>, <v:shape>, <w:Sdt>) carry nothing the schema holds but their text. */
function unwrapOfficeElements(body: HTMLElement): void {
  for (const element of Array.from(body.querySelectorAll('*'))) {
    if (!element.tagName.includes(':')) continue;
    element.replaceWith(...Array.from(element.childNodes));
  }
}

/**
 * Attribute values the schema does not allow (a list starting at 10^6, a cell spanning 500
 * columns) would have the server refuse the whole paste; they are brought within the schema here.
 */
function clampAttributes(body: HTMLElement): void {
  for (const list of Array.from(body.querySelectorAll('ol[start]'))) {
    list.setAttribute('start', String(normaliseAttribute('orderedList', 'start', list.getAttribute('start'))));
  }
  for (const cell of Array.from(body.querySelectorAll('td, th'))) {
    for (const name of ['colspan', 'rowspan']) {
      if (cell.hasAttribute(name)) cell.setAttribute(name, String(normaliseAttribute('tableCell', name, cell.getAttribute(name))));
    }
  }
}

export function cleanPastedHtml(html: string, parser: DOMParser = new DOMParser()): CleanedPaste {
  const document = parser.parseFromString(html, 'text/html');
  const body = document.body;
  const word = isWordHtml(html);
  const footnotes = word ? takeFootnotes(body) : [];
  if (word) {
    unwrapOfficeElements(body);
    rebuildLists(body);
    markHeaderRows(body);
  }
  lowerHeadings(body);
  clampAttributes(body);
  return { html: body.innerHTML, footnotes };
}
