/**
 * Header fields: the kinds a field can have, their value shapes and their validation.
 * Validation messages are Swedish because they are shown to the official as they are.
 */
import { DIARIENUMMER_FORMATS, diarienummerExamples, isValidDiarienummer, type DiarienummerFormat } from './diarienummer';

export type FieldKind = 'text' | 'date' | 'diarienummer' | 'person' | 'persons' | 'organ';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  hint?: string;
  /**
   * Where the printed document shows the field. Absent: in the header block. `addressee`: under
   * the document type's name (a yttrande's "Till"). `signature`: after the body, between dotted
   * signature lines (Ordförande, undertecknare).
   */
  position?: 'addressee' | 'signature';
  /**
   * For a diarienummer: the keys of the formats accepted (diarienummer.ts). Absent: every known
   * format. A template pack's `diarienummerFormats` fills it for the pack's fields.
   */
  formats?: readonly string[];
}

/** The diarienummer formats a field accepts. */
export function acceptedDiarienummerFormats(spec: FieldSpec): readonly DiarienummerFormat[] {
  const keys = spec.formats;
  return keys ? DIARIENUMMER_FORMATS.filter((format) => keys.includes(format.key)) : DIARIENUMMER_FORMATS;
}

/** A named person: "Vår referens", a signatory, a co-signer of a reservation. */
export interface Person {
  name: string;
  title?: string;
  email?: string;
  /** Party abbreviation for elected members: M, S, V, SD, L, C, KD, MP, … */
  party?: string;
}

export type FieldValue = string | Person | Person[];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Local part and domain, split at the one @; the domain's dot is checked in code (see isEmailAddress). */
const EMAIL_PARTS = /^[^\s@]+@([^\s@]+)$/;
const PARTY = /^[A-ZÅÄÖ]{1,4}$/;

export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "Kerstin Håkansson (M)", the way the documents name a member with party. */
export function formatPerson(person: Person): string {
  return person.party ? `${person.name} (${person.party})` : person.name;
}

/**
 * A header field's value as one line of text: a text as it is; persons as "Name (party), title,
 * e-mail", separated by "; ". Whatever a person holds is in it, so a value kept as text loses
 * nothing, and two values that read alike compare alike.
 */
export function fieldValueText(value: FieldValue): string {
  if (typeof value === 'string') return value;
  const persons = Array.isArray(value) ? value : [value];
  return persons
    .map((person) => [formatPerson(person), person.title, person.email].filter((part) => part?.trim()).join(', '))
    .filter(Boolean)
    .join('; ');
}

/**
 * Something@something.something with no spaces and one @. The dot is looked for in code: the
 * pattern `[^\s@]+\.[^\s@]+$` tried every dot of a long domain against the rest of it.
 */
function isEmailAddress(value: string): boolean {
  const domain = EMAIL_PARTS.exec(value)?.[1];
  if (!domain) return false;
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}

/**
 * Reads "Kerstin Håkansson (M)" back into a person; a name without parentheses has no party.
 * Plain string code: the pattern it replaces (`^(.*?)\s*\(…`) retried a run of spaces from each
 * of its positions.
 */
export function parsePersonWithParty(text: string): Person {
  const trimmed = text.trim();
  const open = trimmed.lastIndexOf('(');
  if (trimmed.endsWith(')') && open !== -1) {
    const party = trimmed.slice(open + 1, -1);
    if (party !== '' && !party.includes(')')) return { name: trimmed.slice(0, open).trim(), party: party.trim() };
  }
  return { name: trimmed };
}

export function isEmptyFieldValue(value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every((person) => person.name.trim() === '');
  return value.name.trim() === '';
}

/** Problems with one person value, or an empty list when it is fine. */
function personIssues(person: Person, label: string): string[] {
  const issues: string[] = [];
  if (person.email && !isEmailAddress(person.email)) {
    issues.push(`${label}: e-postadressen "${person.email}" ser inte rätt ut.`);
  }
  if (person.party && !PARTY.test(person.party)) {
    issues.push(`${label}: partibeteckningen "${person.party}" ska vara en förkortning, t.ex. M eller S.`);
  }
  return issues;
}

/**
 * Everything wrong with one field's value, as sentences the official can act on.
 * An empty list means the value is acceptable.
 */
export function fieldIssues(spec: FieldSpec, value: FieldValue | undefined): string[] {
  if (isEmptyFieldValue(value)) {
    return spec.required ? [`${spec.label} saknas.`] : [];
  }
  switch (spec.kind) {
    case 'date':
      return typeof value === 'string' && isValidIsoDate(value.trim()) ? [] : [`${spec.label} ska vara ett datum som 2023-09-27.`];
    case 'diarienummer': {
      const formats = acceptedDiarienummerFormats(spec);
      return typeof value === 'string' && isValidDiarienummer(value.trim(), formats)
        ? []
        : [`${spec.label} ska se ut som ${diarienummerExamples(formats)}.`];
    }
    case 'person':
      return isPerson(value) ? personIssues(value, spec.label) : [`${spec.label} ska vara en person.`];
    case 'persons':
      return Array.isArray(value)
        ? value.flatMap((person) => personIssues(person, spec.label))
        : [`${spec.label} ska vara en lista med personer.`];
    case 'text':
    case 'organ':
      return typeof value === 'string' ? [] : [`${spec.label} ska vara text.`];
  }
}

function isPerson(value: unknown): value is Person {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Person).name === 'string';
}

/** The empty value a new document starts with for a field of this kind. */
export function emptyFieldValue(kind: FieldKind): FieldValue {
  if (kind === 'person') return { name: '' };
  if (kind === 'persons') return [];
  return '';
}
