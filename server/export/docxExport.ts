/**
 * A Word document in the seeds' layout, on A4, in Swedish, with the handläggare as its author:
 * the organisation's letterhead (logo, organisation and förvaltning) in the first page's header
 * and a running header on later pages (organisation, type, diarienummer, "Sida X av Y"); the
 * header block (small labels above their values), the type's name, the title as Heading 1 with
 * its diarienummer, each section title as Heading 2 and sub-headings as Heading 3 (real Word
 * heading styles, so the navigation pane and our importer both see them), beslutspunkter as a
 * real numbered list, signatures as name over title, and the closing lines.
 */
import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  Header,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  XmlAttributeComponent,
  XmlComponent,
  type ILevelsOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import {
  suggestionOf,
  tableGrid,
  type Block,
  type InlineRun,
  type RunSuggestion,
  type TableRow as RowBlock,
} from '../../shared/doc/blocks';
import { clampHeadingLevel, MAX_TABLE_SPAN } from '../../shared/model/schema';
import {
  logoDescription,
  type DocumentLayout,
  type LayoutField,
  type LayoutSection,
  type Signatory,
} from '../../shared/doc/documentLayout';
import { DOCX_STYLES } from './docxStyles';
import { placeLogo } from './logoImage';

const ORDERED_LIST = 'numrerad-lista';
const BULLET_LIST = 'punktlista';
/** A4 in twentieths of a point, with the margins of the seeds' paper layout (25 mm / 20 mm). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1418, bottom: 1418, left: 1418, right: 1134 };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** Word's code for Swedish (Sweden), for spelling, hyphenation and screen readers. */
const LANGUAGE = 'sv-SE';
/** Word has nine list levels. */
const LIST_LEVELS = 9;

const SUB_HEADINGS = {
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
  5: HeadingLevel.HEADING_5,
  6: HeadingLevel.HEADING_6,
} as const;

/** The marks of a run as Word run properties (code is a character style). */
function runProperties(run: InlineRun) {
  return {
    bold: run.bold,
    italics: run.italic,
    underline: run.underline ? {} : undefined,
    strike: run.strike,
    style: run.code ? DOCX_STYLES.codeRun : undefined,
  };
}

/** The name Word shows for a change: the author as written with the suggestion. */
export const UNKNOWN_AUTHOR = 'Okänd person';

class ChangeAttributes extends XmlAttributeComponent<{ id: number; author: string; date: string }> {
  protected override readonly xmlKeys = { id: 'w:id', author: 'w:author', date: 'w:date' };
}

/** A w:ins holding a w:del: the docx library writes each alone. */
class InsertedThenDeleted extends XmlComponent {
  constructor(insertion: { id: number; author: string; date: string }, deleted: DeletedTextRun) {
    super('w:ins');
    this.root.push(new ChangeAttributes(insertion));
    this.root.push(deleted);
  }
}

/**
 * Open suggestions as Word's tracked changes (the layout keeps them only when marked up): an
 * insertion is w:ins, a deletion w:del with w:delText, a formatting suggestion a run formatted
 * as if accepted with w:rPrChange holding the formatting it has now, so that Word's "Reject"
 * brings that back. Every change names its author and time; Word wants each change's w:id unique
 * in the document, so the ids are counted here rather than taken from the suggestion.
 */
class TrackedChanges {
  private next = 1;

  /** With `authorLabels` (for the PDF, where no reviewing pane names them) each change is followed by its author's name. */
  constructor(private readonly authorLabels = false) {}

  private change(suggestion: RunSuggestion) {
    return {
      id: this.next++,
      author: suggestion.userName?.trim() || UNKNOWN_AUTHOR,
      // Whole seconds, as Word writes w:date.
      date: suggestion.createdAt.replace(/\.\d+Z$/, 'Z'),
    };
  }

  /** A hard break is a Word line break; every mark is a run property. */
  runs(inline: readonly InlineRun[]): ParagraphChild[] {
    return inline.flatMap((run, index) => {
      const children = run.text.split('\n').map((line, part) => this.run(run, { text: line, break: part > 0 ? 1 : undefined }));
      if (!this.authorLabels || !run.suggestions?.length) return children;
      // Once per suggestion, after its last piece in the paragraph.
      const next = inline[index + 1];
      const ending = run.suggestions.filter((suggestion) => !next?.suggestions?.some((other) => other.id === suggestion.id));
      const authors = [...new Set(ending.map((suggestion) => suggestion.userName?.trim() || UNKNOWN_AUTHOR))];
      if (authors.length) children.push(new TextRun({ text: `[${authors.join(', ')}]`, size: 14, color: '555555', superScript: true }));
      return children;
    });
  }

  private run(run: InlineRun, text: { text: string; break?: number }): ParagraphChild {
    if (!run.suggestions?.length) return new TextRun({ ...text, ...runProperties(run) });
    const formatChange = suggestionOf(run, 'formatChange');
    let options: IRunOptions = { ...text, ...runProperties(run) };
    if (formatChange) {
      const proposed: InlineRun = { ...run };
      for (const mark of formatChange.add ?? []) proposed[mark] = true;
      for (const mark of formatChange.remove ?? []) delete proposed[mark];
      // Word wants a w:rPr in w:rPrChange even when the run had no formatting: the language (the
      // document's own) is always there, on both sides, so it is no change itself.
      const language = { language: { value: LANGUAGE } };
      options = {
        ...text,
        ...runProperties(proposed),
        ...language,
        revision: { ...this.change(formatChange), ...runProperties(run), ...language },
      };
    }
    const deletion = suggestionOf(run, 'deletion');
    const insertion = suggestionOf(run, 'insertion');
    // Text one person proposed and another proposes to delete: a w:del inside a w:ins, as Word writes it.
    if (deletion && insertion) {
      const inserted = this.change(insertion);
      return new InsertedThenDeleted(inserted, new DeletedTextRun({ ...options, ...this.change(deletion) })) as unknown as ParagraphChild;
    }
    if (deletion) return new DeletedTextRun({ ...options, ...this.change(deletion) });
    if (insertion) return new InsertedTextRun({ ...options, ...this.change(insertion) });
    return new TextRun(options);
  }
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

type Body = Paragraph | Table;

/**
 * Lists become Word numbering: depth is the numbering level, and every list (each sub-list too)
 * gets its own numbering instance, so each numbered list starts again at its first number.
 */
class BodyWriter {
  private instances = 0;
  /** The numbering of the list open at each depth. */
  private open: Array<{ reference: string; instance: number }> = [];
  /** The first numbers of ordered lists that do not start at 1; each is a numbering of its own. */
  readonly starts = new Set<number>();
  private readonly changes: TrackedChanges;

  constructor(options: RenderOptions) {
    this.changes = new TrackedChanges(options.authorLabels);
  }

  blocks(blocks: readonly Block[], style?: string): Body[] {
    const body: Body[] = [];
    for (const block of blocks) {
      if (block.kind !== 'list') this.open = [];
      body.push(...this.block(block, style));
    }
    this.open = [];
    return body;
  }

  private block(block: Block, style?: string): Body[] {
    switch (block.kind) {
      case 'paragraph':
        return [new Paragraph({ style, spacing: { after: 160 }, children: this.changes.runs(block.runs) })];
      case 'heading':
        return [new Paragraph({ heading: SUB_HEADINGS[clampHeadingLevel(block.level)], children: this.changes.runs(block.runs) })];
      case 'list': {
        const depth = Math.min(LIST_LEVELS - 1, Math.max(0, Math.min(block.depth ?? 0, this.open.length)));
        let numbering = this.open[depth];
        if (!block.continues || numbering === undefined) {
          const start = block.ordered ? Math.trunc(block.start ?? 1) : 1;
          if (start !== 1) this.starts.add(start);
          numbering = {
            reference: !block.ordered ? BULLET_LIST : start === 1 ? ORDERED_LIST : orderedFrom(start),
            instance: ++this.instances,
          };
        }
        this.open = [...this.open.slice(0, depth), numbering];
        const { reference, instance } = numbering;
        return block.items.map(
          (item) =>
            new Paragraph({
              style,
              numbering: { reference, level: depth, instance },
              spacing: { after: 80 },
              children: this.changes.runs(item),
            }),
        );
      }
      case 'quote':
        return this.blocks(block.blocks, DOCX_STYLES.quote);
      case 'code':
        return block.text.split('\n').map((line) => new Paragraph({ style: DOCX_STYLES.code, children: [new TextRun(line)] }));
      case 'divider':
        return [new Paragraph({ style: DOCX_STYLES.divider, children: [] })];
      case 'table':
        return [this.table(block.rows)];
    }
  }

  /** A real Word table: header rows repeat on every page, spans are Word's own. */
  private table(rows: readonly RowBlock[]): Table {
    const columns = Math.max(1, tableGrid(rows)[0]?.length ?? 1);
    const span = (value: number | undefined) => Math.min(MAX_TABLE_SPAN, Math.max(1, Math.trunc(value ?? 1)));
    let headRows = 0;
    while (headRows < rows.length && rows[headRows]!.cells.length > 0 && rows[headRows]!.cells.every((cell) => cell.header)) headRows++;
    const kept = rows.filter((row) => row.cells.length > 0);
    return new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => Math.floor(TEXT_WIDTH / columns)),
      rows: kept.map(
        (row, index) =>
          new TableRow({
            // Word reads any tblHeader element as a header row, so a body row carries none.
            tableHeader: index < headRows ? true : undefined,
            children: row.cells.map((cell) => {
              const content = this.blocks(cell.blocks);
              const children = content.length ? content : [new Paragraph({ children: [] })];
              // A header cell outside a header row is bold, as Word users mark one.
              const bold = cell.header && index >= headRows;
              return new TableCell({
                columnSpan: span(cell.colspan) > 1 ? span(cell.colspan) : undefined,
                rowSpan: span(cell.rowspan) > 1 ? span(cell.rowspan) : undefined,
                shading: cell.header ? { fill: 'EEEEEE' } : undefined,
                children: bold ? boldCopy(cell.blocks, this) : children,
              });
            }),
          }),
      ),
    });
  }
}

function boldCopy(blocks: readonly Block[], writer: BodyWriter): Body[] {
  const bolden = (inline: InlineRun[]) => inline.map((run) => ({ ...run, bold: true }));
  const copy = blocks.map((block): Block =>
    block.kind === 'paragraph' || block.kind === 'heading' ? { ...block, runs: bolden(block.runs) } : block,
  );
  const body = writer.blocks(copy);
  return body.length ? body : [new Paragraph({ children: [] })];
}

function orderedFrom(start: number): string {
  return `${ORDERED_LIST}-${start}`;
}

function listLevels(format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string, start = 1): ILevelsOptions[] {
  return Array.from({ length: LIST_LEVELS }, (_, level) => ({
    level,
    format,
    start,
    text: text(level),
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 567 * (level + 1), hanging: 397 } } },
  }));
}

/** Name over title in one paragraph (a line break between them), so the two stay together. */
function signatoryParagraph(signatory: Signatory, options: { before?: number; keepNext?: boolean } = {}): Paragraph {
  const children = [new TextRun(signatory.name)];
  if (signatory.title) children.push(new TextRun({ text: signatory.title, break: 1 }));
  return new Paragraph({
    spacing: options.before ? { before: options.before } : undefined,
    keepLines: true,
    keepNext: options.keepNext,
    children,
  });
}

function signatureParagraphs(label: string, signatories: readonly Signatory[], keepWithNext: boolean): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 360 }, keepNext: true, children: [new TextRun({ text: label, bold: true })] }),
    ...signatories.flatMap((signatory, index) => [
      // The dotted line is a border, not dots, so it prints as one clean line to sign on.
      new Paragraph({
        spacing: { before: 480 },
        keepNext: true,
        border: { bottom: { style: BorderStyle.DOTTED, size: 6, color: '000000', space: 1 } },
        indent: { right: 5000 },
        children: [],
      }),
      signatoryParagraph(signatory, { keepNext: keepWithNext || index < signatories.length - 1 }),
    ]),
  ];
}

function sectionBody(section: LayoutSection, writer: BodyWriter): Body[] {
  const heading = new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.title)] });
  if (!section.signatories) return [heading, ...writer.blocks(section.blocks)];
  const last = section.signatories.length - 1;
  return [
    heading,
    ...section.signatories.map((signatory, index) =>
      signatoryParagraph(signatory, { before: index === 0 ? 0 : 240, keepNext: index < last }),
    ),
  ];
}

const pageNumber = (): ParagraphChild => new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], size: 18 });

/** A line with text at the left margin and the page number at the right one. */
function lineWithPageNumber(left: TextRun[], options: { border?: boolean } = {}): Paragraph {
  return new Paragraph({
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
    border: options.border ? { bottom: { style: BorderStyle.SINGLE, size: 4, color: '888888', space: 4 } } : undefined,
    spacing: { after: options.border ? 240 : 0 },
    children: [...left, new TextRun({ text: '\t', size: 18 }), pageNumber()],
  });
}

/**
 * The first page's header is the letterhead; later pages name the organisation, the type and
 * the diarienummer, so a loose page can be put back where it belongs.
 */
function pageHeaders(layout: DocumentLayout): { first: Header; default: Header } {
  const { organisation, forvaltning, logo } = layout.letterhead;
  const placed = placeLogo(logo);
  const first: Paragraph[] = [];
  if (placed) {
    first.push(
      new Paragraph({
        spacing: { after: 120 },
        children: [
          new ImageRun({
            type: placed.type,
            data: placed.data,
            transformation: { width: placed.width, height: placed.height },
            altText: { name: 'Logotyp', title: organisation, description: logoDescription(organisation) },
          }),
        ],
      }),
    );
  }
  first.push(lineWithPageNumber([new TextRun({ text: organisation, bold: true, font: 'Arial', size: 24 })]));
  if (forvaltning)
    first.push(new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: forvaltning, font: 'Arial', size: 20 })] }));
  const running = [organisation, layout.typeLabel, layout.diarienummer].filter((part): part is string => !!part).join(' · ');
  return {
    first: new Header({ children: first }),
    default: new Header({ children: [lineWithPageNumber([new TextRun({ text: running, font: 'Arial', size: 18 })], { border: true })] }),
  };
}

/** The signature blocks stay on one page together, so no page holds a lone line to sign on. */
function signatures(layout: DocumentLayout): Paragraph[] {
  const last = layout.signatures.length - 1;
  return layout.signatures.flatMap((signature, index) => signatureParagraphs(signature.label, signature.signatories, index < last));
}

export interface RenderOptions {
  /** Name the author after each suggestion as text (for a PDF made from the file). */
  authorLabels?: boolean;
}

export async function renderDocx(layout: DocumentLayout, options: RenderOptions = {}): Promise<Buffer> {
  const writer = new BodyWriter(options);
  const children: Body[] = [
    ...layout.header.flatMap(fieldParagraphs),
    new Paragraph({ spacing: { before: 360, after: 120 }, children: [new TextRun({ text: layout.typeLabel, bold: true, size: 28 })] }),
    ...layout.addressee.flatMap(fieldParagraphs),
    new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 360 }, children: [new TextRun(layout.title)] }),
  ];
  if (layout.titleDiarienummer) children.push(plain(layout.titleDiarienummer));
  if (layout.opening) children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun(layout.opening)] }));
  layout.sections.forEach((section, index) => {
    if (index === layout.signaturesAfter) children.push(...signatures(layout));
    children.push(...sectionBody(section, writer));
  });
  if (layout.signaturesAfter >= layout.sections.length) children.push(...signatures(layout));
  for (const line of layout.closingLines) children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun(line)] }));

  const author = layout.author ?? layout.letterhead.organisation;
  const document = new Document({
    creator: author,
    lastModifiedBy: author,
    title: layout.title,
    description: layout.typeLabel,
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: 24, language: { value: LANGUAGE } } },
        heading1: { run: { font: 'Arial', size: 30, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: 'Arial', size: 26, bold: true }, paragraph: { spacing: { before: 320, after: 120 }, keepNext: true } },
        heading3: { run: { font: 'Arial', size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
      },
      paragraphStyles: [
        {
          id: DOCX_STYLES.quote,
          name: DOCX_STYLES.quote,
          basedOn: 'Normal',
          run: { italics: true },
          paragraph: { indent: { left: 567 }, spacing: { after: 160 } },
        },
        {
          id: DOCX_STYLES.code,
          name: DOCX_STYLES.code,
          basedOn: 'Normal',
          run: { font: 'Courier New', size: 20 },
          paragraph: { spacing: { after: 0 } },
        },
        {
          id: DOCX_STYLES.divider,
          name: DOCX_STYLES.divider,
          basedOn: 'Normal',
          paragraph: { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '888888', space: 1 } }, spacing: { after: 240 } },
        },
      ],
      characterStyles: [
        { id: DOCX_STYLES.codeRun, name: DOCX_STYLES.codeRun, basedOn: 'DefaultParagraphFont', run: { font: 'Courier New' } },
      ],
    },
    numbering: {
      config: [
        { reference: ORDERED_LIST, levels: listLevels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
        { reference: BULLET_LIST, levels: listLevels(LevelFormat.BULLET, (level) => (level % 2 === 0 ? '–' : '•')) },
        ...[...writer.starts].map((start) => ({
          reference: orderedFrom(start),
          levels: listLevels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`, start),
        })),
      ],
    },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGIN }, titlePage: true },
        headers: pageHeaders(layout),
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
