import { describe, expect, it } from 'vitest';
import { importText } from '../../server/import';
import { readSeed } from '../helpers/seeds';
import { api, useServersAndClients, type TestServer } from '../helpers/server';

/** A tjänsteskrivelse in the style of a municipality that numbers its ärenden "KS 2023/145". */
const tjansteskrivelse = (diarienummerLine: string, titleLine: string): string => `Datum

2023-05-02

Vår referens

Anna Berg

Utredare

anna.berg@kommun.se

Tjänsteskrivelse

${diarienummerLine}

${titleLine}

Sammanfattning

Kommunstyrelsen föreslås anta riktlinjer för föreningsbidrag.

Förslag till beslut

Kommunstyrelsen föreslås besluta

1. Kommunstyrelsen antar riktlinjerna för föreningsbidrag.

Beslutsunderlag

- Tjänsteskrivelse 2023-05-02

Ärendet

Riktlinjerna har inte setts över sedan 2015.

Barnperspektiv

Föreningsbidragen når många barn och unga, och riktlinjerna gör dem lättare att söka.

Ansvariga

Per Lind Kommundirektör
`;

describe("a diarienummer in another municipality's format", () => {
  const { start } = useServersAndClients();
  const importDocument = async (server: TestServer, text: string) => {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: text,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const setStatus = (server: TestServer, id: string, status: string) =>
    api<{ error?: string; issues?: Array<{ key: string }>; status?: string }>(
      server,
      server.adminToken,
      'POST',
      `/api/documents/${id}/status`,
      { status },
    );

  it('lets a complete KS 2023/145 tjänsteskrivelse reach klar för AU without an override', async () => {
    const server = await start();
    const id = await importDocument(server, tjansteskrivelse('', 'Riktlinjer för föreningsbidrag KS 2023/145'));
    expect((await setStatus(server, id, 'granskning')).status).toBe(200);
    const ready = await setStatus(server, id, 'klar_for_au');
    expect(ready.body.issues ?? [], ready.body.error).toEqual([]);
    expect(ready.status).toBe(200);
  });

  it('fills the Diarienummer field from a header line "Dnr KFKS 2017/1106"', () => {
    const parsed = importText(tjansteskrivelse('Dnr KFKS 2017/1106', 'Riktlinjer för föreningsbidrag'));
    expect(parsed.fields.diarienummer).toBe('KFKS 2017/1106');
    expect(parsed.fields.arendemening).toBe('Riktlinjer för föreningsbidrag');
    expect(parsed.report.entries.filter((entry) => entry.field === 'diarienummer' && entry.kind === 'warning')).toEqual([]);
  });

  it("reads both numbers of a yttrande, its own and the remitting organ's, in other formats", () => {
    const seed = readSeed('yttrande-asn-2023-13451').replace('ASN-2023-13451', 'KFKS 2017/1106').replace('STK-2023-663', 'Kun 2010/173');
    const parsed = importText(seed);
    expect(parsed.fields.diarienummer).toBe('KFKS 2017/1106');
    expect(parsed.fields.remissDiarienummer).toBe('Kun 2010/173');
    expect(parsed.report.entries.filter((entry) => entry.kind === 'warning' && entry.field)).toEqual([]);
  });

  it('splits a title ending in "2014/KS 0012 001" into title and diarienummer', () => {
    const parsed = importText(tjansteskrivelse('', 'Riktlinjer för föreningsbidrag 2014/KS 0012 001'));
    expect(parsed.fields.arendemening).toBe('Riktlinjer för föreningsbidrag');
    expect(parsed.fields.diarienummer).toBe('2014/KS 0012 001');
  });
});
