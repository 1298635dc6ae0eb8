/**
 * Plain text in the seeds' shape: one paragraph per blank-line-separated block, headings on lines
 * of their own, lists as "- " or "1. " (sub-lists indented), emphasis as *italic* and **bold**,
 * tables as aligned columns, signatures between dotted lines. The importer reads it back, so the
 * letterhead and the signatories' titles (which it would take for text) are left to the other formats.
 */
import {
  blockText as plainBlockText,
  nestLists,
  tableGrid,
  type Block,
  type InlineRun,
  type ListTree,
  type NestedBlock,
  type TableRow,
} from '../../shared/doc/blocks';
import type { DocumentLayout, LayoutField } from '../../shared/doc/documentLayout';

export const SIGNATURE_RULE = '.....';
/** A horizontal rule: not a list marker, heading or signature rule to the importer. */
export const DIVIDER = '----------';

/**
 * Markers hug the words; surrounding spaces stay outside so the markup stays valid. Bold and
 * italic are the seeds' `**` and `*`, strike-through `~~`, code backticks; underline has no
 * plain-text form and is left as text.
 */
export function runsToMarkdown(runs: readonly InlineRun[]): string {
  return runs
    .map((run) => {
      const marker = (run.code ? '`' : '') + (run.strike ? '~~' : '') + (run.bold ? '**' : '') + (run.italic ? '*' : '');
      if (!marker || !run.text.trim()) return run.text;
      const core = run.text.trim();
      const lead = run.text.slice(0, run.text.length - run.text.trimStart().length);
      const trail = run.text.slice(run.text.trimEnd().length);
      return `${lead}${marker}${core}${[...marker].reverse().join('')}${trail}`;
    })
    .join('')
    .replace(/\n/g, ' ');
}

const INDENT = '   ';

function listText(list: ListTree, indent = ''): string[] {
  return list.items.flatMap((item, index) => [
    `${indent}${list.ordered ? `${list.start + index}.` : '-'} ${runsToMarkdown(item.runs)}`,
    ...item.lists.flatMap((child) => listText(child, indent + INDENT)),
  ]);
}

function cellText(blocks: readonly Block[]): string {
  return blocks.map(plainBlockText).join(' ').replace(/\s+/g, ' ').trim();
}

/** Columns padded to their widest cell, a dashed line under the header rows. */
export function tableText(rows: readonly TableRow[]): string {
  const grid = tableGrid(rows).map((row) => row.map((slot) => (slot.origin ? cellText(slot.cell.blocks) : '')));
  const widths = (grid[0] ?? []).map((_, column) => Math.max(...grid.map((row) => [...row[column]!].length)));
  const line = (row: string[]) =>
    row
      .map((text, column) => text + ' '.repeat(widths[column]! - [...text].length))
      .join('  ')
      .trimEnd();
  let headRows = 0;
  while (headRows < rows.length && rows[headRows]!.cells.length > 0 && rows[headRows]!.cells.every((cell) => cell.header)) headRows++;
  const lines = grid.map(line);
  if (headRows > 0) lines.splice(headRows, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}

function nestedText(block: NestedBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return runsToMarkdown(block.runs);
    case 'heading':
      return block.runs.map((run) => run.text).join('');
    case 'listTree':
      return listText(block).join('\n');
    case 'quote':
      return blocksText(block.blocks)
        .map((paragraph) =>
          paragraph
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n'),
        )
        .join('\n>\n');
    case 'code':
      return block.text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    case 'divider':
      return DIVIDER;
    case 'table':
      return tableText(block.rows);
  }
}

/** One text paragraph per block. */
function blocksText(blocks: readonly Block[]): string[] {
  return nestLists(blocks).map(nestedText);
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
  const signatures = layout.signatures.flatMap((signature) => [
    signature.label,
    ...signature.lines.map((name) => [SIGNATURE_RULE, name, SIGNATURE_RULE].join('\n')),
  ]);
  layout.sections.forEach((section, index) => {
    if (index === layout.signaturesAfter) paragraphs.push(...signatures);
    paragraphs.push(section.title);
    paragraphs.push(...blocksText(section.blocks));
  });
  if (layout.signaturesAfter >= layout.sections.length) paragraphs.push(...signatures);
  paragraphs.push(...layout.closingLines);
  return `${paragraphs.filter((paragraph) => paragraph.trim() !== '').join('\n\n')}\n`;
}
