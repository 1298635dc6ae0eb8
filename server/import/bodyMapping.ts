/**
 * The body: each block goes to the section whose heading came last (matched against the
 * template's titles and aliases and the importer's vocabulary), laid out the way that section's
 * content kind expects, each line of a list an item of its own. Signatures, labelled or not, go to
 * the signature fields or section; closing lines become announced bilagor, never body text.
 */
import { blockText, mergeRuns, runsText, type Block, type InlineRun } from '../../shared/doc/blocks';
import { clampHeadingLevel, DEFAULT_HEADING_LEVEL } from '../../shared/model/schema';
import {
  formatPerson,
  mainSection,
  parsePersonWithParty,
  type AnnouncedBilaga,
  type ClosingLineWording,
  type DocumentType,
  type FieldSpec,
  type FieldValue,
  type Person,
  type SectionSpec,
} from '../../shared/model';
import { MAX_CLOSING_LINE_LINES, readClosingLine } from './closingLineReader';
import { openingLineValue } from './headerFields';
import { quote, type ReportCollector } from './importReport';
import { appendLine, appendRuns, isWrappedLine, paragraphAt } from './lineStructure';
import { fileSignature } from './signatureFiling';
import { readSignature } from './signatures';
import { headingKey, sourceText, type LineBreak, type SourceBlock, type SourceFootnote } from './sourceBlocks';
import { matchSection } from './typeDetection';
import { headerLabels, isGreeting, isMainSectionHeading, signatureSection } from './vocabulary';

export interface MappedBody {
  sections: Record<string, Block[]>;
  fields: Record<string, FieldValue>;
  bilagor: AnnouncedBilaga[];
}

/** A footnote reference at the end of a line ("…har ökat.[1]") is not the line's last character. */
const TRAILING_NOTE_REFERENCE = /\[\d{1,4}\]$/;

/**
 * A line standing alone without punctuation ("Förvaltningens överväganden") is a sub-heading in
 * a plain-text file; amounts ("Behov av tillskott: 5 625 000 SEK") and dates are not. A line that
 * goes on from the line before is never one; the first line of several is one only when short and
 * followed by a line of text rather than by its own wrapped rest.
 */
function looksLikeHeading(block: SourceBlock, next: SourceBlock | undefined, continuesText: boolean): boolean {
  if (block.kind !== 'paragraph' || continuesText) return false;
  const text = sourceText(block).replace(TRAILING_NOTE_REFERENCE, '');
  if (isGreeting(headingKey(text))) return false;
  const allBold = block.runs.every((run) => run.bold || !run.text.trim());
  if (!text || text.length > (allBold ? 120 : 90) || /[.!?:;,]$/.test(text) || /[@:]/.test(text)) return false;
  if (!/^\p{Lu}/u.test(text) || /\d$/.test(text)) return false;
  if (next?.kind === 'paragraph' && next.continues) {
    const nextText = sourceText(next);
    const wrapped = next.continues === 'wrap' && isWrappedLine(text, nextText);
    if (wrapped || text.length > 50 || (nextText.length < 40 && !/[.!?]$/.test(nextText))) return false;
  }
  return allBold || text.split(' ').length <= 12;
}

/** A real heading keeps its formatting; a paragraph taken for one keeps its text (its bold made it a heading). */
function headingRuns(block: Block): InlineRun[] {
  if (block.kind !== 'heading') return [{ text: sourceText(block) }];
  const runs = mergeRuns(block.runs.map((run) => ({ ...run, text: run.text.replace(/\s+/g, ' ') })));
  if (runs[0]) runs[0].text = runs[0].text.trimStart();
  const last = runs[runs.length - 1];
  if (last) last.text = last.text.trimEnd();
  return runs.filter((run) => run.text !== '');
}

/** Adds a block to a section in the shape its content kind calls for; the block it went into. */
function place(section: Block[], spec: SectionSpec, block: Block): Block {
  const last = section[section.length - 1];
  // A sub-list (or the rest of a list after one) keeps its place in the list before it.
  if (block.kind === 'list' && (block.depth || block.continues) && last?.kind === 'list') {
    section.push(block);
    return block;
  }
  if (spec.content === 'list' && (block.kind === 'paragraph' || block.kind === 'list')) {
    const items = block.kind === 'list' ? block.items : [block.runs];
    if (last?.kind === 'list') {
      last.items.push(...items);
      return last;
    }
    const list: Block = { kind: 'list', ordered: false, items: [...items] };
    section.push(list);
    return list;
  }
  if (spec.content === 'beslutspunkter' && block.kind === 'list') {
    if (last?.kind === 'list') {
      last.items.push(...block.items);
      return last;
    }
    const list: Block = { kind: 'list', ordered: true, items: [...block.items] };
    section.push(list);
    return list;
  }
  section.push(block);
  return block;
}

/**
 * A line that went on from the line before, added where that line went: in a list each line is
 * an item of its own (a line starting in lower case finishes the item before); in text it joins
 * the paragraph, after a space if it was wrapped, else after a line break.
 */
function placeLine(target: Block, line: InlineRun[], before: string, how: LineBreak, lines: number): void {
  if (target.kind === 'list') {
    const lastItem = target.items[target.items.length - 1];
    if (lastItem && /^\p{Ll}/u.test(runsText(line))) appendRuns(lastItem, [{ text: ' ' }, ...line]);
    else target.items.push(line.map((run) => ({ ...run })));
  } else if (target.kind === 'paragraph') {
    // A stacked block (an address, names) is a few lines; a paragraph of hundreds is text, wrapped short.
    appendLine(target.runs, line, before, lines < MAX_STACKED_LINES ? how : 'wrap-always');
  }
}

/** The most lines a paragraph keeps as lines (with line breaks); past them its lines join with spaces. */
const MAX_STACKED_LINES = 50;

/** A paragraph as a document holds it, without the reader's note of how it followed the line before. */
function asBlock(block: SourceBlock): Block | undefined {
  if (block.kind === 'rule' || block.kind === 'footnote') return undefined;
  if (block.kind === 'paragraph') return { kind: 'paragraph', runs: block.runs };
  if (block.kind === 'heading') return { kind: 'paragraph', runs: block.runs };
  return block;
}

export function mapBody(
  blocks: readonly SourceBlock[],
  type: DocumentType,
  report: ReportCollector,
  closingWording?: ClosingLineWording,
): MappedBody {
  const main = mainSection(type);
  const sections: Record<string, Block[]> = Object.fromEntries(type.sections.map((spec) => [spec.key, []]));
  const fields: Record<string, FieldValue> = {};
  const bilagor: AnnouncedBilaga[] = [];
  const signatures = headerLabels(type, ['signature']);
  const signatureList = signatureSection(type);
  let current = main;
  let seenSection = false;
  /** Where the line before went, so that the next line of the same paragraph can follow it. */
  let lastLine: Block | undefined;
  /** How many lines have gone into it. */
  let linesInLast = 0;

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const previousLine = lastLine;
    lastLine = undefined;
    if (block.kind === 'rule') continue;
    if (block.kind === 'footnote') {
      placeNote(sections, type, current, block, report);
      continue;
    }
    const text = sourceText(block);
    if (!text && block.kind !== 'divider') continue;

    const section = matchSection(type, block);
    if (section) {
      if (seenSection && current.key === section.key) {
        report.add('section', `Rubriken ${quote(text)} hör till avsnittet ${section.title}, där texten före den redan låg.`, {
          section: section.key,
        });
        continue;
      }
      const repeated = seenSection && sections[section.key]!.length > 0;
      report.add(
        'section',
        `Rubriken ${quote(text)} blev avsnittet ${section.title}${repeated ? ' (avsnittet fanns redan; texten lades till sist i det)' : ''}.`,
        { section: section.key },
      );
      current = section;
      seenSection = true;
      continue;
    }

    const signature = signatures.get(headingKey(text));
    if (signature) {
      const { persons, next } = readSignatories(blocks, index + 1, signature, signatures);
      if (persons.length) {
        // A label in other words than the field's ("Förvaltningschef" for Förvaltningsdirektör) is the signatory's title.
        const otherWords = headingKey(text) !== headingKey(signature.label);
        if (otherWords && signature.kind === 'person') persons[0]!.title ??= text;
        fields[signature.key] = signature.kind === 'persons' ? persons : persons[0]!;
        report.add(
          'signature',
          `${signature.label}: ${persons.map((person) => person.name).join(', ')}${otherWords ? ` (under rubriken ${quote(text)})` : ''}.`,
          { field: signature.key },
        );
      }
      index = next - 1;
      continue;
    }

    // A closing line may be wrapped over two lines: the whole paragraph from here is read.
    const paragraph =
      block.kind === 'paragraph' && !(block.continues && previousLine) ? paragraphAt(blocks, index, MAX_CLOSING_LINE_LINES) : undefined;
    const bilaga = paragraph ? readClosingLine(paragraph.text, closingWording) : undefined;
    if (bilaga) {
      index = paragraph!.next - 1;
      bilagor.push(bilaga);
      const what = bilaga.type === 'reservation' ? 'en reservation' : 'ett särskilt yttrande';
      report.add(
        'bilaga',
        `Slutraden om ${what} från ${bilaga.persons.map(formatPerson).join(', ')} lästes som en aviserad bilaga; när bilagan är skapad skriver Yttra raden själv.`,
      );
      continue;
    }

    const opening = openingLineValue(type, text);
    if (opening && type.openingLine) {
      const field = type.fields.find((spec) => spec.key === type.openingLine!.field);
      fields[type.openingLine.field] = opening;
      // The export writes the line again from the field; the report says where it went.
      report.add('field', `${field?.label ?? type.openingLine.field}: ${quote(opening)} (ur inledningsraden ${quote(text, 400)}).`, {
        field: type.openingLine.field,
      });
      continue;
    }

    // In the signature section itself its lines are its items, as written.
    const signed = current === signatureList ? undefined : readSignature(blocks, index);
    if (signed) {
      fileSignature(signed, { type, current, sections, fields, report });
      index = signed.next - 1;
      continue;
    }

    // A line that goes on from text placed just before it (not from a heading) is part of that text.
    const continuesText = block.kind === 'paragraph' && block.continues !== undefined && previousLine !== undefined;
    const heading = block.kind === 'heading' || looksLikeHeading(block, blocks[index + 1], continuesText);
    if (heading && current !== main && main.content === 'prose' && isMainSectionHeading(headingKey(text))) {
      report.add('section', `Rubriken ${quote(text)} hör till ${main.title}; den och texten under den lades där som underrubrik.`, {
        section: main.key,
      });
      current = main;
      seenSection = true;
    } else if (block.kind === 'heading' && current.content !== 'prose') {
      report.add(
        'unplaced',
        `Rubriken ${quote(text)} hör inte till någon av mallens rubriker; den och texten under den lades i ${main.title}.`,
        { section: main.key },
      );
      current = main;
    } else if (!seenSection) {
      report.add('unplaced', `Texten ${quote(text, 400)} före första avsnittet kändes inte igen och lades i ${main.title}.`, {
        section: main.key,
      });
    }

    if (continuesText && previousLine) {
      placeLine(previousLine, block.runs, sourceText(blocks[index - 1]!), block.continues!, ++linesInLast);
      lastLine = previousLine;
      continue;
    }

    if (current.content === 'prose' && heading) {
      sections[current.key]!.push({
        kind: 'heading',
        level: block.kind === 'heading' ? clampHeadingLevel(block.level) : DEFAULT_HEADING_LEVEL,
        runs: headingRuns(block as Block),
      });
      report.add('subheading', `Underrubriken ${quote(text)} lades i avsnittet ${current.title}.`, { section: current.key });
      continue;
    }
    // A copy: the lines after it are appended to the placed paragraph in place.
    const placed = place(sections[current.key]!, current, structuredClone(asBlock(block)!));
    if (placed.kind === 'paragraph' || placed.kind === 'list') {
      lastLine = placed;
      linesInLast = 0;
    }
  }
  return { sections, fields, bilagor };
}

/**
 * A footnote goes to the end of the section whose text refers to it ("[2]"), as a paragraph that
 * starts with its number; without a reference, to the section being filled.
 */
function placeNote(
  sections: Record<string, Block[]>,
  type: DocumentType,
  current: SectionSpec,
  note: SourceFootnote,
  report: ReportCollector,
): void {
  const reference = `[${note.number}]`;
  const target = type.sections.find((spec) => sections[spec.key]!.some((block) => blockText(block).includes(reference))) ?? current;
  sections[target.key]!.push({ kind: 'paragraph', runs: mergeRuns([{ text: `${reference} ` }, ...note.runs]) });
  report.add('warning', `Fotnot ${note.number} lades som text sist i avsnittet ${target.title}.`, { section: target.key });
}

/** Names between dotted signature lines after a label such as "Ordförande". */
function readSignatories(
  blocks: readonly SourceBlock[],
  start: number,
  spec: FieldSpec,
  labels: ReadonlyMap<string, FieldSpec>,
): { persons: Person[]; next: number } {
  const persons: Person[] = [];
  let index = start;
  for (; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.kind === 'rule') continue;
    const text = sourceText(block);
    const isName =
      block.kind === 'paragraph' && text.length <= 80 && !/[.!?:]$/.test(text) && !labels.has(headingKey(text)) && !readClosingLine(text);
    if (!isName || (spec.kind === 'person' && persons.length === 1)) break;
    persons.push(parsePersonWithParty(text));
  }
  return { persons, next: index };
}
