/**
 * Import loses nothing: every non-empty line of each seed is, after an import over the real API,
 * in the created document (its text export: header fields, title, sections, signatures, closing
 * lines) or named in the import report as text that could not be placed.
 */
import { describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import { importText } from '../../server/import';
import { keepClosingLinesAsText, UNPLACED_HEADING } from '../../server/import/unplacedText';
import { normaliseText, readSeed, SEED_NAMES } from '../helpers/seeds';
import { useServersAndClients, type TestServer } from '../helpers/server';

interface Imported {
  id: string;
  report: { entries: Array<{ kind: string; message: string }> };
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

describe('importing a seed keeps every line of it', () => {
  const { start } = useServersAndClients();

  it.each(SEED_NAMES)('%s: every line is in the document or reported as not placed', async (seed) => {
    const server = await start();
    const source = readSeed(seed);
    const imported = await importSeed(server, source);
    const document = comparable(await exportedText(server, imported.id));
    const unplaced = comparable(
      imported.report.entries
        .filter((entry) => entry.kind === 'unplaced')
        .map((entry) => entry.message)
        .join('\n'),
    );
    const lost = source
      .split('\n')
      .map(comparable)
      .filter((line) => line !== '')
      .filter((line) => !document.includes(line) && !unplaced.includes(line));
    expect(lost, `lines of ${seed} neither in the document nor in the report`).toEqual([]);
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
