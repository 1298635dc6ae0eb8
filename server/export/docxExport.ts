/**
 * A Word document in the seeds' layout, on A4: the header block (small labels above their
 * values), the type's name, the title as Heading 1 with its diarienummer, each section title as
 * Heading 2 and sub-headings as Heading 3 (real Word heading styles, so the navigation pane and
 * our importer both see them), beslutspunkter as a real numbered list, signatures, the closing
 * lines, and "Sida X av Y" in the footer.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { Block, InlineRun } from '../../shared/doc/blocks';
import type { DocumentLayout, LayoutField } from './documentLayout';

const ORDERED_LIST = 'numrerad-lista';
const BULLET_LIST = 'punktlista';
/** A4 in twentieths of a point, with the margins of the seeds' paper layout (25 mm / 20 mm). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1418, bottom: 1418, left: 1418, right: 1134 };

const SUB_HEADINGS = [HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

function runs(inline: readonly InlineRun[]): TextRun[] {
  return inline.map((run) => new TextRun({ text: run.text.replace(/\n/g, ' '), bold: run.bold, italics: run.italic }));
}

function plain(text: string, options: { size?: number; bold?: boolean; color?: string } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...options })] });
}

function fieldParagraphs(field: LayoutField): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: field.label, size: 16, color: '555555' })] }),
    ...field.lines.map((line) => plain(line)),
  ];
}

/** Every list gets its own numbering instance, so each numbered list starts again at 1. */
function blockParagraphs(block: Block, nextListInstance: () => number): Paragraph[] {
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ spacing: { after: 160 }, children: runs(block.runs) })];
    case 'heading':
      return [new Paragraph({ heading: SUB_HEADINGS[Math.min(3, Math.max(0, block.level - 3))], children: runs(block.runs) })];
    case 'list': {
      const instance = nextListInstance();
      return block.items.map(
        (item) =>
          new Paragraph({
            numbering: { reference: block.ordered ? ORDERED_LIST : BULLET_LIST, level: 0, instance },
            spacing: { after: 80 },
            children: runs(item),
          }),
      );
    }
  }
}

function signatureParagraphs(signature: LayoutField): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 360 }, keepNext: true, children: [new TextRun({ text: signature.label, bold: true })] }),
    ...signature.lines.flatMap((name) => [
      // The dotted line is a border, not dots, so it prints as one clean line to sign on.
      new Paragraph({
        spacing: { before: 480 },
        keepNext: true,
        border: { bottom: { style: BorderStyle.DOTTED, size: 6, color: '000000', space: 1 } },
        indent: { right: 5000 },
        children: [],
      }),
      plain(name),
    ]),
  ];
}

export async function renderDocx(layout: DocumentLayout): Promise<Buffer> {
  let listInstance = 0;
  const nextListInstance = (): number => ++listInstance;
  const children: Paragraph[] = [
    ...layout.header.flatMap(fieldParagraphs),
    new Paragraph({ spacing: { before: 360, after: 120 }, children: [new TextRun({ text: layout.typeLabel, bold: true, size: 28 })] }),
    ...layout.addressee.flatMap(fieldParagraphs),
    new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 360 }, children: [new TextRun(layout.title)] }),
  ];
  if (layout.titleDiarienummer) children.push(plain(layout.titleDiarienummer));
  if (layout.opening) children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun(layout.opening)] }));
  for (const section of layout.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.title)] }));
    for (const block of section.blocks) children.push(...blockParagraphs(block, nextListInstance));
  }
  for (const signature of layout.signatures) children.push(...signatureParagraphs(signature));
  for (const line of layout.closingLines) children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun(line)] }));

  const footerRun: ParagraphChild = new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], size: 18 });
  const document = new Document({
    creator: 'Yttra',
    title: layout.title,
    description: layout.typeLabel,
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: 24 } },
        heading1: { run: { font: 'Arial', size: 30, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: 'Arial', size: 26, bold: true }, paragraph: { spacing: { before: 320, after: 120 }, keepNext: true } },
        heading3: { run: { font: 'Arial', size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
      },
    },
    numbering: {
      config: [
        {
          reference: ORDERED_LIST,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 397 } } } }],
        },
        {
          reference: BULLET_LIST,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '–', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 397 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGIN } },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [footerRun] })] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
