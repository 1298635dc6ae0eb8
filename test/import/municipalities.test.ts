/**
 * Documents written the way other municipalities write them (test/fixtures/municipalities) land
 * in the right fields and sections: header blocks in their common shapes, lines kept as lines,
 * signatures recognised as signatures wherever they stand.
 */
import { describe, expect, it } from 'vitest';
import { blockText, type Block } from '../../shared/doc/blocks';
import type { ParsedDocument } from '../../server/import';
import { importText } from '../../server/import';
import { MALMO_PACK } from '../../shared/model/templatePacks/malmo';
import { STOCKHOLM_PACK } from '../../shared/model/templatePacks/stockholm';
import { UNPLACED_HEADING } from '../../server/import/unplacedText';
import { readMunicipalityDocument } from '../fixtures/municipalities/documents';
import { readSeed, SEED_NAMES } from '../helpers/seeds';

const texts = (blocks: readonly Block[] | undefined): string[] => (blocks ?? []).map(blockText);
const items = (blocks: readonly Block[] | undefined): string[][] =>
  (blocks ?? []).flatMap((block) => (block.kind === 'list' ? [block.items.map((item) => item.map((run) => run.text).join(''))] : []));
/** The lines kept under "Ej placerad text" at the end of the last section. */
const unplacedLines = (blocks: readonly Block[] | undefined): string[] => {
  const all = texts(blocks);
  const heading = all.indexOf(UNPLACED_HEADING);
  return heading === -1 ? [] : all.slice(heading + 2);
};

describe('a Stockholm-style tjänsteutlåtande', () => {
  const parsed = importText(readMunicipalityDocument('stockholm-tjansteutlatande'));

  it('is a tjänsteskrivelse whose stacked header lines fill the fields, the förvaltning line not the title', () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.title).toBe('Riktlinjer för handläggning av ekonomiskt bistånd');
    expect(parsed.fields).toMatchObject({
      datum: '2011-05-17',
      diarienummer: 'Dnr 1.6-0463/2011',
      forvaltning: 'Socialförvaltningen, Avdelningen för stadsövergripande sociala frågor',
      varReferens: { name: 'Anna Berg' },
      namnd: 'Socialnämnden',
    });
  });

  it('keeps the page number, the telephone line and the meeting date under "Ej placerad text"', () => {
    expect(unplacedLines(parsed.sections.ansvariga)).toEqual(['Sida 1 (3)', 'Telefon: 08-508 25 000', '2011-06-14']);
  });

  it('files the förvaltningschef signing under Förslag till beslut as a signature, not as beslutspunkter', () => {
    expect(items(parsed.sections.forslagTillBeslut)).toEqual([
      [
        'Socialnämnden godkänner förvaltningens förslag till riktlinjer för handläggning av ekonomiskt bistånd.',
        'Socialnämnden överlämnar ärendet till kommunstyrelsen för kännedom.',
      ],
    ]);
    expect(items(parsed.sections.ansvariga)).toEqual([['Gunilla Larsson\nFörvaltningschef', 'Eva Nilsson\nAvdelningschef']]);
  });

  it('reads Ärendebeskrivning as Ärendet and Barnkonsekvensanalys as Barnperspektiv, Bakgrund as a sub-heading of Ärendet', () => {
    expect(texts(parsed.sections.arendet)[0]).toBe('Bakgrund');
    expect(parsed.sections.arendet?.[0]?.kind).toBe('heading');
    expect(texts(parsed.sections.arendet)).toContain('Förslaget innebär att riktlinjerna delas upp i tre delar:');
    expect(texts(parsed.sections.arendet)).toContain('Förvaltningens synpunkter och förslag');
    expect(texts(parsed.sections.barnperspektiv)).toEqual([
      'Förslaget stärker barnperspektivet i handläggningen genom att barnets bästa ska utredas i varje ärende som rör en familj med barn.',
    ]);
    expect(texts(parsed.sections.sammanfattning)).toHaveLength(1);
  });

  it('joins wrapped prose lines into one paragraph and keeps each list line an item of its own', () => {
    expect(texts(parsed.sections.sammanfattning)[0]).toBe(
      'Riktlinjerna för ekonomiskt bistånd har inte reviderats sedan 2007. Förvaltningen har sett över dem mot bakgrund av ny praxis och socialstyrelsens allmänna råd.',
    );
    expect(items(parsed.sections.arendet)).toEqual([['allmänna utgångspunkter', 'handläggning av ansökan', 'särskilda situationer']]);
    expect(items(parsed.sections.beslutsunderlag)).toEqual([['Riktlinjer för handläggning av ekonomiskt bistånd', 'Remissammanställning']]);
  });
});

describe('a Stockholm-style tjänsteutlåtande imported with the Stockholm pack', () => {
  const parsed = importText(readMunicipalityDocument('stockholm-tjansteutlatande'), STOCKHOLM_PACK);

  it("is the pack's tjänsteutlåtande, made from the pack's version", () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.template).toEqual({ pack: 'stockholm', version: STOCKHOLM_PACK.version });
    expect(parsed.report.type.label).toBe('Tjänsteutlåtande');
    expect(parsed.fields).toMatchObject({
      diarienummer: 'Dnr 1.6-0463/2011',
      datum: '2011-05-17',
      varReferens: { name: 'Anna Berg' },
      namnd: 'Socialnämnden',
      arendemening: 'Riktlinjer för handläggning av ekonomiskt bistånd',
    });
  });

  it("puts the signatures under Förslag till beslut into the pack's Förvaltningschef and Avdelningschef", () => {
    expect(parsed.fields.forvaltningschef).toEqual({ name: 'Gunilla Larsson' });
    expect(parsed.fields.avdelningschef).toEqual({ name: 'Eva Nilsson' });
    expect(texts(parsed.sections.forslagTillBeslut).join('\n')).not.toContain('Gunilla Larsson');
  });

  it("fills the pack's own sections: Bakgrund and Ärendebeskrivning, the förvaltning's views, Barnkonsekvensanalys, Bilagor", () => {
    expect(texts(parsed.sections.arendet)[0]).toBe(
      'Kommunfullmäktige gav 2010 socialnämnden i uppdrag att se över riktlinjerna. Arbetet har skett i samråd med stadsdelsförvaltningarna.',
    );
    expect(items(parsed.sections.arendet)).toEqual([['allmänna utgångspunkter', 'handläggning av ansökan', 'särskilda situationer']]);
    expect(texts(parsed.sections.forvaltningensSynpunkter)).toEqual([
      'Förvaltningen föreslår att nämnden antar riktlinjerna. De ger en enhetlig handläggning i alla stadsdelar.',
    ]);
    expect(texts(parsed.sections.barnperspektiv)).toHaveLength(1);
    expect(items(parsed.sections.beslutsunderlag)[0]).toEqual([
      'Riktlinjer för handläggning av ekonomiskt bistånd',
      'Remissammanställning',
    ]);
    expect(parsed.report.entries.filter((entry) => entry.kind === 'emptySection')).toEqual([]);
  });

  it('keeps the förvaltning lines the pack has no field for under "Ej placerad text"', () => {
    expect(unplacedLines(parsed.sections.beslutsunderlag)).toEqual([
      'Socialförvaltningen',
      'Avdelningen för stadsövergripande sociala frågor',
      'Sida 1 (3)',
      'Telefon: 08-508 25 000',
      '2011-06-14',
    ]);
  });
});

describe('a Nacka-style tjänsteskrivelse (KFKS 2017/1106)', () => {
  const parsed = importText(readMunicipalityDocument('nacka-tjansteskrivelse'));

  it('reads the upper-case type line, the diarienummer and the utskott, and takes the real title', () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.fields).toMatchObject({
      datum: '2017-11-20',
      diarienummer: 'KFKS 2017/1106',
      namnd: 'Kommunstyrelsens stadsutvecklingsutskott',
      arendemening: 'Detaljplan för Nya gatan, stadsbyggnadsprojekt, Sicklaön',
    });
    expect(unplacedLines(parsed.sections.ansvariga)).toEqual(['Projekt 9247']);
  });

  it('puts the unmarked lines under Bilagor as items and the two signatures, with their unit, in Ansvariga', () => {
    expect(items(parsed.sections.beslutsunderlag)).toEqual([['Karta över planområdet', 'Gestaltningsprogram']]);
    expect(items(parsed.sections.ansvariga)[0]).toEqual([
      'Angela Jonasson\nTillförordnad enhetschef\nPlanenheten',
      'Jerk Allvar\nPlanarkitekt\nPlanenheten',
    ]);
    expect(texts(parsed.sections.barnperspektiv)).toEqual(['Förskolan ger plats för 120 barn i ett område där behovet är stort.']);
  });
});

describe('a Tyresö-style tjänsteskrivelse (2014/KS 0012 001, "Label: value" header)', () => {
  const parsed = importText(readMunicipalityDocument('tyreso-tjansteskrivelse'));

  it('fills the fields from "Label: value" lines, with the date in words as an ISO date', () => {
    expect(parsed.fields).toMatchObject({
      datum: '2014-03-14',
      diarienummer: '2014/KS 0012 001',
      forvaltning: 'Kommunledningsförvaltningen',
      varReferens: { name: 'Lena Ek' },
      namnd: 'Kommunstyrelsen',
      arendemening: 'Revidering av kommunens delegationsordning',
    });
    expect(unplacedLines(parsed.sections.ansvariga)).toEqual(['Tyresö kommun']);
  });

  it('keeps the recipients in Beslutet skickas till and files the signatures under it in Ansvariga', () => {
    expect(items(parsed.sections.beslutetSkickasTill)).toEqual([['Samtliga förvaltningar', 'Kommunens revisorer']]);
    expect(items(parsed.sections.ansvariga)[0]).toEqual(['Mats Larsson, kommundirektör', 'Lena Ek, kanslichef']);
    expect(texts(parsed.sections.forslagTillBeslut)[0]).toBe('Kommunstyrelsen föreslås besluta');
    expect(items(parsed.sections.forslagTillBeslut)[0]).toHaveLength(2);
  });
});

describe('a reservation signed for a party group', () => {
  const parsed = importText(readMunicipalityDocument('reservation-socialdemokraterna'));

  it('reads the header, with the meeting date in words', () => {
    expect(parsed.type).toBe('reservation');
    expect(parsed.fields).toMatchObject({
      namnd: 'Barn- och utbildningsnämnden',
      sammantradesdatum: '2026-12-03',
      paragraf: '§ 112',
      arendemening: 'Skolorganisation för Västra skolområdet',
      diarienummer: 'BUN 2026/311',
    });
  });

  it('makes "För socialdemokratiska gruppen" and the members under it the undertecknare, not text', () => {
    expect(parsed.fields.undertecknare).toEqual([
      { name: 'För socialdemokratiska gruppen' },
      { name: 'Anna Andersson', party: 'S' },
      { name: 'Bengt Berg', party: 'S' },
    ]);
    expect(texts(parsed.sections.motivering).join('\n')).not.toContain('socialdemokratiska');
  });
});

describe('an Östersund-style yttrande with two diarienummer', () => {
  const parsed = importText(readMunicipalityDocument('ostersund-yttrande'));

  it('reads "Östersund den 11 mars 2020" as the date, its own number and the remitting organ\'s', () => {
    expect(parsed.type).toBe('yttrande');
    expect(parsed.fields).toMatchObject({
      datum: '2020-03-11',
      diarienummer: '124–2019',
      remissDiarienummer: 'KS 2019/880',
      till: 'Kommunstyrelsen',
      namnd: 'Socialnämnden',
      remissTitel: 'Remiss om handlingsplan mot våld i nära relationer',
    });
  });

  it('reads a signature titled in other words into the field with that title', () => {
    expect(parsed.fields.ordforande).toEqual({ name: 'Karin Holm' });
    expect(parsed.fields.forvaltningsdirektor).toEqual({ name: 'Per Strand', title: 'Förvaltningschef' });
    expect(parsed.announcedBilagor).toEqual([{ type: 'sarskilt_yttrande', persons: [{ name: 'Jan Svensson', party: 'M' }] }]);
  });
});

describe('a Huddinge tjänsteutlåtande as a PDF reader lays it out, in columns', () => {
  const parsed = importText(readMunicipalityDocument('huddinge-tjansteutlatande-layout'));

  it('reads each column of the header as lines of their own', () => {
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.fields).toMatchObject({
      forvaltning: 'Kommunstyrelsens förvaltning',
      datum: '2014-09-22',
      diarienummer: 'KS-2014/742.912',
      varReferens: { name: 'Per Lind' },
      namnd: 'Kommunstyrelsen',
      arendemening: 'Yttrande över remiss om regional cykelplan',
    });
    expect(unplacedLines(parsed.sections.ansvariga)).toEqual(['HUDDINGE KOMMUN', '1 (2)']);
  });

  it('keeps each name with its own title when two signatures stand side by side', () => {
    expect(items(parsed.sections.ansvariga)[0]).toEqual(['Åsa Berg\nKommundirektör', 'Per Lind\nUtredare']);
  });
});

describe('signatures and line structure in any document', () => {
  const HEADER = 'Tjänsteskrivelse\n\nRubrik ASN-2024-1\n\nSammanfattning\n\nKort.\n\n';

  it('never files a signature after the recipients under Beslutet skickas till', () => {
    const parsed = importText(`${HEADER}Beslutet skickas till\nKommunstyrelsen\nStadsdirektören\n\nJonas Magnusson\nEnhetschef`);
    expect(items(parsed.sections.beslutetSkickasTill)).toEqual([['Kommunstyrelsen', 'Stadsdirektören']]);
    expect(items(parsed.sections.ansvariga)).toEqual([['Jonas Magnusson\nEnhetschef']]);
    expect(parsed.report.entries).toContainEqual({
      kind: 'signature',
      message: 'Underskriften "Jonas Magnusson, Enhetschef" lades i Ansvariga.',
      section: 'ansvariga',
    });
  });

  it('reads a heading written straight above its text, without a blank line', () => {
    const parsed = importText(`${HEADER}Ärendet\nBakgrund\nNämnden gav förvaltningen i uppdrag att se över rutinerna under 2023.`);
    expect(parsed.sections.arendet?.map((block) => `${block.kind}:${blockText(block)}`)).toEqual([
      'heading:Bakgrund',
      'paragraph:Nämnden gav förvaltningen i uppdrag att se över rutinerna under 2023.',
    ]);
  });

  it('reads numbered section headings ("2. Förslag till beslut") and a greeting over the signature as text', () => {
    const parsed = importText(
      'Tjänsteskrivelse\n\nRubrik\n\n1. Sammanfattning\nKort.\n\n2. Förslag till beslut\n\nNämnden föreslås besluta\n\n3. Ärendet\nText.\n\nMed vänlig hälsning\n\nKarin Svensson\nKultur- och fritidschef',
    );
    expect(texts(parsed.sections.sammanfattning)).toEqual(['Kort.']);
    expect(texts(parsed.sections.forslagTillBeslut)).toEqual(['Nämnden föreslås besluta']);
    expect(parsed.sections.arendet?.map((block) => `${block.kind}:${blockText(block)}`)).toEqual([
      'paragraph:Text.',
      'paragraph:Med vänlig hälsning',
    ]);
    expect(items(parsed.sections.ansvariga)).toEqual([['Karin Svensson\nKultur- och fritidschef']]);
  });

  it('keeps at most 50 short lines of one paragraph apart; past them they are text wrapped short, joined with spaces', () => {
    const lines = Array.from({ length: 80 }, (_, index) => `Rad ${index + 1}`);
    const parsed = importText(`${HEADER}Ärendet\n${lines.join('\n')}`);
    const [paragraph] = texts(parsed.sections.arendet);
    expect(paragraph!.split('\n')).toHaveLength(50);
    expect(paragraph!.replace(/\n/g, ' ')).toBe(lines.join(' '));
  });

  it('keeps short lines of prose apart with line breaks and a marked list line by line', () => {
    const parsed = importText(`${HEADER}Ärendet\nAdressen är:\nBox 123\n123 45 Ort\n\n- första punkten\n- andra punkten\nTredje raden`);
    expect(texts(parsed.sections.arendet)).toEqual(['Adressen är:\nBox 123\n123 45 Ort', 'första punkten\nandra punkten', 'Tredje raden']);
  });
});

describe('closing lines announcing bilagor', () => {
  const YTTRANDE =
    'Yttrande\n\nTill\n\nKommunstyrelsen\n\nRemiss om något\n\nSammanfattning\n\nKort.\n\nYttrande\n\nNämnden tillstyrker.\n\n';

  it('are read when wrapped over two lines of a text file', () => {
    const parsed = importText(
      `${YTTRANDE}Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig\nreservation i förmån till eget yrkande, bilaga.`,
    );
    expect(parsed.announcedBilagor).toEqual([
      {
        type: 'reservation',
        persons: [
          { name: 'Farishta Sulaiman', party: 'M' },
          { name: 'Ingrid Gunnarson', party: 'M' },
          { name: 'Anna Adell', party: 'M' },
        ],
      },
    ]);
    expect(texts(parsed.sections.yttrande)).toEqual(['Nämnden tillstyrker.']);
    expect(parsed.closingLines.map((runs) => runs.map((run) => run.text).join(''))).toEqual([
      'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    ]);
  });

  it("are read in the wording of the organisation's own pack", () => {
    const pack = {
      ...MALMO_PACK,
      id: 'egen',
      closingLines: { sarskilt_yttrande: 'anmäler särskilt yttrande, bilaga.', reservation: 'reserverar sig skriftligt, bilaga.' },
    };
    const parsed = importText(`${YTTRANDE}Kerstin Håkansson (M) och Marek Lakatos (V) anmäler särskilt yttrande, bilaga.`, pack);
    expect(parsed.announcedBilagor).toEqual([
      {
        type: 'sarskilt_yttrande',
        persons: [
          { name: 'Kerstin Håkansson', party: 'M' },
          { name: 'Marek Lakatos', party: 'V' },
        ],
      },
    ]);
    expect(texts(parsed.sections.yttrande)).toEqual(['Nämnden tillstyrker.']);
    const prose = importText(`${YTTRANDE}Nämnden noterar att ledamoten anmäler särskilt yttrande, bilaga.`, pack);
    expect(prose.announcedBilagor).toEqual([]);
  });
});

describe('a document copied without its blank lines (an e-mail, a text box)', () => {
  it.each(SEED_NAMES)('%s imports into the same fields, sections and bilagor as with them', (name) => {
    const seed = readSeed(name);
    const spaced = importText(seed);
    const dense = importText(seed.replace(/\n\s*\n/g, '\n'));
    expect(dense.title).toBe(spaced.title);
    expect(dense.fields).toEqual(spaced.fields);
    expect(dense.sections).toEqual(spaced.sections);
    expect(dense.announcedBilagor).toEqual(spaced.announcedBilagor);
  });
});

/** Text wrapped at a fixed width, as an e-mail program or an editor writes it (a Markdown heading stays one line). */
function wrapAt(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width || line.startsWith('#')) return line;
      const lines: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && `${current} ${word}`.length > width) {
          lines.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      return [...lines, current].join('\n');
    })
    .join('\n');
}

const sectionTexts = (parsed: ParsedDocument): Record<string, string[]> =>
  Object.fromEntries(Object.entries(parsed.sections).map(([key, blocks]) => [key, texts(blocks)]));

describe('a document wrapped at a fixed width (an e-mail, a Markdown file)', () => {
  it.each(SEED_NAMES.flatMap((name) => [72, 90].map((width) => [name, width] as const)))(
    '%s wrapped at %i columns imports into the same fields and section texts as unwrapped',
    (name, width) => {
      const seed = readSeed(name);
      const unwrapped = importText(seed);
      const wrapped = importText(wrapAt(seed, width));
      expect(wrapped.title).toBe(unwrapped.title);
      expect(wrapped.fields).toEqual(unwrapped.fields);
      expect(sectionTexts(wrapped)).toEqual(sectionTexts(unwrapped));
      expect(wrapped.announcedBilagor).toEqual(unwrapped.announcedBilagor);
    },
  );
});
