/**
 * Which characters a document's text may hold, defined once for the editor's guard, the importers
 * and the exporters. XML 1.0 (and so DOCX, and LibreOffice's PDF) cannot carry C0 control
 * characters other than tab, line feed and carriage return, the noncharacters U+FFFE and U+FFFF or
 * a lone half of a surrogate pair; C1 controls and DEL have no visible meaning in a case document
 * either. Carriage returns are refused too, because a line break in Yttra's text is a line feed.
 *
 * Nothing is dropped silently: a forbidden character becomes U+FFFD, which every font shows, so the
 * official sees where something was; callers report how many were replaced.
 */

/** What a forbidden character is replaced with. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

// The `u` flag makes the surrogate range match only unpaired halves: a valid pair is one code
// point outside it. One character class, no quantifier: linear on any input.
const FORBIDDEN = /[\0-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/**
 * Characters a short name (a version's, shown in lists and menus) may not hold on top of the
 * forbidden ones: bidi embeddings, overrides and isolates (U+202E turns "…exe.pdf" into
 * "…fdp.exe"), the directional marks, and line or paragraph separators, which no list shows.
 * Document text may hold them (right-to-left quotations); a name has no use for them.
 */
const DISGUISING = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

/** Whether a short name holds a forbidden character or one that can disguise what it says. */
export function hasForbiddenNameCharacters(text: string): boolean {
  return hasForbiddenCharacters(text) || DISGUISING.test(text);
}

/** How many characters `cleanText` replaces with U+FFFD (line breaks it only normalises are not counted). */
export function forbiddenCharacterCount(text: string): number {
  if (!FORBIDDEN.test(text)) return 0;
  let count = 0;
  for (const _ of normaliseLineBreaks(text).matchAll(FORBIDDEN_ALL)) count++;
  return count;
}

/**
 * The text with every forbidden character replaced by U+FFFD; a Windows line break (CR LF) or a
 * lone CR becomes one line feed, since that is what the writer meant.
 */
export function cleanText(text: string): string {
  if (!FORBIDDEN.test(text)) return text;
  return normaliseLineBreaks(text).replace(FORBIDDEN_ALL, REPLACEMENT_CHARACTER);
}

function normaliseLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
