import { describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import { importText } from '../../server/import';

const HEADER = 'Datum\n\n2024-01-15\n\nTjänsteskrivelse\n\nEtt ärende ASN-2024-1\n\n';

describe('importing text', () => {
  it('maps heading variants without case or diacritics ("FORSLAG TILL BESLUT:", "Beslutsförslag")', () => {
    const parsed = importText(
      `${HEADER}## SAMMANFATTNING\n\nKort.\n\n**Forslag till beslut:**\n\n1. Nämnden beslutar.\n\nBarnkonsekvensanalys\n\nBarn berörs.`,
    );
    expect(parsed.sections.sammanfattning?.map(blockText)).toEqual(['Kort.']);
    expect(parsed.sections.forslagTillBeslut?.map(blockText)).toEqual(['Nämnden beslutar.']);
    expect(parsed.sections.barnperspektiv?.map(blockText)).toEqual(['Barn berörs.']);
    const alias = importText(`${HEADER}Beslutsförslag\n\n1. Ja.`);
    expect(alias.sections.forslagTillBeslut?.map(blockText)).toEqual(['Ja.']);
  });

  it('puts an unknown heading before the first section, and its text, in Ärendet and says so', () => {
    const parsed = importText(`${HEADER}## Inledning\n\nDetta är en inledning.\n\nSammanfattning\n\nKort.`);
    expect(parsed.sections.arendet?.map(blockText)).toEqual(['Inledning', 'Detta är en inledning.']);
    const unplaced = parsed.report.entries.filter((entry) => entry.kind === 'unplaced');
    expect(unplaced[0]?.message).toBe('Texten "Inledning" före första avsnittet kändes inte igen och lades i Ärendet.');
  });

  it('moves text under an unknown heading after a list section to the main prose section', () => {
    const parsed = importText(`${HEADER}Beslutsunderlag\n\n- Bilaga 1\n\n## Övrigt att beakta\n\nEn mening.`);
    expect(parsed.sections.beslutsunderlag?.map(blockText)).toEqual(['Bilaga 1']);
    expect(parsed.sections.arendet?.map(blockText)).toEqual(['Övrigt att beakta', 'En mening.']);
  });

  it('reads bold and italic runs, including ***both***', () => {
    const parsed = importText(`${HEADER}Ärendet\n\nEtt **viktigt** och *kursivt* och ***båda*** ord.`);
    const block = parsed.sections.arendet![0]!;
    expect(block.kind === 'paragraph' && block.runs).toEqual([
      { text: 'Ett ' },
      { text: 'viktigt', bold: true },
      { text: ' och ' },
      { text: 'kursivt', italic: true },
      { text: ' och ' },
      { text: 'båda', bold: true, italic: true },
      { text: ' ord.' },
    ]);
  });

  it('detects the type from the section titles when the type line is missing', () => {
    const parsed = importText('Sammanfattning\n\nKort.\n\nYttrande\n\nNämnden tillstyrker.');
    expect(parsed.type).toBe('yttrande');
    expect(parsed.report.type.reason).toContain('avsnittsrubrikerna');
  });

  it('does not join a header e-mail line onto the title line before it', () => {
    const parsed = importText(
      'Datum\n\n2024-01-15\n\nVår referens\n\nAnna Berg\n\nHandläggare\n\nanna.berg@malmo.se\n\nTjänsteskrivelse\n\nRubrik\n\nASN-2024-2\n\nSammanfattning\n\nText.',
    );
    expect(parsed.fields.varReferens).toEqual({ name: 'Anna Berg', title: 'Handläggare', email: 'anna.berg@malmo.se' });
  });

  it('reads a date written in words into an ISO date and says how it was written', () => {
    const parsed = importText('Datum\n\n15 januari 2024\n\nTjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\nText.');
    expect(parsed.fields.datum).toBe('2024-01-15');
    expect(parsed.report.entries).toContainEqual({
      kind: 'field',
      message: 'Datum: "2024-01-15" (raden efter "Datum", skrivet "15 januari 2024").',
      field: 'datum',
    });
  });

  it('keeps a header label that has no value under "Ej placerad text" and says so', () => {
    const parsed = importText('Handläggare\n\nTjänsteskrivelse\n\nNya riktlinjer\n\nSammanfattning\n\nText.');
    const last = parsed.sections.ansvariga!.map(blockText);
    expect(last.at(-1)).toBe('Handläggare');
    expect(parsed.report.entries).toContainEqual(
      expect.objectContaining({
        kind: 'unplaced',
        message: expect.stringContaining('"Handläggare" kunde inte placeras: rubriken för Vår referens saknar värde i filen'),
      }),
    );
  });

  it('warns about a header value that is not valid, but keeps it for the official to correct', () => {
    const parsed = importText('Datum\n\nnågon gång i vår\n\nTjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\nText.');
    expect(parsed.fields.datum).toBe('någon gång i vår');
    expect(parsed.report.entries).toContainEqual({
      kind: 'warning',
      message: 'Datum ska vara ett datum som 2023-09-27.',
      field: 'datum',
    });
  });
});
