/** How a suggestion is told in Swedish: who, when, and what it changes. */
import { MARK_LABELS } from '../../shared/model/schema';
import { colorFor } from '../app/colors';
import type { SuggestionView } from './suggestionReview';

const PREVIEW_LENGTH = 80;
const timeFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

export function formatSuggestionTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

export function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

export function authorName(suggestion: Pick<SuggestionView, 'userName' | 'userId'>, self: { id: string; name: string }): string {
  if (suggestion.userId === self.id) return self.name;
  return suggestion.userName || 'Okänd person';
}

export function authorColor(userId: string): string {
  return colorFor(userId);
}

/** The parts of a suggestion, one line each: "Infoga ”…”", "Ta bort ”…”", "Formatera: Fetstil". */
export function changeLines(suggestion: SuggestionView): Array<{ kind: 'insertion' | 'deletion' | 'format'; label: string; text: string }> {
  const lines: Array<{ kind: 'insertion' | 'deletion' | 'format'; label: string; text: string }> = [];
  if (suggestion.deleted) lines.push({ kind: 'deletion', label: 'Ta bort', text: preview(suggestion.deleted) });
  if (suggestion.inserted) lines.push({ kind: 'insertion', label: 'Infoga', text: preview(suggestion.inserted) });
  if (suggestion.formatted) {
    const parts = [
      ...suggestion.add.map((name) => MARK_LABELS[name].toLowerCase()),
      ...suggestion.remove.map((name) => `ingen ${MARK_LABELS[name].toLowerCase()}`),
    ];
    lines.push({ kind: 'format', label: `Formatera (${parts.join(', ')})`, text: preview(suggestion.formatted) });
  }
  return lines;
}
