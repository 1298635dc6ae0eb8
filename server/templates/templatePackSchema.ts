/**
 * The schema every template pack passes before it is stored or used: the shape (strict — an
 * unknown key is refused, not ignored), the bounds of every list and text, and the rules that
 * tie the parts together (one main section, a title field that exists, a bilaga type that is a
 * bilaga). A pack comes from an administrator's form or file, so each refusal says in Swedish
 * what to correct.
 */
import { z } from 'zod';
import { DIARIENUMMER_FORMAT_KEYS, DOCUMENT_TYPE_KEYS, isBilagaTypeKey, type DocumentType, type TemplatePack } from '../../shared/model';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import { ValidationError } from '../errors';

/** A logo is a small image in the letterhead; a photograph of the town hall does not belong. */
export const MAX_LOGO_BYTES = 256 * 1024;

const name = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !hasForbiddenNameCharacters(text), 'innehåller tecken som inte kan visas');
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !hasForbiddenNameCharacters(text), 'innehåller tecken som inte kan visas')
    .optional();
const key = z.string().regex(/^[a-z][a-z0-9]{0,39}$/i, 'ska vara en nyckel av bokstäver och siffror');

const fieldSpec = z
  .object({
    key,
    label: name(100),
    kind: z.enum(['text', 'date', 'diarienummer', 'person', 'persons', 'organ']),
    required: z.boolean(),
    hint: optionalText(300),
    position: z.enum(['addressee', 'signature']).optional(),
    formats: z
      .array(z.enum(DIARIENUMMER_FORMAT_KEYS as [string, ...string[]]))
      .min(1)
      .max(20)
      .optional(),
  })
  .strict();

const sectionSpec = z
  .object({
    key,
    title: name(100),
    required: z.boolean(),
    hint: z.string().max(300),
    content: z.enum(['prose', 'beslutspunkter', 'list']),
    mayBeMotivatedAsNotRelevant: z.boolean().optional(),
    main: z.literal(true).optional(),
    aliases: z.array(name(100)).max(20).optional(),
    signatories: z.literal(true).optional(),
    fromArende: z.literal('meetings').optional(),
  })
  .strict();

const documentTypeSchema = z
  .object({
    key: z.enum(DOCUMENT_TYPE_KEYS),
    label: name(100),
    description: z.string().max(300),
    isBilaga: z.boolean(),
    aliases: z.array(name(100)).max(20).optional(),
    titleFields: z.object({ title: key, diarienummer: key.optional() }).strict(),
    openingLine: z
      .object({ field: key, phrase: name(200) })
      .strict()
      .optional(),
    signatureAfter: key.optional(),
    fields: z.array(fieldSpec).min(1).max(40),
    sections: z.array(sectionSpec).min(1).max(40),
  })
  .strict();

const logo = z
  .object({
    mediaType: z.enum(['image/png', 'image/jpeg']),
    data: z
      .string()
      .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4)
      .regex(/^[a-z0-9+/]*={0,2}$/i, 'ska vara base64'),
  })
  .strict();

const packSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'ska vara små bokstäver, siffror och bindestreck'),
    name: name(100),
    version: z.number().int().min(1).max(1_000_000),
    letterhead: z.object({ organisation: name(150), forvaltning: optionalText(150), logo: logo.optional() }).strict(),
    diarienummerFormats: z
      .array(z.enum(DIARIENUMMER_FORMAT_KEYS as [string, ...string[]]))
      .min(1)
      .max(20)
      .optional(),
    closingLines: z.object({ sarskilt_yttrande: name(200), reservation: name(200) }).strict(),
    documentTypes: z.array(documentTypeSchema).min(1).max(DOCUMENT_TYPE_KEYS.length),
  })
  .strict();

const FIELD_NAMES: Record<string, string> = {
  id: 'Mallens id',
  name: 'Mallens namn',
  version: 'Version',
  letterhead: 'Brevhuvudet',
  organisation: 'organisationens namn',
  forvaltning: 'förvaltningens namn',
  logo: 'logotypen',
  documentTypes: 'Dokumenttyperna',
  sections: 'avsnitten',
  fields: 'fälten',
  label: 'namnet',
  title: 'rubriken',
  closingLines: 'Avslutningsraderna',
  diarienummerFormats: 'Diarienummerformaten',
};

function where(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `nr ${part + 1}` : (FIELD_NAMES[String(part)] ?? String(part)))).join(' › ');
}

/** The rules between the parts of one document type, as sentences; empty when it holds together. */
function documentTypeIssues(type: DocumentType): string[] {
  const issues: string[] = [];
  const label = type.label;
  const duplicate = (keys: string[]) => keys.find((candidate, index) => keys.indexOf(candidate) !== index);
  const sectionKeys = type.sections.map((section) => section.key);
  const fieldKeys = type.fields.map((field) => field.key);
  const repeatedSection = duplicate(sectionKeys);
  if (repeatedSection) issues.push(`${label}: avsnittet "${repeatedSection}" finns två gånger.`);
  const repeatedField = duplicate(fieldKeys);
  if (repeatedField) issues.push(`${label}: fältet "${repeatedField}" finns två gånger.`);
  if (type.sections.filter((section) => section.main).length > 1) issues.push(`${label}: bara ett avsnitt kan vara huvudavsnitt.`);
  const field = (fieldKey: string | undefined) => type.fields.find((candidate) => candidate.key === fieldKey);
  const titleField = field(type.titleFields.title);
  if (!titleField || (titleField.kind !== 'text' && titleField.kind !== 'organ')) {
    issues.push(`${label}: rubrikfältet "${type.titleFields.title}" ska vara ett textfält i dokumenttypen.`);
  }
  if (type.titleFields.diarienummer !== undefined && field(type.titleFields.diarienummer)?.kind !== 'diarienummer') {
    issues.push(`${label}: "${type.titleFields.diarienummer}" ska vara ett diarienummerfält i dokumenttypen.`);
  }
  if (type.openingLine && !field(type.openingLine.field)) issues.push(`${label}: inledningsraden nämner ett fält som inte finns.`);
  if (type.signatureAfter !== undefined && !sectionKeys.includes(type.signatureAfter)) {
    issues.push(`${label}: underskrifterna ska stå efter ett avsnitt som finns ("${type.signatureAfter}" finns inte).`);
  }
  if (type.isBilaga !== isBilagaTypeKey(type.key)) {
    issues.push(`${label}: bara särskilt yttrande och reservation är bilagor till ett beslut.`);
  }
  return issues;
}

/** PNG starts with its eight-byte signature, JPEG with FF D8 FF: the declared type must be the real one. */
function logoIssue(pack: TemplatePack): string | undefined {
  const image = pack.letterhead.logo;
  if (!image) return undefined;
  const bytes = Buffer.from(image.data, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_LOGO_BYTES) {
    return `Logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB. Välj en mindre bild.`;
  }
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  if ((image.mediaType === 'image/png' && !png) || (image.mediaType === 'image/jpeg' && !jpeg)) {
    return 'Logotypen ska vara en PNG- eller JPEG-bild.';
  }
  return undefined;
}

/**
 * A template pack from anyone's hands, checked completely; throws a ValidationError that names
 * every problem found, so an administrator corrects them all at once.
 */
export function parseTemplatePack(input: unknown): TemplatePack {
  const parsed = packSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 8).map((issue) => `${where(issue.path) || 'Mallen'}: ${issue.message}`);
    throw new ValidationError(`Mallen kan inte sparas. ${problems.join('; ')}.`);
  }
  const pack = parsed.data as TemplatePack;
  const typeKeys = pack.documentTypes.map((type) => type.key);
  const issues = [
    ...(new Set(typeKeys).size !== typeKeys.length ? ['En dokumenttyp finns två gånger.'] : []),
    ...pack.documentTypes.flatMap(documentTypeIssues),
    ...[logoIssue(pack)].filter((issue): issue is string => issue !== undefined),
  ];
  if (issues.length > 0) throw new ValidationError(`Mallen kan inte sparas. ${issues.slice(0, 8).join(' ')}`);
  return pack;
}
