import { describe, expect, it } from 'vitest';
import { isoDateOf, parseDateLine } from '../../server/import/swedishDates';

describe('dates as Swedish documents write them', () => {
  it.each([
    ['2024-03-14', '2024-03-14'],
    ['14 mars 2024', '2024-03-14'],
    ['den 3 december 2026', '2026-12-03'],
    ['onsdagen den 3 dec. 2026', '2026-12-03'],
    ['1 september 2014', '2014-09-01'],
  ])('"%s" is %s', (written, iso) => {
    expect(isoDateOf(written)).toBe(iso);
  });

  it('hands back the place written before the date, so that it is not lost', () => {
    expect(parseDateLine('Torsby den 11 mars 2020')).toEqual({ date: '2020-03-11', prefix: 'Torsby' });
    expect(isoDateOf('Torsby den 11 mars 2020')).toBeUndefined();
  });

  it.each(['den 17 april', '31 februari 2024', 'Behov av tillskott 2024', 'Arbetsmarknads- och socialnämnden 2023-04-26', 'mars 2024'])(
    'reads no date in "%s"',
    (text) => {
      expect(parseDateLine(text)).toBeUndefined();
    },
  );
});
