/**
 * The body: each block goes to the section whose heading came last (matched against the
 * template's titles and aliases), laid out the way that section's content kind expects. Signature
 * blocks fill the signature fields; closing lines become announced bilagor, never body text.
 */
import { blockText, mergeRuns, type Block, type InlineRun } from '../../shared/doc/blocks';
import { clampHeadingLevel, DEFAULT_HEADING_LEVEL } from '../../shared/model/schema';
import {
  formatPerson,
  mainSection,
  parseClosingLine,
  parsePersonWithParty,
  type AnnouncedBilaga,
  type DocumentType,
  type FieldSpec,
  type FieldValue,
  type Person,
  type SectionSpec,
} from '../../shared/model';
import { labelledFields, openingLineValue } from './headerFields';
import { quote, type ReportCollector } from './importReport';
import { headingKey, sourceText, type SourceBlock, type SourceFootnote } from './sourceBlocks';
import { matchSection } from './typeDetection';

export interface MappedBody {
  sections: Record<string, Block[]>;
  fields: Record<string, FieldValue>;
  bilagor: AnnouncedBilaga[];
}

/**
 * A line standing alone without punctuation ("Förvaltningens överväganden") is a sub-heading in
 * a plain-text file; amounts ("Behov av tillskott: 5 625 000 SEK") and dates are not.
 */
function looksLikeHeading(block: SourceBlock): boolean {
  if (block.kind !== 'paragraph') return false;
  const text = sourceText(block);
  const allBold = block.runs.every((run) => run.bold || !run.text.trim());
  if (!text || text.length > (allBold ? 120 : 90) || /[.!?:;,]$/.test(text) || /[@:]/.test(text)) return false;
  if (!/^\p{Lu}/u.test(text) || /\d$/.test(text)) return false;
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

/** Adds a block to a section in the shape its content kind calls for. */
function place(section: Block[], spec: SectionSpec, block: Block): void {
  const last = section[section.length - 1];
  // A sub-list (or the rest of a list after one) keeps its place in the list before it.
  if (block.kind === 'list' && (block.depth || block.continues) && last?.kind === 'list') {
    section.push(block);
    return;
  }
  if (spec.content === 'list' && (block.kind === 'paragraph' || block.kind === 'list')) {
    const items = block.kind === 'list' ? block.items : [block.runs];
    if (last?.kind === 'list') last.items.push(...items);
    else section.push({ kind: 'list', ordered: false, items: [...items] });
    return;
  }
  if (spec.content === 'beslutspunkter' && block.kind === 'list') {
    if (last?.kind === 'list') last.items.push(...block.items);
    else section.push({ kind: 'list', ordered: true, items: [...block.items] });
    return;
  }
  section.push(block);
}

export function mapBody(blocks: readonly SourceBlock[], type: DocumentType, report: ReportCollector): MappedBody {
  const main = mainSection(type);
  const sections: Record<string, Block[]> = Object.fromEntries(type.sections.map((spec) => [spec.key, []]));
  const fields: Record<string, FieldValue> = {};
  const bilagor: AnnouncedBilaga[] = [];
  const signatures = labelledFields(type, 'signature');
  let current = main;
  let seenSection = false;

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.kind === 'rule') continue;
    if (block.kind === 'footnote') {
      placeNote(sections, type, current, block, report);
      continue;
    }
    const text = sourceText(block);
    if (!text && block.kind !== 'divider') continue;

    const section = matchSection(type, block);
    if (section) {
      if (seenSection && current.key === section.key) continue;
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
        fields[signature.key] = signature.kind === 'persons' ? persons : persons[0]!;
        report.add('signature', `${signature.label}: ${persons.map((person) => person.name).join(', ')}.`, {
          field: signature.key,
        });
      }
      index = next - 1;
      continue;
    }

    const bilaga = block.kind === 'paragraph' ? parseClosingLine(text) : undefined;
    if (bilaga) {
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
      fields[type.openingLine.field] = opening;
      continue;
    }

    if (block.kind === 'heading' && current.content !== 'prose') {
      report.add(
        'unplaced',
        `Rubriken ${quote(text)} hör inte till någon av mallens rubriker; den och texten under den lades i ${main.title}.`,
        { section: main.key },
      );
      current = main;
    } else if (!seenSection) {
      report.add('unplaced', `Texten ${quote(text)} före första avsnittet kändes inte igen och lades i ${main.title}.`, {
        section: main.key,
      });
    }

    if (current.content === 'prose' && (block.kind === 'heading' || looksLikeHeading(block))) {
      sections[current.key]!.push({
        kind: 'heading',
        level: block.kind === 'heading' ? clampHeadingLevel(block.level) : DEFAULT_HEADING_LEVEL,
        runs: headingRuns(block),
      });
      report.add('subheading', `Underrubriken ${quote(text)} lades i avsnittet ${current.title}.`, { section: current.key });
      continue;
    }
    place(sections[current.key]!, current, block.kind === 'heading' ? { kind: 'paragraph', runs: block.runs } : block);
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
      block.kind === 'paragraph' && text.length <= 80 && !/[.!?:]$/.test(text) && !labels.has(headingKey(text)) && !parseClosingLine(text);
    if (!isName || (spec.kind === 'person' && persons.length === 1)) break;
    persons.push(parsePersonWithParty(text));
  }
  return { persons, next: index };
}
