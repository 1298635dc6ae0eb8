/**
 * The smallest change between two versions of a string, for writing a new value into a Y.Text
 * without replacing what did not change (so others' carets and concurrent typing survive).
 */

/** One change of a string: at `index`, `deleteCount` characters replaced by `insert`. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The change that turns `before` into `after`. `caret`, when known, is where the caret stands in
 * `after` (the end of what was typed): without it "aa" → "aaa" could be an insertion anywhere,
 * with it the change is where the person typed. Never splits a surrogate pair (half of one is a
 * character no document may hold).
 */
export function changeBetween(before: string, after: string, caret: number | null = null): TextChange {
  const shorter = Math.min(before.length, after.length);
  const maxSuffix = caret === null ? shorter : Math.max(0, Math.min(shorter, after.length - caret));
  let suffix = 0;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  let prefix = 0;
  while (prefix < shorter - suffix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(after.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(after.charCodeAt(after.length - suffix))) suffix--;
  return { index: prefix, deleteCount: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}
