/**
 * The document list's filters (`GET /api/documents?q=&status=&type=&diarienummer=`), as a pure
 * predicate so the route stays a thin adapter and the rules can be read in one place.
 */
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, isDocumentStatus, isDocumentTypeKey } from '../../shared/model';
import { ValidationError } from '../errors';
import type { DocumentRecord } from '../storage/storage';

export interface DocumentFilter {
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
  const filter: DocumentFilter = {
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

/**
 * Whether a diarienummer matches what was asked for: the whole number, or whole leading parts of
 * it ("ASN", "ASN-2023"). Parts, not characters, so "ASN-2023-5446" does not find ASN-2023-54460.
 */
export function matchesDiarienummer(diarienummer: string, asked: string): boolean {
  const have = diarienummer.toUpperCase();
  const want = asked.trim().toUpperCase().replace(/-+$/, '');
  if (!want) return true;
  return have === want || have.startsWith(`${want}-`);
}

/**
 * A document without an ärende may still carry its diarienummer in the title: at the start
 * ("ASN-2023-13451 Yttrande …") or, as ärendemeningar do, at the end.
 */
function titleCarriesDiarienummer(title: string, asked: string): boolean {
  return title
    .split(/[\s,;:()]+/)
    .filter((word) => word !== '')
    .some((word) => matchesDiarienummer(word, asked));
}

/** `diarienummerOf` gives the diarienummer of a document's ärende (by ärende id). */
export function matchesDocumentFilter(
  record: DocumentRecord,
  filter: DocumentFilter,
  diarienummerOf: (arendeId: string) => string | undefined,
): boolean {
  if (filter.q && !record.title.toLowerCase().includes(filter.q.toLowerCase())) return false;
  if (filter.status && record.status !== filter.status) return false;
  if (filter.type && record.type !== filter.type) return false;
  if (filter.diarienummer) {
    const ofArende = record.arendeId ? diarienummerOf(record.arendeId) : undefined;
    const matches = ofArende !== undefined
      ? matchesDiarienummer(ofArende, filter.diarienummer)
      : titleCarriesDiarienummer(record.title, filter.diarienummer);
    if (!matches) return false;
  }
  return true;
}
