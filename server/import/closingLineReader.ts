/**
 * A closing line announcing a särskilt yttrande or a reservation, in the standard wording or
 * the wording of the organisation's template pack ("… anmäler särskilt yttrande, bilaga."), so
 * that a document imported with that pack gets its announced bilagor back and its generated
 * closing lines reappear on export. Plain string code on text whose spaces are single.
 */
import {
  parseClosingLine,
  parsePersonWithParty,
  type AnnouncedBilaga,
  type AnnouncedBilagaType,
  type ClosingLineWording,
} from '../../shared/model';
import { isPersonName } from './signatures';

const TYPES: readonly AnnouncedBilagaType[] = ['sarskilt_yttrande', 'reservation'];

/** The most lines of a text file a closing line is wrapped over. */
export const MAX_CLOSING_LINE_LINES = 4;

export function readClosingLine(line: string, wording?: ClosingLineWording): AnnouncedBilaga | undefined {
  const standard = parseClosingLine(line);
  if (standard || !wording) return standard;
  const text = line.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  for (const type of TYPES) {
    const phrase = (wording[type] ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
    if (!phrase) continue;
    // The full stop is often left out by hand.
    const bare = phrase.endsWith('.') ? phrase.slice(0, -1) : phrase;
    const length = lower.endsWith(` ${phrase}`) ? phrase.length : lower.endsWith(` ${bare}`) ? bare.length : -1;
    if (length < 0) continue;
    const names = text
      .slice(0, text.length - length - 1)
      .split(',')
      .flatMap((part) => part.split(' och '))
      .map((name) => name.trim())
      .filter((name) => name !== '');
    // Only names: prose that happens to end in the same words is not an announcement.
    if (names.length > 0 && names.every(isPersonName)) return { type, persons: names.map(parsePersonWithParty) };
  }
  return undefined;
}
