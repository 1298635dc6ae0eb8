/** Reading a document's own beslutsplanering lines as the ärende's meetings (issue 19's migration). */
import { describe, expect, it } from 'vitest';
import { linesAsMeetings, parseMeetingLine } from '../../shared/model/meetings';

describe('reading a beslutsplanering line as a meeting', () => {
  it('reads the organ and an ISO date written after it or before it', () => {
    expect(parseMeetingLine('ASN beredning 2023-08-09')).toEqual({ organ: 'ASN beredning', date: '2023-08-09' });
    expect(parseMeetingLine('  Arbetsmarknads- och socialnämnden,  2023-08-30 ')).toEqual({
      organ: 'Arbetsmarknads- och socialnämnden',
      date: '2023-08-30',
    });
    expect(parseMeetingLine('2023-08-17 Arbetsutskottet')).toEqual({ organ: 'Arbetsutskottet', date: '2023-08-17' });
  });

  it.each([
    ['a date in words', 'Kommunfullmäktige den 17 april 2024'],
    ['a date that does not exist', 'ASN beredning 2023-02-30'],
    ['no organ', '2023-08-09'],
    ['two dates', '2023-08-09 2023-08-10'],
    ['a note', 'Ärendet återremitterades, ny planering kommer'],
  ])('reads no meeting from %s', (_what, line) => {
    expect(parseMeetingLine(line)).toBeUndefined();
  });
});

describe('taking over a section’s lines', () => {
  it('keeps every line that names no meeting word for word, and leaves out only blank lines and meetings the ärende has', () => {
    const read = linesAsMeetings(
      [
        'ASN beredning 2023-08-09',
        '',
        'Kommunfullmäktige i höst, datum ej bestämt',
        'asn beredning 2023-08-09',
        'Arbetsmarknads- och socialnämnden 2023-08-30',
        'Arbetsmarknads- och socialnämnden 2023-08-30',
        ' Se bilaga 2 ',
      ],
      [{ organ: 'ASN beredning', date: '2023-08-09' }],
    );
    expect(read.added).toEqual([{ organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' }]);
    expect(read.unparsed).toEqual(['Kommunfullmäktige i höst, datum ej bestämt', 'Se bilaga 2']);
  });
});
