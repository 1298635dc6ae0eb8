/**
 * The page headers and footers of a Word file, which the Word reader (mammoth) leaves out. Many
 * municipalities' templates put the diarienummer, the date and the förvaltning in the page header
 * and the address in the footer: without them an import would lose those lines. Each paragraph's
 * text is read from the part's XML (w:t runs, tabs kept, line breaks as new lines); field
 * codes (w:instrText, such as PAGE) are not text. A line repeated on several pages' headers is
 * read once.
 */
import { readEntries, type DocxContainerLimits } from './docxContainer';

/** A header or footer part is small; a larger one is not read. */
const MAX_PART_BYTES = 1024 * 1024;
const PART = /^word\/(header|footer)\d{0,4}\.xml$/;

// A tag (its name, then attributes after white space) or a run of text; linear on any input.
const TOKEN = /<(\/?)([\w:]{1,40})(\s[^<>]*)?(\/?)>|([^<]+)|</g;
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(ENTITY, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (NAMED[lower]) return NAMED[lower];
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The lines of one part's paragraphs, in order, without empty ones. */
export function partLines(xml: string): string[] {
  const lines: string[] = [];
  let line = '';
  let inText = false;
  const flush = (): void => {
    // Tabs stay: they separate a header's parts (left, centre and right).
    const text = line
      .replace(/[^\S\t]+/g, ' ')
      .replace(/ ?\t\s*/g, '\t')
      .trim();
    if (text) lines.push(text);
    line = '';
  };
  for (const [, closing, tag, attributes, slash, text] of xml.matchAll(TOKEN)) {
    if (text !== undefined) {
      if (inText) line += decode(text);
      continue;
    }
    const selfClosing = slash === '/' || (attributes ?? '').endsWith('/');
    if (tag === 'w:t') inText = !closing && !selfClosing;
    else if (tag === 'w:tab' && !closing) line += '\t';
    else if ((tag === 'w:br' || tag === 'w:cr') && !closing) flush();
    else if (tag === 'w:p' && (closing || selfClosing)) flush();
  }
  flush();
  return lines;
}

export interface PageHeaders {
  header: string[];
  footer: string[];
}

export function readPageHeaders(buffer: Buffer, limits: DocxContainerLimits): PageHeaders {
  const parts = readEntries(buffer, (name) => PART.test(name), { ...limits, maxBytes: MAX_PART_BYTES });
  const result: PageHeaders = { header: [], footer: [] };
  const seen = new Set<string>();
  for (const name of [...parts.keys()].sort()) {
    const kind = PART.exec(name)![1] as keyof PageHeaders;
    for (const line of partLines(parts.get(name)!.toString('utf8'))) {
      if (seen.has(line)) continue;
      seen.add(line);
      result[kind].push(line);
    }
  }
  return result;
}
