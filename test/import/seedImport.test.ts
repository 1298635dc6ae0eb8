import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockText, type Block } from '../../shared/doc/blocks';
import { importText } from '../../server/import';
import { DEMO_SEEDS_DIR, SEED_NAMES, SHARED_SEEDS_DIR, readSeed } from '../helpers/seeds';

const texts = (blocks: readonly Block[] | undefined): string[] => (blocks ?? []).map(blockText);
const kinds = (blocks: readonly Block[] | undefined): string[] =>
  (blocks ?? []).map((block) => (block.kind === 'list' ? `list:${block.ordered ? 'ordered' : 'bullets'}` : block.kind));

describe('importing the yttrande seed (ASN-2023-13451)', () => {
  const parsed = importText(readSeed('yttrande-asn-2023-13451'));

  it('recognises a yttrande by the type line in its header', () => {
    expect(parsed.type).toBe('yttrande');
    expect(parsed.report.type.reason).toContain('"Yttrande"');
  });

  it('fills every header field, the remiss title and its own diarienummer', () => {
    expect(parsed.fields.datum).toBe('2023-09-27');
    expect(parsed.fields.adress).toBe('205 80 Malmö');
    expect(parsed.fields.diarienummer).toBe('ASN-2023-13451');
    expect(parsed.fields.till).toBe('Kommunstyrelsen');
    expect(parsed.fields.remissTitel).toBe(
      'Ansökan från Flamman socialt förebyggande Centrum (SFC) om ekonomiskt stöd till verksamheten Hoppa av- bryt nyrekryteringen 2024-2026',
    );
    expect(parsed.fields.remissDiarienummer).toBe('STK-2023-663');
    expect(parsed.title).toBe(parsed.fields.remissTitel);
  });

  it('reads the nämnd from "… lämnar följande yttrande:" and keeps that line out of the body', () => {
    expect(parsed.fields.namnd).toBe('Arbetsmarknads- och socialnämnden');
    const body = Object.values(parsed.sections).flat().map(blockText).join('\n');
    expect(body).not.toContain('lämnar följande yttrande');
  });

  it('reads the signatures between the dotted lines', () => {
    expect(parsed.fields.ordforande).toEqual({ name: 'Sedat Arif' });
    expect(parsed.fields.forvaltningsdirektor).toEqual({ name: 'Britt-Marie Pettersson' });
  });

  it('puts Sammanfattning and Yttrande in their sections, with sub-headings as level-3 headings', () => {
    expect(texts(parsed.sections.sammanfattning)).toHaveLength(5);
    expect(parsed.sections.yttrande?.filter((block) => block.kind === 'heading')).toEqual([
      { kind: 'heading', level: 3, runs: [{ text: 'Barn och unga som far illa eller som riskerar att fara illa' }] },
      { kind: 'heading', level: 3, runs: [{ text: 'Avhopparverksamhet' }] },
      { kind: 'heading', level: 3, runs: [{ text: 'Komplement eller utförare' }] },
      { kind: 'heading', level: 3, runs: [{ text: 'Stöd till föreningar och andra idéburna organisationer' }] },
    ]);
  });

  it('joins the paragraph split at the page break ("upphandla dessa" + "insatser.")', () => {
    const last = texts(parsed.sections.sammanfattning).at(-1)!;
    expect(last).toContain('upphandla dessa insatser. Arbetsmarknads- och socialnämnden ser inga hinder');
    expect(texts(parsed.sections.yttrande)).toContainEqual(expect.stringContaining('kan vara aktuella för bidrag.'));
    expect(parsed.report.entries.filter((entry) => entry.kind === 'joined')).toHaveLength(2);
  });

  it('keeps italics as marks, not as asterisks', () => {
    const first = parsed.sections.sammanfattning![0]!;
    expect(first.kind === 'paragraph' && first.runs).toContainEqual({ text: 'Hoppa av', italic: true });
    expect(texts(parsed.sections.yttrande).join('')).not.toContain('*');
  });

  it('reports the closing lines as announced bilagor instead of body text', () => {
    expect(parsed.announcedBilagor).toEqual([
      {
        type: 'sarskilt_yttrande',
        persons: [
          { name: 'Kerstin Håkansson', party: 'M' },
          { name: 'Marek Lakatos', party: 'V' },
        ],
      },
      {
        type: 'reservation',
        persons: [
          { name: 'Farishta Sulaiman', party: 'M' },
          { name: 'Ingrid Gunnarson', party: 'M' },
          { name: 'Anna Adell', party: 'M' },
        ],
      },
    ]);
    expect(texts(parsed.sections.yttrande).join('\n')).not.toContain('avser inkomma');
    expect(parsed.report.entries.filter((entry) => entry.kind === 'bilaga')).toHaveLength(2);
  });
});

describe('importing the tjänsteskrivelse seed ASN-2023-5446 (plain text)', () => {
  const parsed = importText(readSeed('tjansteskrivelse-asn-2023-5446'));

  it('recognises a tjänsteskrivelse and fills Datum, Vår referens, title and diarienummer', () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.fields.datum).toBe('2023-04-11');
    expect(parsed.fields.varReferens).toEqual({
      name: 'Julia Magnusson',
      title: 'Planeringssekreterare',
      email: 'Julia.Magnusson@malmö.se',
    });
    expect(parsed.fields.arendemening).toBe('Sociala insatser och lokal utveckling');
    expect(parsed.fields.diarienummer).toBe('ASN-2023-5446');
    expect(parsed.title).toBe('Sociala insatser och lokal utveckling');
    expect(parsed.fields.namnd).toBe('Arbetsmarknads- och socialnämnden');
  });

  it('makes "Förslag till beslut" an intro paragraph and an ordered list of beslutspunkter', () => {
    expect(kinds(parsed.sections.forslagTillBeslut)).toEqual(['paragraph', 'list:ordered']);
    expect(texts(parsed.sections.forslagTillBeslut)[0]).toBe('Arbetsmarknads- och socialnämnden föreslås besluta');
    const list = parsed.sections.forslagTillBeslut![1]!;
    expect(list.kind === 'list' && list.items).toHaveLength(3);
  });

  it('turns the bare lines of list sections into list items', () => {
    expect(texts(parsed.sections.beslutsunderlag)).toEqual(['G-Tjänsteskrivelse - Sociala insatser och lokal utveckling']);
    expect(texts(parsed.sections.beslutsplanering)).toEqual([
      'ASN beredning 2023-04-05\nArbetsmarknads- och socialnämndens arbetsutskott 2023-04-12\nArbetsmarknads- och socialnämnden 2023-04-26',
    ]);
    expect(texts(parsed.sections.beslutetSkickasTill)).toEqual(['Kommunstyrelsen']);
    expect(texts(parsed.sections.ansvariga)).toEqual(['Jonas Magnusson Enhetschef\nBritt-Marie Pettersson Förvaltningschef']);
  });

  it('fills all ten sections and makes the bare sub-headings of Ärendet headings', () => {
    for (const key of ['sammanfattning', 'arendet', 'barnperspektiv', 'jamstalldhetsperspektiv', 'ekonomiskaKonsekvenser']) {
      expect(parsed.sections[key]?.length, key).toBeGreaterThan(0);
    }
    const headings = parsed.sections.arendet!.filter((block) => block.kind === 'heading').map(blockText);
    expect(headings).toEqual([
      'Bakgrund',
      'Förvaltningens överväganden',
      'Förstärkning av det lokala utvecklingsarbetet och tidiga insatser',
      'Förstärka det brottsförebyggande arbetet genom förstärkt stöd och behandling',
      'Förstärkt arbete med dialog och information om socialtjänstens arbete',
    ]);
    expect(texts(parsed.sections.arendet)).toContain('Behov av tillskott: 5 625 000 SEK');
  });

  it('reports no required section as empty', () => {
    expect(parsed.report.entries.filter((entry) => entry.kind === 'emptySection')).toEqual([]);
  });
});

describe('importing the tjänsteskrivelse seed ASN-2023-12667 (Markdown)', () => {
  const parsed = importText(readSeed('tjansteskrivelse-asn-2023-12667'));

  it('takes the diarienummer from the end of the bold title heading', () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.fields.arendemening).toBe(
      'Ärende väckt av Vänsterpartiet - Förebyggande och brottsförebyggande arbete utifrån fyra olika stadsområden',
    );
    expect(parsed.fields.diarienummer).toBe('ASN-2023-12667');
    expect(parsed.fields.datum).toBe('2023-08-07');
    expect(parsed.fields.varReferens).toEqual({
      name: 'Mimmi Olsson',
      title: 'Utvecklingssekreterare',
      email: 'mimmi.olsson@malmo.se',
    });
  });

  it('reads the nämnd from the first beslutspunkt when there is no "föreslås besluta" line', () => {
    expect(parsed.fields.namnd).toBe('Arbetsmarknads- och socialnämnden');
    expect(kinds(parsed.sections.forslagTillBeslut)).toEqual(['list:ordered']);
  });

  it('joins the broken "## brottsförebyggande …" heading back into the list item it continues', () => {
    const underlag = parsed.sections.beslutsunderlag!;
    expect(kinds(underlag)).toEqual(['list:bullets']);
    expect(texts(underlag)[0]!.split('\n').at(-1)).toBe(
      'G-Tjänsteskrivelse - Ärende väckt av Vänsterpartiet - Förebyggande och brottsförebyggande arbete utifrån fyra olika stadsområden',
    );
  });

  it('maps ###/#### headings, with or without bold, by title and keeps unknown ones as sub-headings', () => {
    expect(texts(parsed.sections.beslutsplanering)[0]!.split('\n')).toHaveLength(4);
    const headings = parsed.sections.arendet!.filter((block) => block.kind === 'heading').map(blockText);
    expect(headings).toEqual([
      'Förvaltningens överväganden',
      'Brottsförebyggande arbete i samarbete med polisen',
      'Organisatoriska perspektiv',
    ]);
    expect(texts(parsed.sections.ansvariga)).toEqual(['Jonas Magnusson Enhetschef\nBritt-Marie Pettersson Förvaltningschef']);
  });

  it('joins "socialtjänst," + "polis och fritid." and keeps the italic names in it', () => {
    const paragraph = parsed.sections.arendet!.find((block) => blockText(block).includes('skola, socialtjänst, polis och fritid.'));
    expect(paragraph?.kind === 'paragraph' && paragraph.runs).toContainEqual({ text: 'Ungdomsfält Malmö', italic: true });
  });

  it('reports the required sections it left empty', () => {
    const empty = parsed.report.entries.filter((entry) => entry.kind === 'emptySection').map((entry) => entry.section);
    expect(empty).toEqual(['barnperspektiv']);
    expect(parsed.report.entries.find((entry) => entry.kind === 'emptySection')?.message).toBe(
      'Avsnittet Barnperspektiv är obligatoriskt men fick ingen text; fyll i det efter importen.',
    );
  });
});

describe('the seed documents the demo ships', () => {
  it.skipIf(!fs.existsSync(SHARED_SEEDS_DIR))('are byte for byte the shared fixtures', () => {
    for (const name of SEED_NAMES) {
      const original = fs.readFileSync(path.join(SHARED_SEEDS_DIR, `${name}.txt`));
      const shipped = fs.readFileSync(path.join(DEMO_SEEDS_DIR, `${name}.txt`));
      expect(shipped.equals(original), `${name}.txt differs from the shared fixture`).toBe(true);
    }
  });
});
