import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPES,
  documentType,
  fieldIssues,
  formatPerson,
  isValidDiarienummer,
  isValidIsoDate,
  parsePersonWithParty,
} from '../../shared/model';

describe('the document types', () => {
  it('are the five of DOMAIN.md', () => {
    expect(DOCUMENT_TYPES.map((type) => type.label)).toEqual([
      'Tjänsteskrivelse',
      'Yttrande',
      'Särskilt yttrande',
      'Reservation',
      'Nämndinitiativ',
    ]);
  });

  it('give a tjänsteskrivelse its ten sections in the order of the seeds', () => {
    expect(documentType('tjansteskrivelse').sections.map((section) => section.title)).toEqual([
      'Sammanfattning',
      'Förslag till beslut',
      'Beslutsunderlag',
      'Beslutsplanering',
      'Beslutet skickas till',
      'Ärendet',
      'Barnperspektiv',
      'Jämställdhetsperspektiv',
      'Ekonomiska konsekvenser',
      'Ansvariga',
    ]);
    const required = documentType('tjansteskrivelse')
      .sections.filter((section) => section.required)
      .map((section) => section.key);
    expect(required).toEqual(['sammanfattning', 'forslagTillBeslut', 'beslutsunderlag', 'arendet', 'barnperspektiv', 'ansvariga']);
    expect(documentType('tjansteskrivelse').sections.find((section) => section.key === 'forslagTillBeslut')?.content).toBe(
      'beslutspunkter',
    );
  });

  it('give a yttrande its header (Till, remiss) and its two required sections', () => {
    const yttrande = documentType('yttrande');
    expect(yttrande.fields.map((field) => field.key)).toEqual(
      expect.arrayContaining([
        'datum',
        'adress',
        'diarienummer',
        'till',
        'remissTitel',
        'remissDiarienummer',
        'ordforande',
        'forvaltningsdirektor',
      ]),
    );
    expect(yttrande.sections.map((section) => [section.title, section.required])).toEqual([
      ['Sammanfattning', true],
      ['Yttrande', true],
    ]);
  });

  it('give särskilt yttrande, reservation and nämndinitiativ signatures with party', () => {
    for (const key of ['sarskilt_yttrande', 'reservation', 'namndinitiativ'] as const) {
      expect(documentType(key).fields.find((field) => field.key === 'undertecknare')?.kind).toBe('persons');
    }
    expect(documentType('reservation').sections.map((section) => section.key)).toEqual(['yrkande', 'motivering']);
    expect(documentType('reservation').isBilaga).toBe(true);
  });

  it('never repeat a section or field key within one type', () => {
    for (const type of DOCUMENT_TYPES) {
      const sections = type.sections.map((section) => section.key);
      const fields = type.fields.map((field) => field.key);
      expect(new Set(sections).size, type.key).toBe(sections.length);
      expect(new Set(fields).size, type.key).toBe(fields.length);
      for (const section of type.sections) expect(section.hint.length, `${type.key}.${section.key}`).toBeGreaterThan(10);
    }
  });
});

describe('header field validation', () => {
  it('accepts diarienummer like ASN-2023-13451 and STK-2023-663', () => {
    expect(isValidDiarienummer('ASN-2023-13451')).toBe(true);
    expect(isValidDiarienummer('STK-2023-663')).toBe(true);
    expect(isValidDiarienummer('MÖK-2024-1')).toBe(true);
  });

  it('rejects asn-23-1 and other malformed diarienummer', () => {
    for (const bad of ['asn-23-1', 'ASN-23-1', 'A-2023-1', 'ABCDEF-2023-1', 'ASN 2023 1', 'ASN-2023-', '']) {
      expect(isValidDiarienummer(bad), bad).toBe(false);
    }
  });

  it('accepts real ISO dates only', () => {
    expect(isValidIsoDate('2023-09-27')).toBe(true);
    expect(isValidIsoDate('2023-02-30')).toBe(false);
    expect(isValidIsoDate('27/9 2023')).toBe(false);
  });

  it('explains in Swedish what is wrong with a field', () => {
    const spec = documentType('tjansteskrivelse').fields.find((field) => field.key === 'diarienummer')!;
    expect(fieldIssues(spec, '')).toEqual(['Diarienummer saknas.']);
    expect(fieldIssues(spec, 'asn-23-1')[0]).toMatch(/ASN-2023-13451/);
    expect(fieldIssues(spec, 'ASN-2023-13451')).toEqual([]);
  });

  it('reads and writes a member with party the way the documents do', () => {
    expect(parsePersonWithParty('Kerstin Håkansson (M)')).toEqual({ name: 'Kerstin Håkansson', party: 'M' });
    expect(formatPerson({ name: 'Marek Lakatos', party: 'V' })).toBe('Marek Lakatos (V)');
  });
});
