import { describe, expect, it } from 'vitest';
import { matchesDocumentFilter, matchesDiarienummer } from '../../server/documents/documentFilter';
import type { DocumentRecord } from '../../server/storage/storage';

function titled(title: string): DocumentRecord {
  return { title } as DocumentRecord;
}

function titleMatches(title: string, asked: string): boolean {
  return matchesDocumentFilter(titled(title), { diarienummer: asked }, () => undefined);
}

describe('searching documents by diarienummer in any municipality’s format', () => {
  it('matches whole numbers and whole leading parts, whatever separates the parts', () => {
    expect(matchesDiarienummer('KS 2023/145', 'ks 2023/145')).toBe(true);
    expect(matchesDiarienummer('KS 2023/145', 'KS 2023')).toBe(true);
    expect(matchesDiarienummer('KFKS 2017/1106', 'KFKS')).toBe(true);
    expect(matchesDiarienummer('KU.2017.91', 'KU.2017')).toBe(true);
    expect(matchesDiarienummer('2014/KS 0012 001', '2014/KS')).toBe(true);
    expect(matchesDiarienummer('ASN-2023-13451', 'ASN-2023-')).toBe(true);
  });

  it('never matches part of a number or word', () => {
    expect(matchesDiarienummer('KS 2023/1450', 'KS 2023/145')).toBe(false);
    expect(matchesDiarienummer('ASN-2023-54460', 'ASN-2023-5446')).toBe(false);
    expect(matchesDiarienummer('KSF 2023/145', 'KS')).toBe(false);
  });

  it('finds a number with spaces at the end of a title, and not inside a longer one', () => {
    expect(titleMatches('Motion om lekplatser KS 2023/145', 'KS 2023/145')).toBe(true);
    expect(titleMatches('Yttrande över remiss, Dnr 1.6-0463/2011.', 'Dnr 1.6-0463/2011')).toBe(true);
    expect(titleMatches('Motion om lekplatser KS 2023/1450', 'KS 2023/145')).toBe(false);
    expect(titleMatches('Motion om lekplatser XKS 2023/145', 'KS 2023/145')).toBe(false);
  });
});
