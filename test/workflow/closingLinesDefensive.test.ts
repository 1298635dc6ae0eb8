import { describe, expect, it } from 'vitest';
import { closingLines, type AnnouncedBilaga } from '../../shared/model';

describe('closing lines read from a shared document', () => {
  it('pass over entries that are not named persons instead of failing', () => {
    const persons = [
      null,
      5,
      'Kerstin',
      [],
      { name: 7 },
      { name: '  ' },
      { name: 'Kerstin Håkansson', party: 'M' },
      { name: 'Anna Adell', party: null },
    ] as unknown as AnnouncedBilaga['persons'];
    expect(closingLines([{ type: 'reservation', persons }])).toEqual([
      'Kerstin Håkansson (M) och Anna Adell avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    ]);
  });

  it('skip an announcement whose persons are not a list or whose type is unknown', () => {
    const broken = [
      { type: 'reservation', persons: null },
      { type: 'okänd', persons: [{ name: 'A' }] },
    ] as unknown as AnnouncedBilaga[];
    expect(closingLines(broken)).toEqual([]);
  });
});
