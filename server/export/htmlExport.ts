/**
 * A self-contained, semantic HTML page: one article, the header fields as a description list,
 * one section per template section, and a print stylesheet that lays it out on A4 the way the
 * seeds are laid out, so "Skriv ut" in any browser gives a usable paper copy.
 */
import type { Block, InlineRun } from '../../shared/doc/blocks';
import type { DocumentLayout, LayoutField } from './documentLayout';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function runsHtml(runs: readonly InlineRun[]): string {
  return runs
    .map((run) => {
      let html = escapeHtml(run.text).replace(/\n/g, '<br>');
      if (run.italic) html = `<em>${html}</em>`;
      if (run.bold) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${runsHtml(block.runs)}</p>`;
    case 'heading': {
      // h1 is the title and h2 the section titles, so sub-headings start at h3.
      const level = Math.min(6, Math.max(3, block.level));
      return `<h${level}>${runsHtml(block.runs)}</h${level}>`;
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${runsHtml(item)}</li>`).join('')}</${tag}>`;
    }
  }
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
  .signature { margin-top: 1.5rem; }
  .signature-line { border-top: 1px dotted #000; width: 14rem; margin: 1.8rem 0 0.2rem; }
  .closing { margin-top: 1.2rem; }
  @page { size: A4; margin: 25mm 20mm 25mm 25mm; }
  @media print {
    body { max-width: none; margin: 0; padding: 0; }
    h1, h2, h3 { break-after: avoid; }
    p, li { orphans: 3; widows: 3; }
    .signature { break-inside: avoid; }
  }
`;

/** Signatures and the closing lines that announce bilagor end the document. */
function footer(signatures: string, closingLines: readonly string[]): string {
  const closing = closingLines.map((line) => `<p class="closing">${escapeHtml(line)}</p>`).join('');
  return signatures || closing ? `<footer>${signatures}${closing}</footer>` : '';
}

export function renderHtml(layout: DocumentLayout): string {
  const title = escapeHtml(layout.title);
  const sections = layout.sections
    .map(
      (section) =>
        `<section aria-labelledby="avsnitt-${section.key}"><h2 id="avsnitt-${section.key}">${escapeHtml(section.title)}</h2>${section.blocks.map(blockHtml).join('')}</section>`,
    )
    .join('\n');
  const signatures = layout.signatures
    .map(
      (signature) =>
        `<div class="signature"><p>${escapeHtml(signature.label)}</p>${signature.lines
          .map((name) => `<div class="signature-line" aria-hidden="true"></div><p>${escapeHtml(name)}</p>`)
          .join('')}</div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(layout.typeLabel)} – ${title}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<article>
<header>
${fieldList(layout.header, 'header-fields')}
<p class="document-type">${escapeHtml(layout.typeLabel)}</p>
${fieldList(layout.addressee, 'addressee')}
<h1>${title}${layout.titleDiarienummer ? ` <span class="diarienummer">${escapeHtml(layout.titleDiarienummer)}</span>` : ''}</h1>
${layout.opening ? `<p class="opening">${escapeHtml(layout.opening)}</p>` : ''}
</header>
${sections}
${footer(signatures, layout.closingLines)}
</article>
</body>
</html>
`;
}
