/**
 * The closing lines of a decided document (a yttrande, a protokollsutdrag) that announce each
 * särskilt yttrande and reservation handed in as a bilaga. They follow from the linked bilagor and
 * are generated, never typed. The wording after the names is the template pack's
 * (TemplatePack.closingLines); the standard wording below is the seeds' own.
 */
import { formatPerson, parsePersonWithParty, type Person } from './fields';

export type AnnouncedBilagaType = 'sarskilt_yttrande' | 'reservation';

export interface AnnouncedBilaga {
  type: AnnouncedBilagaType;
  /** The members who hand it in, each with party. */
  persons: Person[];
}

export type ClosingLineWording = Record<AnnouncedBilagaType, string>;

export const STANDARD_CLOSING_LINES: ClosingLineWording = {
  sarskilt_yttrande: 'avser inkomma med ett särskilt yttrande, bilaga.',
  reservation: 'avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
};

/** "A", "A och B", "A, B och C" — the Swedish list without a serial comma. */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} och ${names[names.length - 1]}`;
}

/**
 * The persons of an announcement that can be named: the list comes from a shared document, so
 * anything that is not a person with a name (null, a number, a nested list) is passed over.
 */
function namedPersons(persons: unknown): Person[] {
  if (!Array.isArray(persons)) return [];
  return persons
    .filter(
      (person): person is Person =>
        typeof person === 'object' &&
        person !== null &&
        typeof (person as Person).name === 'string' &&
        (person as Person).name.trim() !== '',
    )
    .map((person) => ({ name: person.name, ...(typeof person.party === 'string' && person.party ? { party: person.party } : {}) }));
}

/** One announcement, e.g. "Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med …". */
export function closingLine(bilaga: AnnouncedBilaga, wording: ClosingLineWording = STANDARD_CLOSING_LINES): string {
  return `${joinNames(namedPersons(bilaga.persons).map(formatPerson))} ${wording[bilaga.type]}`;
}

/** The closing lines for every announced bilaga with at least one named member, in the given order. */
export function closingLines(bilagor: readonly AnnouncedBilaga[], wording: ClosingLineWording = STANDARD_CLOSING_LINES): string[] {
  return bilagor
    .filter((bilaga) => Object.hasOwn(wording, bilaga.type) && namedPersons(bilaga.persons).length > 0)
    .map((bilaga) => closingLine(bilaga, wording));
}

/*
 * Reading a line back accepts the wordings officials also type by hand ("en reservation",
 * "till förmån för eget yrkande", a missing full stop), so an imported document loses nothing.
 * Imported text is anyone's: the names are cut at the first " avser " by a plain search and only
 * the fixed wording after it is matched, on text whose spaces are already single, so no pattern
 * here can backtrack over a long line.
 */
const ANNOUNCEMENT_WORDING =
  /^avser (?:att )?inkomma med (ett särskilt yttrande|en (?:skriftlig )?reservation(?: (?:i förmån till|till förmån för) (?:eget|egna) yrkanden?)?) ?, ?bilaga ?\.?$/i;

/** The announced bilaga a closing line names, or undefined if the line is not one. */
export function parseClosingLine(line: string): AnnouncedBilaga | undefined {
  const text = line.replace(/\s+/g, ' ').trim();
  const at = text.toLowerCase().indexOf(' avser ');
  if (at <= 0) return undefined;
  const match = ANNOUNCEMENT_WORDING.exec(text.slice(at + 1));
  if (!match) return undefined;
  const persons = text
    .slice(0, at)
    .split(/ ?, ?| och /)
    .filter((name) => name.trim() !== '')
    .map(parsePersonWithParty);
  const type: AnnouncedBilagaType = /yttrande/i.test(match[1]!) ? 'sarskilt_yttrande' : 'reservation';
  return { type, persons };
}
