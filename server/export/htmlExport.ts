/**
 * A self-contained, semantic HTML page: the organisation's letterhead, one article, the header
 * fields as a description list, one section per template section, signatures as name over title,
 * and a print stylesheet that lays it out on A4 the way the seeds are laid out (later pages
 * headed by the organisation, type, diarienummer and page number), so "Skriv ut" in any browser
 * gives a usable paper copy.
 */
import {
  nestLists,
  runMarks,
  suggestionOf,
  type Block,
  type InlineRun,
  type ListTree,
  type NestedBlock,
  type RunSuggestion,
  type TableCell,
} from '../../shared/doc/blocks';
import { clampHeadingLevel, MARK_LABELS, MAX_TABLE_SPAN, SUGGESTION_MARK_LABELS, type MarkName } from '../../shared/model/schema';
import {
  logoDescription,
  type DocumentLayout,
  type LayoutField,
  type LayoutSection,
  type LayoutSignature,
  type Signatory,
} from '../../shared/doc/documentLayout';
import type { Letterhead } from '../../shared/model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** The element each mark is written as; the first in schema order is the outermost. */
const MARK_TAGS: Record<MarkName, string> = { bold: 'strong', italic: 'em', underline: 'u', strike: 's', code: 'code' };

const UNKNOWN_AUTHOR = 'Okänd person';

const authorOf = (suggestion: RunSuggestion) => suggestion.userName?.trim() || UNKNOWN_AUTHOR;

/** "Föreslagen borttagning av Anna Berg 2026-12-01", and for formatting what it changes. */
function suggestionTitle(suggestion: RunSuggestion): string {
  const day = suggestion.createdAt.slice(0, 10);
  const change =
    suggestion.kind === 'formatChange'
      ? `: ${[...(suggestion.add ?? []).map((mark) => `${MARK_LABELS[mark].toLowerCase()} läggs till`), ...(suggestion.remove ?? []).map((mark) => `${MARK_LABELS[mark].toLowerCase()} tas bort`)].join(', ')}`
      : '';
  return `${SUGGESTION_MARK_LABELS[suggestion.kind]} av ${authorOf(suggestion)} ${day}${change}`;
}

/**
 * A marked-up suggestion: inserted text in <ins>, text proposed for deletion in <del> (both with
 * their time), proposed formatting in a span; each names its kind and author in its title and,
 * after its last piece, its author in print.
 */
function suggestionHtml(run: InlineRun, inner: string): string {
  const shown = suggestionOf(run, 'deletion') ?? suggestionOf(run, 'insertion') ?? suggestionOf(run, 'formatChange')!;
  const tag = shown.kind === 'deletion' ? 'del' : shown.kind === 'insertion' ? 'ins' : 'span';
  const datetime = tag === 'span' ? '' : ` datetime="${escapeHtml(shown.createdAt)}"`;
  const attributes = `class="suggestion suggestion-${shown.kind}" data-author="${escapeHtml(authorOf(shown))}"${datetime} title="${escapeHtml(suggestionTitle(shown))}"`;
  return `<${tag} ${attributes}>${inner}</${tag}>`;
}

function runsHtml(runs: readonly InlineRun[]): string {
  return runs
    .map((run, index) => {
      const html = runMarks(run).reduceRight(
        (inner, mark) => `<${MARK_TAGS[mark]}>${inner}</${MARK_TAGS[mark]}>`,
        escapeHtml(run.text).replace(/\n/g, '<br>'),
      );
      if (!run.suggestions?.length) return html;
      // The author is printed once per suggestion, after its last piece in the paragraph.
      const next = runs[index + 1];
      const ends = run.suggestions.filter((suggestion) => !next?.suggestions?.some((other) => other.id === suggestion.id));
      const authors = [...new Set(ends.map(authorOf))];
      const label = authors.length ? `<span class="suggestion-author">[${escapeHtml(authors.join(', '))}]</span>` : '';
      return suggestionHtml(run, html) + label;
    })
    .join('');
}

function listHtml(list: ListTree): string {
  const tag = list.ordered ? 'ol' : 'ul';
  const start = list.ordered && list.start !== 1 ? ` start="${list.start}"` : '';
  const items = list.items.map((item) => `<li>${runsHtml(item.runs)}${item.lists.map(listHtml).join('')}</li>`).join('');
  return `<${tag}${start}>${items}</${tag}>`;
}

function span(name: 'colspan' | 'rowspan', value: number | undefined): string {
  const clamped = Math.min(MAX_TABLE_SPAN, Math.max(1, Math.trunc(value ?? 1)));
  return clamped > 1 ? ` ${name}="${clamped}"` : '';
}

function cellHtml(cell: TableCell, inHeaderRow: boolean): string {
  const tag = cell.header ? 'th' : 'td';
  const scope = cell.header ? ` scope="${inHeaderRow ? 'col' : 'row'}"` : '';
  return `<${tag}${scope}${span('colspan', cell.colspan)}${span('rowspan', cell.rowspan)}>${blocksHtml(cell.blocks)}</${tag}>`;
}

/** Rows made only of header cells at the top are the table's head, repeated on every printed page. */
function tableHtml(rows: Extract<Block, { kind: 'table' }>['rows']): string {
  let headRows = 0;
  while (headRows < rows.length && rows[headRows]!.cells.length > 0 && rows[headRows]!.cells.every((cell) => cell.header)) headRows++;
  const rowHtml = (row: (typeof rows)[number], head: boolean) => `<tr>${row.cells.map((cell) => cellHtml(cell, head)).join('')}</tr>`;
  const head = headRows
    ? `<thead>${rows
        .slice(0, headRows)
        .map((row) => rowHtml(row, true))
        .join('')}</thead>`
    : '';
  return `<table>${head}<tbody>${rows
    .slice(headRows)
    .map((row) => rowHtml(row, false))
    .join('')}</tbody></table>`;
}

function nestedHtml(block: NestedBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${runsHtml(block.runs)}</p>`;
    case 'heading': {
      // h1 is the title and h2 the section titles, so sub-headings start at h3.
      const level = clampHeadingLevel(block.level);
      return `<h${level}>${runsHtml(block.runs)}</h${level}>`;
    }
    case 'listTree':
      return listHtml(block);
    case 'quote':
      return `<blockquote>${blocksHtml(block.blocks)}</blockquote>`;
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'divider':
      return '<hr>';
    case 'table':
      return tableHtml(block.rows);
  }
}

export function blocksHtml(blocks: readonly Block[]): string {
  return nestLists(blocks).map(nestedHtml).join('');
}

function fieldList(fields: readonly LayoutField[], className: string): string {
  if (fields.length === 0) return '';
  const entries = fields
    .map((field) => `<div><dt>${escapeHtml(field.label)}</dt><dd>${field.lines.map(escapeHtml).join('<br>')}</dd></div>`)
    .join('');
  return `<dl class="${className}">${entries}</dl>`;
}

const STYLESHEET = `
  :root { color: #1a1a1a; background: #fff; }
  body { font-family: "Times New Roman", Georgia, serif; font-size: 12pt; line-height: 1.4; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  h1, h2, h3, h4, .document-type, dt { font-family: Arial, Helvetica, sans-serif; }
  h1 { font-size: 16pt; margin: 1.5rem 0 1rem; }
  h2 { font-size: 13pt; margin: 1.5rem 0 0.5rem; }
  h3, h4, h5, h6 { font-size: 12pt; margin: 1.2rem 0 0.4rem; }
  .diarienummer { display: block; font-size: 12pt; font-weight: normal; }
  .document-type { font-size: 14pt; font-weight: bold; margin: 1.5rem 0 0.5rem; }
  dl { margin: 0; }
  dl div { margin-bottom: 0.6rem; }
  dt { font-size: 9pt; color: #444; }
  dd { margin: 0; }
  .letterhead { font-family: Arial, Helvetica, sans-serif; margin-bottom: 2rem; }
  .letterhead img { display: block; height: 16mm; width: auto; margin-bottom: 0.5rem; }
  .letterhead .organisation { font-size: 12pt; font-weight: bold; margin: 0; }
  .letterhead .forvaltning { font-size: 10pt; margin: 0; }
  .signatory { margin: 0 0 0.8rem; }
  .signatory-title { display: block; }
  .signature { margin-top: 1.5rem; }
  .signature-line { border-top: 1px dotted #000; width: 14rem; margin: 1.8rem 0 0.2rem; }
  .closing { margin-top: 1.2rem; }
  table { border-collapse: collapse; margin: 0.6rem 0; }
  th, td { border: 1px solid #555; padding: 0.2rem 0.4rem; vertical-align: top; text-align: left; }
  th { font-weight: bold; background: #eee; }
  th > :first-child, td > :first-child { margin-top: 0; }
  th > :last-child, td > :last-child { margin-bottom: 0; }
  blockquote { margin: 0.8rem 0 0.8rem 1.5rem; padding-left: 0.8rem; border-left: 3px solid #999; }
  pre { font-family: "Courier New", monospace; font-size: 10pt; white-space: pre-wrap; }
  code { font-family: "Courier New", monospace; }
  ins.suggestion { color: #1b5e20; text-decoration: underline; }
  del.suggestion { color: #b71c1c; text-decoration: line-through; }
  span.suggestion-formatChange { border-bottom: 1px dotted #0d47a1; }
  .suggestion-author { font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #555; vertical-align: super; margin: 0 0.15em; }
  @page { size: A4; margin: 25mm 20mm 25mm 25mm; }
  @media print {
    body { max-width: none; margin: 0; padding: 0; }
    h1, h2, h3 { break-after: avoid; }
    p, li { orphans: 3; widows: 3; }
    tr { break-inside: avoid; }
    .signature, .signatory { break-inside: avoid; }
  }
`;

/** A CSS string literal; `<` is escaped too, so no text can close the style element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * Later printed pages carry the organisation, type and diarienummer, and every page its number
 * (page margin boxes, which Chromium prints); the first page has the letterhead instead.
 */
function pageStyle(layout: DocumentLayout): string {
  const running = [layout.letterhead.organisation, layout.typeLabel, layout.diarienummer].filter((part) => !!part).join(' · ');
  const box = 'font-family: Arial, Helvetica, sans-serif; font-size: 9pt;';
  return `
  @page { @top-left { content: ${cssString(running)}; ${box} } @top-right { content: "Sida " counter(page) " av " counter(pages); ${box} } }
  @page :first { @top-left { content: none; } }
`;
}

function letterheadHtml(letterhead: Letterhead): string {
  const { organisation, forvaltning, logo } = letterhead;
  const image = logo
    ? `<img src="data:${logo.mediaType};base64,${logo.data.replace(/[^\d+/=a-z]/gi, '')}" alt="${escapeHtml(logoDescription(organisation))}">`
    : '';
  const unit = forvaltning ? `<p class="forvaltning">${escapeHtml(forvaltning)}</p>` : '';
  return `<header class="letterhead">${image}<p class="organisation">${escapeHtml(organisation)}</p>${unit}</header>`;
}

function signatoryHtml(signatory: Signatory): string {
  const title = signatory.title ? `<span class="signatory-title">${escapeHtml(signatory.title)}</span>` : '';
  return `<p class="signatory">${escapeHtml(signatory.name)}${title}</p>`;
}

function signaturesHtml(signatures: readonly LayoutSignature[]): string {
  return signatures
    .map(
      (signature) =>
        `<div class="signature"><p>${escapeHtml(signature.label)}</p>${signature.signatories
          .map((signatory) => `<div class="signature-line" aria-hidden="true"></div>${signatoryHtml(signatory)}`)
          .join('')}</div>`,
    )
    .join('');
}

function sectionHtml(section: LayoutSection): string {
  const body = section.signatories ? section.signatories.map(signatoryHtml).join('') : blocksHtml(section.blocks);
  return `<section aria-labelledby="avsnitt-${section.key}"><h2 id="avsnitt-${section.key}">${escapeHtml(section.title)}</h2>${body}</section>`;
}

/** Signatures and the closing lines that announce bilagor end the document. */
function footer(signatures: string, closingLines: readonly string[]): string {
  const closing = closingLines.map((line) => `<p class="closing">${escapeHtml(line)}</p>`).join('');
  return signatures || closing ? `<footer>${signatures}${closing}</footer>` : '';
}

export function renderHtml(layout: DocumentLayout): string {
  const title = escapeHtml(layout.title);
  const signatures = signaturesHtml(layout.signatures);
  const atEnd = layout.signaturesAfter >= layout.sections.length;
  const sections = layout.sections
    .map(
      (section, index) =>
        (index === layout.signaturesAfter && !atEnd ? `<div class="signatures">${signatures}</div>\n` : '') + sectionHtml(section),
    )
    .join('\n');
  const author = layout.author ? `\n<meta name="author" content="${escapeHtml(layout.author)}">` : '';
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${author}
<title>${escapeHtml(layout.typeLabel)} – ${title}</title>
<style>${STYLESHEET}${pageStyle(layout)}</style>
</head>
<body>
${letterheadHtml(layout.letterhead)}
<article>
<header>
${fieldList(layout.header, 'header-fields')}
<p class="document-type">${escapeHtml(layout.typeLabel)}</p>
${fieldList(layout.addressee, 'addressee')}
<h1>${title}${layout.titleDiarienummer ? ` <span class="diarienummer">${escapeHtml(layout.titleDiarienummer)}</span>` : ''}</h1>
${layout.opening ? `<p class="opening">${escapeHtml(layout.opening)}</p>` : ''}
</header>
${sections}
${footer(atEnd ? signatures : '', layout.closingLines)}
</article>
</body>
</html>
`;
}
