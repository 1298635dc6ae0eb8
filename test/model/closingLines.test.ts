import { describe, expect, it } from 'vitest';
import { closingLine, closingLines, parseClosingLine } from '../../shared/model';

const SARSKILT = 'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.';
const RESERVATION =
  'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.';

describe('closing lines', () => {
  it('announce a särskilt yttrande by two members in the seed’s exact words', () => {
    expect(
      closingLine({
        type: 'sarskilt_yttrande',
        persons: [
          { name: 'Kerstin Håkansson', party: 'M' },
          { name: 'Marek Lakatos', party: 'V' },
        ],
      }),
    ).toBe(SARSKILT);
  });

  it('announce a reservation by three members with commas and a final "och"', () => {
    expect(
      closingLine({
        type: 'reservation',
        persons: [
          { name: 'Farishta Sulaiman', party: 'M' },
          { name: 'Ingrid Gunnarson', party: 'M' },
          { name: 'Anna Adell', party: 'M' },
        ],
      }),
    ).toBe(RESERVATION);
  });

  it('name a single member without any "och"', () => {
    expect(closingLine({ type: 'sarskilt_yttrande', persons: [{ name: 'Sedat Arif', party: 'S' }] })).toBe(
      'Sedat Arif (S) avser inkomma med ett särskilt yttrande, bilaga.',
    );
  });

  it('leave out a bilaga that names nobody and keep the order of the rest', () => {
    const lines = closingLines([
      { type: 'reservation', persons: [{ name: 'Anna Adell', party: 'M' }] },
      { type: 'sarskilt_yttrande', persons: [{ name: ' ' }] },
      { type: 'sarskilt_yttrande', persons: [{ name: 'Marek Lakatos', party: 'V' }] },
    ]);
    expect(lines).toEqual([
      'Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
      'Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
    ]);
  });

  it('are read back into the bilaga they announce', () => {
    expect(parseClosingLine(SARSKILT)).toEqual({
      type: 'sarskilt_yttrande',
      persons: [
        { name: 'Kerstin Håkansson', party: 'M' },
        { name: 'Marek Lakatos', party: 'V' },
      ],
    });
    const reservation = parseClosingLine(RESERVATION);
    expect(reservation?.type).toBe('reservation');
    expect(reservation && closingLines([reservation])).toEqual([RESERVATION]);
  });

  it('are recognised in the hand-typed variant "till förmån för eget yrkande"', () => {
    expect(parseClosingLine('Anna Adell (M) avser inkomma med en reservation till förmån för eget yrkande, bilaga')?.type).toBe(
      'reservation',
    );
  });

  it('are not confused with ordinary body text', () => {
    expect(parseClosingLine('Nämnden avser inkomma med synpunkter senare.')).toBeUndefined();
    expect(parseClosingLine('Arbetsmarknads- och socialnämnden lämnar följande yttrande:')).toBeUndefined();
  });
});
