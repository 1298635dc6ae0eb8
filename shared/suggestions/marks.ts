/**
 * The suggestion marks as the editor, the server and the tests use them. Their names and
 * attribute rules live in the content schema (shared/model/schema.ts, SUGGESTION_MARK_NAMES, where
 * the choice of names and attributes is explained); this module adds what a writer of suggestions
 * needs: a fresh id and the attributes of a new mark.
 */
import {
  SUGGESTION_MARK_NAMES,
  isSuggestionAttrs,
  type FormatChangeAttrs,
  type MarkName,
  type SuggestionAttrs,
  type SuggestionMarkName,
} from '../model/schema';

export {
  SUGGESTION_MARK_NAMES,
  SUGGESTION_MARK_LABELS,
  SUGGESTION_ID_PATTERN,
  isSuggestionAttrs,
  formatChangeMarks,
  suggestionMarkOfAttribute,
  type FormatChangeAttrs,
  type SuggestionAttrs,
  type SuggestionMarkName,
} from '../model/schema';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A new suggestion id: 16 random URL-safe characters (96 bits), unique across clients without coordination. */
export function newSuggestionId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte & 63];
  return id;
}

export interface SuggestionAuthor {
  userId: string;
  userName?: string | null;
}

/** The attributes of a new insertion or deletion mark by `author`, now (or at `at`). */
export function suggestionAttrs(author: SuggestionAuthor, id: string = newSuggestionId(), at: Date = new Date()): SuggestionAttrs {
  return { id, userId: author.userId, createdAt: at.toISOString(), userName: author.userName ?? null };
}

/** The attributes of a new formatChange mark proposing to add and/or remove formatting marks. */
export function formatChangeAttrs(
  author: SuggestionAuthor,
  change: { add?: readonly MarkName[]; remove?: readonly MarkName[] },
  id: string = newSuggestionId(),
  at: Date = new Date(),
): FormatChangeAttrs {
  return { ...suggestionAttrs(author, id, at), add: (change.add ?? []).join(' '), remove: (change.remove ?? []).join(' ') };
}

/** Whether a formatting attribute name and value are a valid suggestion mark (for readers of stored text). */
export function isSuggestionMark(name: string, value: unknown): name is SuggestionMarkName {
  return (SUGGESTION_MARK_NAMES as readonly string[]).includes(name) && isSuggestionAttrs(name as SuggestionMarkName, value);
}
