import { describe, expect, it } from 'vitest';
import { cleanText, forbiddenCharacterCount, hasForbiddenCharacters, REPLACEMENT_CHARACTER } from '../../shared/model/text';

const R = REPLACEMENT_CHARACTER;

/** UTF-8 cannot encode a lone surrogate, so a string that survives the round trip has none. */
const isWellFormed = (text: string): boolean => Buffer.from(text, 'utf8').toString('utf8') === text;

describe('the characters a document text may hold', () => {
  it('keeps ordinary Swedish text, tabs, line feeds and characters outside the BMP unchanged', () => {
    const text = 'Förslag till beslut:\n\t1. Nämnden – “godkänner” … 😀 𝔸 ½ €';
    expect(hasForbiddenCharacters(text)).toBe(false);
    expect(forbiddenCharacterCount(text)).toBe(0);
    expect(cleanText(text)).toBe(text);
  });

  it('replaces C0 controls other than tab and line feed, DEL and C1 controls with U+FFFD', () => {
    const text = 'a\u0000b\u0007c\u000bd\u000ce\u001ff\u007fg\u0080h\u0085i\u009fj';
    expect(hasForbiddenCharacters(text)).toBe(true);
    expect(forbiddenCharacterCount(text)).toBe(9);
    expect(cleanText(text)).toBe(`a${R}b${R}c${R}d${R}e${R}f${R}g${R}h${R}i${R}j`);
  });

  it('replaces the noncharacters U+FFFE and U+FFFF', () => {
    expect(cleanText('x\ufffey\uffffz')).toBe(`x${R}y${R}z`);
    expect(forbiddenCharacterCount('x\ufffey\uffffz')).toBe(2);
  });

  it('replaces lone surrogate halves but keeps valid pairs', () => {
    const text = 'a\ud83d b\ude00 c\ud83d\ude00';
    expect(hasForbiddenCharacters(text)).toBe(true);
    expect(forbiddenCharacterCount(text)).toBe(2);
    expect(cleanText(text)).toBe(`a${R} b${R} c😀`);
    expect(isWellFormed(cleanText(text))).toBe(true);
  });

  it('turns Windows and old Mac line breaks into line feeds without counting them as replaced', () => {
    expect(hasForbiddenCharacters('a\r\nb')).toBe(true);
    expect(cleanText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(forbiddenCharacterCount('a\r\nb\rc')).toBe(0);
  });

  it('leaves no forbidden character behind, whatever the input', () => {
    let all = '';
    for (let code = 0; code <= 0xffff; code++) all += String.fromCharCode(code);
    const cleaned = cleanText(all);
    expect(hasForbiddenCharacters(cleaned)).toBe(false);
    expect(isWellFormed(cleaned)).toBe(true);
  });
});
