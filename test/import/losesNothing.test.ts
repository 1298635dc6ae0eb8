/**
 * Import loses nothing: every non-empty line of each seed, and of each test document written in
 * another municipality's style (test/fixtures/municipalities), is, after an import over the real
 * API, in the created document (its text export: header fields, title, sections, signatures,
 * closing lines) or named in the import report as text that could not be placed. A header line
 * read into a field in another shape ("Datum: 14 mars 2024" becomes 2024-03-14) counts when the
 * report names the line and the value it gave is in the document.
 */
import { describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import { importText } from '../../server/import';
import { keepClosingLinesAsText, UNPLACED_HEADING } from '../../server/import/unplacedText';
import { MUNICIPALITY_DOCUMENTS, readMunicipalityDocument } from '../fixtures/municipalities/documents';
import { normaliseText, readSeed, SEED_NAMES } from '../helpers/seeds';
import { useServersAndClients, type TestServer } from '../helpers/server';

interface Imported {
  id: string;
  report: { type: { reason: string }; entries: Array<{ kind: string; message: string }> };
  announcedBilagor: Array<{ type: string; persons: Array<{ name: string; party?: string }> }>;
}

async function importSeed(server: TestServer, text: string): Promise<Imported> {
  const response = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
    body: text,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Imported;
}

async function exportedText(server: TestServer, id: string): Promise<string> {
  const response = await fetch(`${server.url}/api/documents/${id}/export?format=txt`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** Compared without Markdown marks, list markers and wrapping; dotted signature rules hold no text. */
const comparable = (text: string): string => normaliseText(text).replace(/[’‘]/g, "'");

/**
 * The source's lines that are neither in the exported document nor named in the report: as not
 * placed, or as the line a header field was read from (with the value it gave in the document).
 */
function lostLines(source: string, document: string, imported: Imported): string[] {
  const entries = imported.report.entries;
  const unplaced = comparable(
    entries
      .filter((entry) => entry.kind === 'unplaced')
      .map((entry) => entry.message)
      .join('\n'),
  );
  // A heading or type line named in other words ("Ärendebeskrivning" became Ärendet): the report says where it went.
  const structure = comparable(
    [imported.report.type.reason, ...entries.filter((entry) => entry.kind === 'section').map((entry) => entry.message)].join('\n'),
  );
  const readIntoField = (line: string): boolean =>
    entries.some((entry) => {
      if ((entry.kind !== 'field' && entry.kind !== 'signature') || !comparable(entry.message).includes(line)) return false;
      // 'Datum: "2024-03-14" (ur raden …)'; 'Förvaltningsdirektör: Per Strand (underskrift med titeln …)'.
      const value = entry.kind === 'field' ? /^[^"]*"([^"]*)"/.exec(entry.message)?.[1] : /^[^:]*: ([^(]*) \(/.exec(entry.message)?.[1];
      return value !== undefined && document.includes(comparable(value));
    });
  // A column gap (a tab, three spaces or more) separates texts laid out side by side.
  return source
    .split(/\n|\t+| {3,}/)
    .map(comparable)
    .filter((line) => line !== '')
    .filter((line) => !document.includes(line) && !unplaced.includes(line) && !structure.includes(line) && !readIntoField(line));
}

describe('importing a seed keeps every line of it', () => {
  const { start } = useServersAndClients();

  it.each(SEED_NAMES)('%s: every line is in the document or reported as not placed', async (seed) => {
    const server = await start();
    const source = readSeed(seed);
    const imported = await importSeed(server, source);
    const document = comparable(await exportedText(server, imported.id));
    expect(lostLines(source, document, imported), `lines of ${seed} neither in the document nor in the report`).toEqual([]);
  });

  it('the seed yttrande, exported again, ends with both closing lines and announces both bilagor with their signatories', async () => {
    const server = await start();
    const imported = await importSeed(server, readSeed('yttrande-asn-2023-13451'));
    const exported = await exportedText(server, imported.id);
    const lines = exported.split('\n').map((line) => line.trim());
    expect(lines).toContain('Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.');
    expect(lines).toContain(
      'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    );
    expect(
      imported.announcedBilagor.map((bilaga) => [bilaga.type, bilaga.persons.map((person) => `${person.name} (${person.party})`)]),
    ).toEqual([
      ['sarskilt_yttrande', ['Kerstin Håkansson (M)', 'Marek Lakatos (V)']],
      ['reservation', ['Farishta Sulaiman (M)', 'Ingrid Gunnarson (M)', 'Anna Adell (M)']],
    ]);
  });
});

describe("importing another municipality's document keeps every line of it", () => {
  const { start } = useServersAndClients();

  it.each(MUNICIPALITY_DOCUMENTS)('%s: every line is in the document or in the report', async (name) => {
    const server = await start();
    const source = readMunicipalityDocument(name);
    const imported = await importSeed(server, source);
    const document = comparable(await exportedText(server, imported.id));
    expect(lostLines(source, document, imported), `lines of ${name} neither in the document nor in the report`).toEqual([]);
  });
});

describe('the closing lines of the seed yttrande, which an import cannot make bilagor of', () => {
  const parsed = importText(readSeed('yttrande-asn-2023-13451'));
  const kept = keepClosingLinesAsText(parsed);
  const last = kept.sections.yttrande!.map(blockText);
  const closingLines = [
    'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
    'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
  ];

  it('are kept at the end of the last section under a labelled "Ej placerad text" heading', () => {
    const heading = last.indexOf(UNPLACED_HEADING);
    expect(heading).toBeGreaterThan(0);
    expect(last.slice(0, heading)).toEqual(parsed.sections.yttrande!.map(blockText));
    expect(last.slice(heading + 2)).toEqual(closingLines);
  });

  it('are each named in the report as not placed', () => {
    const unplaced = kept.report.entries.filter((entry) => entry.kind === 'unplaced' && entry.message.includes(UNPLACED_HEADING));
    expect(unplaced.map((entry) => entry.message)).toEqual(closingLines.map((line) => expect.stringContaining(line)));
  });

  it('stay announced bilagor for a caller that creates the bilagor itself, and out of its text', () => {
    expect(parsed.announcedBilagor).toHaveLength(2);
    expect(Object.values(parsed.sections).flat().map(blockText).join('\n')).not.toContain('avser inkomma');
  });

  it('leave a document without closing lines as it is', () => {
    const tjansteskrivelse = importText(readSeed('tjansteskrivelse-asn-2023-5446'));
    expect(keepClosingLinesAsText(tjansteskrivelse)).toBe(tjansteskrivelse);
  });
});

describe("importing with the organisation's template pack", () => {
  const { start } = useServersAndClients();

  it('a Stockholm-style tjänsteutlåtande, with the Stockholm pack active, becomes a document of that pack that keeps every line', async () => {
    const server = await start();
    const chosen = await fetch(`${server.url}/api/templates/active`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ packId: 'stockholm' }),
    });
    expect(chosen.status).toBe(200);
    const source = readMunicipalityDocument('stockholm-tjansteutlatande');
    const imported = await importSeed(server, source);
    const exported = await exportedText(server, imported.id);
    // The pack's own section names, with the text that belongs under them.
    for (const heading of [
      'Förslag till beslut',
      'Sammanfattning',
      'Ärendebeskrivning',
      'Förvaltningens synpunkter och förslag',
      'Barnkonsekvensanalys',
      'Bilagor',
    ]) {
      expect(exported.split('\n').map((line) => line.trim())).toContain(heading);
    }
    const document = comparable(exported);
    expect(document).toContain(comparable('Förvaltningschef Gunilla Larsson'));
    expect(lostLines(source, document, imported), 'lines of the Stockholm document neither in the document nor in the report').toEqual([]);
  });
});
