/**
 * Plain text in the seeds' shape: one paragraph per blank-line-separated block, headings on lines
 * of their own, lists as "- " or "1. ", emphasis as *italic* and **bold**, signatures between
 * dotted lines. The importer reads it back.
 */
import type { Block, InlineRun } from '../../shared/doc/blocks';
import type { DocumentLayout, LayoutField } from './documentLayout';

export const SIGNATURE_RULE = '.....';

/** Markers hug the words; surrounding spaces stay outside so the markup stays valid. */
export function runsToMarkdown(runs: readonly InlineRun[]): string {
  return runs
    .map((run) => {
      const marker = (run.bold ? '**' : '') + (run.italic ? '*' : '');
      if (!marker || !run.text.trim()) return run.text;
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text)!;
      return `${lead}${marker}${core}${[...marker].reverse().join('')}${trail}`;
    })
    .join('')
    .replace(/\n/g, ' ');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return runsToMarkdown(block.runs);
    case 'heading':
      return block.runs.map((run) => run.text).join('');
    case 'list':
      return block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${runsToMarkdown(item)}`).join('\n');
  }
}

function fieldParagraphs(field: LayoutField): string[] {
  return [field.label, ...field.lines];
}

export function renderText(layout: DocumentLayout): string {
  const paragraphs: string[] = [];
  for (const field of layout.header) paragraphs.push(...fieldParagraphs(field));
  paragraphs.push(layout.typeLabel);
  for (const field of layout.addressee) paragraphs.push(...fieldParagraphs(field));
  paragraphs.push(layout.title);
  if (layout.titleDiarienummer) paragraphs.push(layout.titleDiarienummer);
  if (layout.opening) paragraphs.push(layout.opening);
  for (const section of layout.sections) {
    paragraphs.push(section.title);
    paragraphs.push(...section.blocks.map(blockText));
  }
  for (const signature of layout.signatures) {
    paragraphs.push(signature.label);
    for (const name of signature.lines) paragraphs.push([SIGNATURE_RULE, name, SIGNATURE_RULE].join('\n'));
  }
  paragraphs.push(...layout.closingLines);
  return `${paragraphs.filter((paragraph) => paragraph.trim() !== '').join('\n\n')}\n`;
}
