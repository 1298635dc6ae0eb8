/**
 * The import dialog's plan. The dry run proposes one (type, title, header fields and every block
 * of every section, numbered); the official corrects it (another type, another title, blocks moved
 * to other sections) and sends it back with the same file. The parse is deterministic, so a
 * block's number in the dry run names the same block when the file is parsed again at create.
 *
 * Nothing is lost by a plan: a block moved is moved, never dropped; header values the chosen type
 * has no field for are kept as text under "Ej placerad text"; the report keeps every entry about
 * unplaced text and says what the plan changed.
 */
import { z } from 'zod';
import { blockText, type Block, type BlockKind } from '../../shared/doc/blocks';
import {
  DOCUMENT_TYPE_KEYS,
  formatPerson,
  isDocumentTypeKey,
  mainSection,
  templates,
  type DocumentType,
  type DocumentTypeKey,
  type FieldValue,
  type SectionSpec,
} from '../../shared/model';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import { ValidationError } from '../errors';
import { quote, type ImportReportEntry } from './importReport';
import type { ParsedDocument } from './parseDocument';
import { UNPLACED_HEADING } from './unplacedText';

/** The request header that carries a plan: ASCII JSON (other characters as \u escapes). */
export const IMPORT_PLAN_HEADER = 'x-yttra-import-plan';
/** Bounds that keep a plan well within the request header size the server accepts (16 KiB in all). */
export const MAX_PLAN_MOVES = 150;
export const MAX_PLAN_TITLE_LENGTH = 300;
export const MAX_PLAN_BYTES = 10 * 1024;

export interface ImportPlan {
  type?: DocumentTypeKey;
  title?: string;
  /** Blocks (by their number in the dry run) and the section of the chosen type each goes to. */
  moves?: Array<{ block: number; section: string }>;
}

export interface PlanBlock {
  index: number;
  kind: BlockKind;
  preview: string;
  /** Under "Ej placerad text": the importer could not place it. */
  unplaced: boolean;
}

/** What the dialog offers for one type: its sections, its header fields, and where each block goes if it is chosen. */
export interface PlanType {
  key: DocumentTypeKey;
  label: string;
  sections: Array<{ key: string; title: string }>;
  fields: Array<{ key: string; label: string }>;
  /** `proposed[i]` is the section block i goes to in this type unless the official moves it. */
  proposed: string[];
  /** The parsed header fields this type has no field for: kept as text under "Ej placerad text". */
  unplacedFields: string[];
}

export interface ProposedPlan {
  type: DocumentTypeKey;
  title: string;
  fields: Record<string, FieldValue>;
  /** The detected type's sections in order, each with its blocks in order. */
  sections: Array<{ key: string; title: string; blocks: PlanBlock[] }>;
  types: PlanType[];
  limits: { maxMoves: number; maxTitleLength: number };
}

interface NumberedBlock {
  block: Block;
  section: SectionSpec;
  unplaced: boolean;
}

/**
 * The parsed document's blocks, numbered section by section in the type's order and in source
 * order within a section. A section the type does not know (none today) counts as its main one,
 * so that no block goes without a number.
 */
function numberedBlocks(parsed: ParsedDocument, type: DocumentType): NumberedBlock[] {
  const numbered: NumberedBlock[] = [];
  const known = new Set(type.sections.map((spec) => spec.key));
  const add = (spec: SectionSpec, blocks: readonly Block[]) => {
    let unplacedLevel: number | undefined;
    for (const block of blocks) {
      if (block.kind === 'heading') {
        if (blockText(block).trim() === UNPLACED_HEADING) unplacedLevel = block.level;
        else if (unplacedLevel !== undefined && block.level <= unplacedLevel) unplacedLevel = undefined;
      }
      numbered.push({ block, section: spec, unplaced: unplacedLevel !== undefined });
    }
  };
  for (const spec of type.sections) add(spec, parsed.sections[spec.key] ?? []);
  for (const [key, blocks] of Object.entries(parsed.sections)) if (!known.has(key)) add(mainSection(type), blocks);
  return numbered;
}

function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Where a block of `from` goes in another type: the section with the same key, else one with the
 * same title or alias, else the main section. Unplaced text stays last, in the last section.
 */
function remapSection(from: SectionSpec, unplaced: boolean, to: DocumentType): SectionSpec {
  if (unplaced) return to.sections.at(-1) ?? mainSection(to);
  const sameKey = to.sections.find((spec) => spec.key === from.key);
  if (sameKey) return sameKey;
  const names = new Set([from.title, ...(from.aliases ?? [])].map(nameKey));
  return to.sections.find((spec) => [spec.title, ...(spec.aliases ?? [])].some((name) => names.has(nameKey(name)))) ?? mainSection(to);
}

function preview(block: Block): string {
  if (block.kind === 'divider') return '(avdelare)';
  const text = blockText(block).replace(/\s+/g, ' ').trim();
  const cut = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  if (block.kind === 'list' && block.items.length > 1) return `${cut} (${block.items.length} punkter)`;
  return cut;
}

/** The dry run's proposal, numbering every block of the parsed document. */
export function proposePlan(parsed: ParsedDocument): ProposedPlan {
  const types = typesOf(parsed);
  const detected = typeOf(parsed.type, types);
  const numbered = numberedBlocks(parsed, detected);
  const sections = detected.sections.map((spec) => ({ key: spec.key, title: spec.title, blocks: [] as PlanBlock[] }));
  numbered.forEach(({ block, section, unplaced }, index) => {
    sections
      .find((candidate) => candidate.key === section.key)!
      .blocks.push({ index, kind: block.kind, preview: preview(block), unplaced });
  });
  return {
    type: parsed.type,
    title: parsed.title,
    fields: parsed.fields,
    sections,
    types: types.map((type) => ({
      key: type.key,
      label: type.label,
      sections: type.sections.map((spec) => ({ key: spec.key, title: spec.title })),
      fields: type.fields.map((spec) => ({ key: spec.key, label: spec.label })),
      proposed: numbered.map(({ section, unplaced }) => (type.key === detected.key ? section : remapSection(section, unplaced, type)).key),
      unplacedFields: Object.entries(parsed.fields)
        .filter(([key, value]) => fieldText(value).trim() && !fieldTarget(key, detected, type))
        .map(([key]) => key),
    })),
    limits: { maxMoves: MAX_PLAN_MOVES, maxTitleLength: MAX_PLAN_TITLE_LENGTH },
  };
}

/** The document types of the template pack version the file was read into: those the document can be made as. */
function typesOf(parsed: ParsedDocument): readonly DocumentType[] {
  return templates.pack(parsed.template).documentTypes;
}

function typeOf(key: string, types: readonly DocumentType[]): DocumentType {
  const type = types.find((candidate) => candidate.key === key);
  if (!type) {
    throw new ValidationError(
      `Dokumenttypen "${key}" finns inte i organisationens mallar. Välj en av ${types.map((candidate) => candidate.key).join(', ')}.`,
    );
  }
  return type;
}

// ---------------------------------------------------------------- reading and checking a plan

const planSchema = z.strictObject({
  type: z.string().refine(isDocumentTypeKey).optional(),
  title: z.string().max(MAX_PLAN_TITLE_LENGTH).optional(),
  moves: z
    .array(z.strictObject({ block: z.number().int().nonnegative(), section: z.string().max(100) }))
    .max(MAX_PLAN_MOVES)
    .optional(),
});

/** The first thing wrong with a plan, as a sentence saying what to fix. */
function schemaProblem(issue: z.core.$ZodIssue): string {
  const [first, second, third] = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const where = first === 'moves' ? 'En flytt i importplanen' : 'Importplanen';
    const allowed = first === 'moves' ? 'block och section' : 'type, title och moves';
    return `${where} har okända fält (${issue.keys.join(', ')}). Tillåtna fält är ${allowed}.`;
  }
  if (first === 'type') return `Importplanens dokumenttyp är okänd. Välj en av ${DOCUMENT_TYPE_KEYS.join(', ')}.`;
  if (first === 'title') {
    return issue.code === 'too_big'
      ? `Titeln i importplanen får vara högst ${MAX_PLAN_TITLE_LENGTH} tecken. Korta den och försök igen.`
      : 'Titeln i importplanen ska vara en text.';
  }
  if (first === 'moves' && second === undefined) {
    return issue.code === 'too_big'
      ? `Importplanen flyttar för många block (högst ${MAX_PLAN_MOVES}). Skapa dokumentet och flytta resten i editorn.`
      : 'Importplanens moves ska vara en lista av { "block": nummer, "section": avsnitt }.';
  }
  if (first === 'moves' && third === 'block')
    return `Flytt nummer ${Number(second) + 1} i importplanen ska ange blocket med ett heltal från 0.`;
  if (first === 'moves' && third === 'section')
    return `Flytt nummer ${Number(second) + 1} i importplanen ska ange avsnittet med dess nyckel.`;
  if (first === 'moves') return `Flytt nummer ${Number(second) + 1} i importplanen ska se ut som { "block": 3, "section": "arendet" }.`;
  return 'Importplanen ska vara ett objekt med fälten type, title och moves.';
}

/**
 * The plan a request carries in its header, checked for shape (not yet against the file), or
 * undefined when it carries none. Refused before the file is parsed, so a bad plan costs nothing.
 */
export function readPlanHeader(value: string | string[] | undefined): ImportPlan | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new ValidationError('Skicka importplanen bara en gång.');
  if (value.length > MAX_PLAN_BYTES) {
    throw new ValidationError(`Importplanen är för stor (högst ${MAX_PLAN_BYTES / 1024} kB). Flytta färre block och försök igen.`);
  }
  if (/[^\x20-\x7e]/.test(value)) {
    throw new ValidationError('Importplanen ska vara JSON med bara ASCII-tecken; skriv andra tecken som \\u-koder.');
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new ValidationError('Importplanen är inte giltig JSON.');
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError(schemaProblem(parsed.error.issues[0]!));
  const plan = parsed.data as ImportPlan;
  if (plan.title !== undefined) {
    if (!plan.title.trim()) throw new ValidationError('Titeln i importplanen är tom. Skriv en titel eller låt bli att ange den.');
    if (hasForbiddenNameCharacters(plan.title)) {
      throw new ValidationError('Titeln i importplanen innehåller styrtecken eller osynliga riktningstecken. Skriv den utan dem.');
    }
  }
  const seen = new Set<number>();
  for (const move of plan.moves ?? []) {
    if (seen.has(move.block))
      throw new ValidationError(`Block ${move.block} flyttas mer än en gång i importplanen. Ange varje block högst en gång.`);
    seen.add(move.block);
  }
  return plan;
}

// ---------------------------------------------------------------- applying a plan

const FIELDS_NOTE =
  'Uppgifterna nedan stod i filens sidhuvud men den valda dokumenttypen har inga fält för dem. Flytta dem dit de hör hemma och ta sedan bort rubriken.';

/** The field of `to` that a header value of `from` goes to: the same key, or the title field for the title. */
function fieldTarget(key: string, from: DocumentType, to: DocumentType): string | undefined {
  const target = key === from.titleFields.title ? to.titleFields.title : key;
  return to.fields.some((spec) => spec.key === target) ? target : undefined;
}

function fieldText(value: FieldValue): string {
  if (typeof value === 'string') return value;
  const persons = Array.isArray(value) ? value : [value];
  return persons.map((person) => [formatPerson(person), person.title, person.email].filter(Boolean).join(', ')).join('; ');
}

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
    const text = fieldText(value).trim();
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
