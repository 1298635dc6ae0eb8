/**
 * Reading the plan a create request carries in its header (IMPORT_PLAN_HEADER): checked for shape
 * and bounds before the file is parsed, so a bad plan costs nothing; every refusal says what to fix.
 */
import { z } from 'zod';
import { DOCUMENT_TYPE_KEYS, isDocumentTypeKey, type DocumentTypeKey } from '../../shared/model';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import { ValidationError } from '../errors';

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
