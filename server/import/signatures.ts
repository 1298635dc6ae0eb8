/**
 * Signatures written without a label, as most municipalities write them: a name over a title
 * ("Jonas Magnusson" / "Enhetschef", Stockholm's förvaltningschef right under Förslag till
 * beslut), a name and title on one line ("Gunilla Larsson, förvaltningschef"), members with their
 * party ("Anna Andersson (S)") and a group ("För socialdemokratiska gruppen"). Recognised by shape
 * and by the words titles end in (vocabulary.ts), never by a list of names.
 */
import { formatPerson, parsePersonWithParty, type Person } from '../../shared/model';
import { sourceText, type SourceBlock } from './sourceBlocks';
import { isJobTitle, organKind } from './vocabulary';

export interface Signature {
  /** "För socialdemokratiska gruppen", when the block is signed for a group. */
  group?: string;
  persons: Person[];
  /** Each person's lines as written ("Mats Larsson, kommundirektör"; "Gunilla Larsson\nFörvaltningschef"). */
  written: string[];
  /** The index of the first block after the signature. */
  next: number;
}

/** Words that join the parts of a name ("Ebba von Sydow", "Louise af Klint"). */
const NAME_PARTICLES = new Set(['af', 'av', 'von', 'van', 'de', 'der', 'den', 'la', 'du', 'di', 'da', 'el', 'bin', 'ibn']);
const NAME_WORD = /^\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)?$/u;
/** Words after "För" that make it a group ("För socialdemokratiska gruppen", "För Moderaterna"). */
const GROUP_ENDINGS = ['gruppen', 'grupp', 'fraktionen', 'partiet', 'erna', 'arna'];

/** A person's name, perhaps with party: two to four capitalised words, particles between them. */
export function isPersonName(text: string): boolean {
  if (text.length > 60) return false;
  const { name } = parsePersonWithParty(text);
  const words = name.split(' ');
  if (words.length < 2 || words.length > 4) return false;
  if (!NAME_WORD.test(words[0]!) || !NAME_WORD.test(words[words.length - 1]!)) return false;
  return words.every((word) => NAME_WORD.test(word) || NAME_PARTICLES.has(word)) && !organKind(name) && !isJobTitle(name);
}

function hasParty(text: string): boolean {
  return parsePersonWithParty(text).party !== undefined && isPersonName(text);
}

/** "För socialdemokratiska gruppen", "För Moderaterna", "För (S)-gruppen". */
export function isGroupLine(text: string): boolean {
  if (text.length > 80 || !/^för /i.test(text) || /[.!?:;]$/.test(text)) return false;
  const words = text.toLowerCase().split(' ');
  const last = words[words.length - 1]!;
  return words.length <= 6 && (GROUP_ENDINGS.some((ending) => last.endsWith(ending)) || /^\(\p{L}{1,4}\)/u.test(words[1] ?? ''));
}

/** A name and a title on one line: "Gunilla Larsson, förvaltningschef" or "Jonas Magnusson Enhetschef". */
export function nameAndTitle(text: string): Person | undefined {
  const comma = text.indexOf(',');
  if (comma > 0) {
    const name = text.slice(0, comma).trim();
    const title = text.slice(comma + 1).trim();
    return isPersonName(name) && isJobTitle(title) ? { ...parsePersonWithParty(name), title } : undefined;
  }
  const words = text.split(' ');
  for (const titleWords of [1, 2]) {
    const name = words.slice(0, -titleWords).join(' ');
    const title = words.slice(-titleWords).join(' ');
    if (words.length - titleWords >= 2 && isPersonName(name) && isJobTitle(title)) return { name, title };
  }
  return undefined;
}

const isLine = (block: SourceBlock | undefined): block is Extract<SourceBlock, { kind: 'paragraph' }> => block?.kind === 'paragraph';

/** An e-mail address on its own line (one word with an @ inside). */
function isEmail(text: string): boolean {
  const at = text.indexOf('@', 1);
  return !/\s/.test(text) && at !== -1 && at < text.length - 1;
}

/**
 * The signature starting at `index`, if one does: a group line and the names under it, names with
 * party one per line, or a name over a title (and perhaps a unit and an e-mail address under it).
 * Dotted signature rules between the lines are passed over.
 */
export function readSignature(blocks: readonly SourceBlock[], index: number): Signature | undefined {
  const found = findSignature(blocks, index);
  if (!found) return undefined;
  // Each person's lines as written: one line each for members, else all the lines read.
  const lines: string[] = [];
  for (let at = index; at < found.next; at++) if (blocks[at]!.kind === 'paragraph') lines.push(sourceText(blocks[at]!));
  if (found.group) lines.shift();
  const written = found.persons.length === lines.length ? lines : [lines.join('\n')];
  return { ...found, written: found.persons.length === written.length ? written : found.persons.map(formatPerson) };
}

const textAt = (blocks: readonly SourceBlock[], at: number): string | undefined =>
  isLine(blocks[at]) ? sourceText(blocks[at]) : undefined;

function skipRules(blocks: readonly SourceBlock[], at: number): number {
  while (blocks[at]?.kind === 'rule') at++;
  return at;
}

/** Members one per line, each a name (perhaps with party), from `from` on. */
function readMembers(blocks: readonly SourceBlock[], from: number): { persons: Person[]; next: number } {
  const persons: Person[] = [];
  let at = skipRules(blocks, from);
  for (let text = textAt(blocks, at); text && isPersonName(text); text = textAt(blocks, at)) {
    persons.push(parsePersonWithParty(text));
    at = skipRules(blocks, at + 1);
  }
  return { persons, next: at };
}

/** What a signature's first line may start with: a capital (a name, a title) or "För". */
const MAX_SIGNATURE_LINE = 80;

function findSignature(blocks: readonly SourceBlock[], index: number): Omit<Signature, 'written'> | undefined {
  const first = textAt(blocks, index);
  if (!first || first.length > MAX_SIGNATURE_LINE || !/^\p{Lu}/u.test(first)) return undefined;

  if (isGroupLine(first)) {
    const { persons, next } = readMembers(blocks, index + 1);
    return { group: first, persons, next };
  }
  if (hasParty(first)) {
    const { persons, next } = readMembers(blocks, index);
    // One member with a party and nothing else is a name in the text, not a signature block.
    return persons.length >= 2 || !textAt(blocks, next) ? { persons, next } : undefined;
  }
  if (isPersonName(first)) {
    const titleAt = skipRules(blocks, index + 1);
    const title = textAt(blocks, titleAt);
    if (!title || !isJobTitle(title)) return undefined;
    const person: Person = { name: first, title };
    let next = titleAt + 1;
    const unit = textAt(blocks, next);
    if (unit && organKind(unit) === 'forvaltning') {
      person.title = `${title}, ${unit}`;
      next++;
    }
    const email = textAt(blocks, next);
    if (email && isEmail(email)) {
      person.email = email;
      next++;
    }
    return { persons: [person], next };
  }
  // A title over the name: "Förvaltningschef" / "Per Strand".
  const nameAt = skipRules(blocks, index + 1);
  const name = textAt(blocks, nameAt);
  if (isJobTitle(first) && name && isPersonName(name) && !isJobTitle(textAt(blocks, skipRules(blocks, nameAt + 1)) ?? '')) {
    return { persons: [{ ...parsePersonWithParty(name), title: first }], next: skipRules(blocks, nameAt + 1) };
  }
  const inline = nameAndTitle(first);
  return inline ? { persons: [inline], next: index + 1 } : undefined;
}
