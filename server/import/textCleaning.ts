/**
 * Every piece of text a front-end read, held to the characters a document may hold
 * (shared/model/text.ts): what cannot be stored becomes U+FFFD and is counted, so the import
 * report can say how much was replaced instead of the text losing it silently.
 */
import { cleanText, forbiddenCharacterCount, hasForbiddenCharacters } from '../../shared/model/text';

export interface Cleaned<T> {
  value: T;
  /** How many characters were replaced with U+FFFD. */
  replaced: number;
}

/** The value with every string in it (at any depth of arrays and plain objects) cleaned. */
export function cleanStrings<T>(value: T): Cleaned<T> {
  let replaced = 0;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (!hasForbiddenCharacters(node)) return node;
      replaced += forbiddenCharacterCount(node);
      return cleanText(node);
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)]));
    }
    return node;
  };
  return { value: visit(value) as T, replaced };
}

/** The import report's sentence about replaced characters. */
export function replacedCharactersNote(replaced: number): string {
  return `${replaced.toLocaleString('sv-SE')} tecken som inte kan finnas i ett dokument (styrtecken eller trasiga tecken) ersattes med tecknet "\uFFFD". Sök efter det i dokumentet och rätta texten där.`;
}
