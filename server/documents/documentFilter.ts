/**
 * The document list's filters (`GET /api/documents?q=&status=&type=&diarienummer=&state=`), as a
 * pure predicate so the route stays a thin adapter and the rules can be read in one place.
 * `state`: `current` (the default: neither archived nor deleted), `archived`, or `wastebasket`
 * (the caller's deleted documents, which the route reads from DocumentService.wastebasketOf).
 */
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, isDocumentStatus, isDocumentTypeKey } from '../../shared/model';
import { ValidationError } from '../errors';
import type { DocumentRecord } from '../storage/storage';

export const LIST_STATES = ['current', 'archived', 'wastebasket'] as const;
export type ListState = (typeof LIST_STATES)[number];

export interface DocumentFilter {
  /** `current` when absent. */
  state?: ListState;
  q?: string;
  status?: string;
  type?: string;
  diarienummer?: string;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads the filters from a query string. An unknown status or type is refused rather than
 * answered with an empty list, so an outside tool with a typo learns why it found nothing.
 */
export function parseDocumentFilter(query: unknown): DocumentFilter {
  const raw = (query ?? {}) as Record<string, unknown>;
  const state = nonEmpty(raw.state) ?? 'current';
  if (!(LIST_STATES as readonly string[]).includes(state)) {
    throw new ValidationError(`Okänt urval. Välj en av: ${LIST_STATES.join(', ')}.`);
  }
  const filter: DocumentFilter = {
    state: state as ListState,
    q: nonEmpty(raw.q),
    status: nonEmpty(raw.status),
    type: nonEmpty(raw.type),
    diarienummer: nonEmpty(raw.diarienummer),
  };
  if (filter.status && !isDocumentStatus(filter.status)) {
    throw new ValidationError(`Okänd status. Välj en av: ${DOCUMENT_STATUSES.map((status) => status.key).join(', ')}.`);
  }
  if (filter.type && !isDocumentTypeKey(filter.type)) {
    throw new ValidationError(`Okänd dokumenttyp. Välj en av: ${DOCUMENT_TYPES.map((type) => type.key).join(', ')}.`);
  }
  return filter;
}

/** What separates the parts of a diarienummer in the formats of shared/model/diarienummer.ts. */
const PART_SEPARATORS = new Set(['-', '–', ' ', '/', '.']);

function isLetterOrDigit(character: string | undefined): boolean {
  if (character === undefined) return false;
  return character.toLowerCase() !== character.toUpperCase() || (character >= '0' && character <= '9');
}

function searchKey(asked: string): string {
  let key = asked.trim().toUpperCase();
  while (key && PART_SEPARATORS.has(key.at(-1)!)) key = key.slice(0, -1);
  return key;
}

/**
 * Whether a diarienummer matches what was asked for: the whole number, or whole leading parts of
 * it ("ASN", "ASN-2023", "KS 2023"), in any municipality's format. Parts, not characters, so
 * "ASN-2023-5446" does not find ASN-2023-54460.
 */
export function matchesDiarienummer(diarienummer: string, asked: string): boolean {
  const want = searchKey(asked);
  if (!want) return true;
  const have = diarienummer.trim().toUpperCase();
  return have === want || (have.startsWith(want) && PART_SEPARATORS.has(have[want.length]!));
}

/**
 * A document without an ärende may still carry its diarienummer in the title: at the start
 * ("ASN-2023-13451 Yttrande …") or, as ärendemeningar do, at the end ("… KS 2023/145"). The
 * number asked for must stand on its own there: not inside a longer word or number.
 */
function titleCarriesDiarienummer(title: string, asked: string): boolean {
  const want = searchKey(asked);
  if (!want) return true;
  const have = title.toUpperCase();
  for (let at = have.indexOf(want); at !== -1; at = have.indexOf(want, at + 1)) {
    const before = at === 0 ? undefined : have[at - 1];
    const after = have[at + want.length];
    if (!isLetterOrDigit(before) && !isLetterOrDigit(after)) return true;
  }
  return false;
}

/** `diarienummerOf` gives the diarienummer of a document's ärende (by ärende id). */
export function matchesDocumentFilter(
  record: DocumentRecord,
  filter: DocumentFilter,
  diarienummerOf: (arendeId: string) => string | undefined,
): boolean {
  if ((filter.state ?? 'current') === 'current' && record.archivedAt) return false;
  if (filter.state === 'archived' && !record.archivedAt) return false;
  if (filter.q && !record.title.toLowerCase().includes(filter.q.toLowerCase())) return false;
  if (filter.status && record.status !== filter.status) return false;
  if (filter.type && record.type !== filter.type) return false;
  if (filter.diarienummer) {
    const ofArende = record.arendeId ? diarienummerOf(record.arendeId) : undefined;
    const matches =
      ofArende !== undefined
        ? matchesDiarienummer(ofArende, filter.diarienummer)
        : titleCarriesDiarienummer(record.title, filter.diarienummer);
    if (!matches) return false;
  }
  return true;
}
