import { describe, expect, it } from 'vitest';
import {
  DIARIENUMMER_FORMATS,
  diarienummerFormatOf,
  fieldIssues,
  isValidDiarienummer,
  trailingDiarienummer,
  type FieldSpec,
} from '../../shared/model';

/** The real numbers of ../shared/DOMAIN.md ("Identifiers"), from Malmö to Högsby. */
const REAL_NUMBERS = [
  'ASN-2023-13451',
  'STK-2023-663',
  'KFKS 2017/1106',
  'KS-2015/112',
  '2014/KS 0012 001',
  'KS-2014/742.912',
  'Dnr 1.6-0463/2011',
  'T2012-050-05828',
  '124–2019',
  'KU.2017.91',
  'Kun 2010/173',
  'KS 2023/145',
];

const field: FieldSpec = { key: 'diarienummer', label: 'Diarienummer', kind: 'diarienummer', required: true };

describe('diarienummer formats', () => {
  it.each(REAL_NUMBERS)('accepts %s, a number a Swedish municipality really writes', (number) => {
    expect(isValidDiarienummer(number)).toBe(true);
    expect(fieldIssues(field, number)).toEqual([]);
  });

  it('names the format each real number is written in, and each format shows its own examples', () => {
    for (const format of DIARIENUMMER_FORMATS) {
      for (const example of format.examples) expect(diarienummerFormatOf(example)?.key, example).toBe(format.key);
    }
  });

  it.each([
    'Se bilaga',
    'Ärendet gäller ekonomiskt stöd till föreningen',
    'KS',
    'KS 2023/',
    'ASN-1066-13451',
    `KS 2023/${'1'.repeat(60)}`,
    `KS ${'2023/145 '.repeat(10)}`.trim(),
    '2023-09-27',
    '2024-2026',
    '2024–2026',
    '',
  ])('rejects %j, which is no diarienummer', (value) => {
    expect(isValidDiarienummer(value)).toBe(false);
  });

  it('narrows to the formats a template lists', () => {
    const malmo = DIARIENUMMER_FORMATS.filter((format) => format.key === 'organ-ar-lopnummer');
    expect(isValidDiarienummer('ASN-2023-13451', malmo)).toBe(true);
    expect(isValidDiarienummer('KS 2023/145', malmo)).toBe(false);
  });

  it("tells the official examples of several formats, not one municipality's pattern", () => {
    const [message] = fieldIssues(field, 'ärendet');
    expect(message).toContain('ASN-2023-13451');
    expect(message).toContain('KS 2023/145');
    expect(message).not.toMatch(/organ, år, löpnummer/);
  });

  it.each([
    ['Ansökan om stöd KFKS 2017/1106', 'KFKS 2017/1106', 'Ansökan om stöd '],
    ['Budget 2015 – 2014/KS 0012 001', '2014/KS 0012 001', 'Budget 2015 – '],
    ['Remiss, Dnr 1.6-0463/2011', 'Dnr 1.6-0463/2011', 'Remiss, '],
    ['Sociala insatser ASN-2023-5446', 'ASN-2023-5446', 'Sociala insatser '],
    ['KS 2023/145', 'KS 2023/145', ''],
  ])('finds the diarienummer at the end of %j', (line, number, before) => {
    const found = trailingDiarienummer(line);
    expect(found?.diarienummer).toBe(number);
    expect(line.slice(0, found!.index)).toBe(before);
  });

  it('finds none at the end of a title that has none, even a very long one', () => {
    expect(trailingDiarienummer('Yttrande över remiss om budget 2024')).toBeUndefined();
    expect(trailingDiarienummer('Hoppa av- bryt nyrekryteringen 2024-2026')).toBeUndefined();
    expect(trailingDiarienummer(`${'a/1 '.repeat(200_000)}x`)).toBeUndefined();
  });
});
