/**
 * Applying the official's plan to the parsed file at create: another type, another title, blocks
 * moved to other sections. Nothing is lost: a block moved is moved, never dropped; header values
 * the chosen type has no field for are kept as text under "Ej placerad text"; the report keeps
 * every entry about unplaced text and says what the plan changed.
 */
import { blockText, type Block } from '../../shared/doc/blocks';
import { fieldValueText, type DocumentType, type FieldValue, type SectionSpec } from '../../shared/model';
import { ValidationError } from '../errors';
import type { ImportPlan } from './importPlanHeader';
import { quote, type ImportReportEntry } from './importReport';
import type { ParsedDocument } from './parseDocument';
import { fieldTarget, numberedBlocks, preview, remapSection, typeOf, typesOf } from './planPlacement';
import { UNPLACED_HEADING } from './unplacedText';

const FIELDS_NOTE =
  'Uppgifterna nedan stod i filens sidhuvud men den valda dokumenttypen har inga fält för dem. Flytta dem dit de hör hemma och ta sedan bort rubriken.';

/**
 * The parsed document as the plan has it. Refuses (400, nothing applied) a move naming a block the
 * file does not have or a section the chosen type does not have.
 */
export function applyPlan(parsed: ParsedDocument, plan: ImportPlan): ParsedDocument {
  const types = typesOf(parsed);
  const from = typeOf(parsed.type, types);
  const to = plan.type ? typeOf(plan.type, types) : from;
  const numbered = numberedBlocks(parsed, from);
  const moves = new Map<number, SectionSpec>();
  for (const move of plan.moves ?? []) {
    if (move.block >= numbered.length) {
      throw new ValidationError(
        numbered.length === 0
          ? `Block ${move.block} finns inte; filen gav inga block att flytta.`
          : `Block ${move.block} finns inte; filen har block 0–${numbered.length - 1}. Gör en ny förhandsvisning av filen.`,
      );
    }
    const section = to.sections.find((spec) => spec.key === move.section);
    if (!section) {
      throw new ValidationError(
        `Avsnittet ${quote(move.section, 40)} finns inte i en ${to.label.toLowerCase()}. Välj ett av ${to.sections.map((spec) => spec.key).join(', ')}.`,
      );
    }
    moves.set(move.block, section);
  }

  const entries: ImportReportEntry[] = parsed.report.entries.filter((entry) => entry.kind !== 'emptySection');
  const sections: Record<string, Block[]> = Object.fromEntries(to.sections.map((spec) => [spec.key, []]));
  numbered.forEach(({ block, section, unplaced }, index) => {
    const proposed = to === from ? section : remapSection(section, unplaced, to);
    const target = moves.get(index) ?? proposed;
    sections[target.key]!.push(block);
    if (target.key !== proposed.key) {
      entries.push({
        kind: 'section',
        section: target.key,
        message: `Du flyttade ${quote(preview(block))} från ${proposed.title} till ${target.title}.`,
      });
    }
  });

  let fields = parsed.fields;
  if (to !== from) {
    entries.push({
      kind: 'type',
      message: `Du valde dokumenttypen ${to.label} i stället för ${from.label}; avsnitten fördes över efter namn.`,
    });
    fields = carryFields(parsed, from, to, sections, entries);
  }

  const title = plan.title?.trim() ?? (to !== from && parsed.title === from.label ? to.label : parsed.title);
  // The title field is what export prints as the heading, so it follows an explicit title.
  const titleField = to.fields.find((spec) => spec.key === to.titleFields.title);
  if (titleField && (plan.title !== undefined || (!fields[titleField.key] && title !== to.label))) {
    fields = { ...fields, [titleField.key]: title };
  }

  for (const spec of to.sections) {
    if (spec.required && sections[spec.key]!.length === 0) {
      entries.push({
        kind: 'emptySection',
        section: spec.key,
        message: `Avsnittet ${spec.title} är obligatoriskt men fick ingen text; fyll i det efter importen.`,
      });
    }
  }
  const reportType =
    to === from ? parsed.report.type : { key: to.key, label: to.label, reason: `Dokumenttypen är ${to.label} eftersom du valde den.` };
  return { ...parsed, type: to.key, title, fields, sections, report: { type: reportType, entries } };
}

/**
 * The header values of `from` that `to` has a field for (by key; the title field's value goes to
 * the new title field); the others as "Label: value" lines under "Ej placerad text" in the last
 * section, each named in the report.
 */
function carryFields(
  parsed: ParsedDocument,
  from: DocumentType,
  to: DocumentType,
  sections: Record<string, Block[]>,
  entries: ImportReportEntry[],
): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  const leftOver: Block[] = [];
  const last = to.sections.at(-1)!;
  for (const [key, value] of Object.entries(parsed.fields)) {
    const text = fieldValueText(value).trim();
    if (!text) continue;
    const targetKey = fieldTarget(key, from, to);
    if (targetKey && fields[targetKey] === undefined) {
      fields[targetKey] = value;
      continue;
    }
    const label = from.fields.find((spec) => spec.key === key)?.label ?? key;
    leftOver.push({ kind: 'paragraph', runs: [{ text: `${label}: ${text}` }] });
    entries.push({
      kind: 'unplaced',
      section: last.key,
      message: `${label} (${quote(text)}) har inget fält i en ${to.label.toLowerCase()}; uppgiften ligger under "${UNPLACED_HEADING}" sist i avsnittet ${last.title}.`,
    });
  }
  if (leftOver.length === 0) return fields;
  const target = sections[last.key]!;
  const lastHeading = target.findLast((block) => block.kind === 'heading');
  // Under the unplaced text already there, when that is what the section ends with.
  if (lastHeading && blockText(lastHeading).trim() === UNPLACED_HEADING) target.push(...leftOver);
  else {
    target.push(
      { kind: 'heading', level: 3, runs: [{ text: UNPLACED_HEADING }] },
      { kind: 'paragraph', runs: [{ text: FIELDS_NOTE, italic: true }] },
      ...leftOver,
    );
  }
  return fields;
}
