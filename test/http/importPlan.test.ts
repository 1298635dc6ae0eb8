/**
 * The import dialog's plan over the real server: the dry run numbers every block and proposes its
 * section for each type; the same file sent again with a plan is created as the plan says, and a
 * plan that is malformed or does not fit the file is refused with 400 and creates nothing.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { templates } from '../../shared/model';
import { installErrorHandler } from '../../server/http/errorHandler';
import { registerImportExportRoutes } from '../../server/http/routes/importExport';
import { DOCX_MEDIA_TYPE } from '../../server/import';
import type { ProposedPlan } from '../../server/import/importPlan';
import { CLOSING_LINE, MISPLACED_LINE, PLANNED_FILE } from '../fixtures/importPlanFile';
import type { UserRecord } from '../../server/storage/storage';
import { api, startTestServer, type TestServer } from '../helpers/server';

interface DryRun {
  type: string;
  title: string;
  fields: Record<string, unknown>;
  plan: ProposedPlan;
}

describe('an import with a plan', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async (query: string, plan?: unknown, raw?: string) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${server.adminToken}`,
      'content-type': 'text/plain; charset=utf-8',
    };
    if (raw !== undefined) headers['x-yttra-import-plan'] = raw;
    else if (plan !== undefined) headers['x-yttra-import-plan'] = asciiJson(plan);
    const response = await fetch(`${server.url}/api/import${query}`, { method: 'POST', headers, body: PLANNED_FILE });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const dryRun = async () => {
    const { status, body } = await post('?dryRun=1');
    expect(status).toBe(200);
    return body as unknown as DryRun;
  };
  const blockIndex = (plan: ProposedPlan, text: string) => {
    const block = plan.sections.flatMap((section) => section.blocks).find((candidate) => candidate.preview.includes(text));
    if (!block) throw new Error(`no block in the plan shows "${text}"`);
    return block.index;
  };
  const sectionTexts = (view: DocumentSnapshotView, key: string) =>
    view.sections
      .find((section) => section.key === key)!
      .blocks.map(blockText)
      .join('\n');
  const documentCount = async () => (await server.documents.list()).length;

  it('numbers every block of the dry run once, in order, with the section proposed for each type', async () => {
    const { plan } = await dryRun();
    expect(plan.type).toBe('tjansteskrivelse');
    const indices = plan.sections.flatMap((section) => section.blocks.map((block) => block.index));
    expect(indices).toEqual(indices.map((_, position) => position));
    const arendet = plan.sections.find((section) => section.key === 'arendet')!;
    expect(arendet.blocks.map((block) => block.preview)).toContain(MISPLACED_LINE);
    const own = plan.types.find((type) => type.key === 'tjansteskrivelse')!;
    expect(own.proposed[blockIndex(plan, MISPLACED_LINE)]).toBe('arendet');
    // A yttrande has no Ärendet: the text goes to its main section, Yttrande; Sammanfattning keeps its key.
    const yttrande = plan.types.find((type) => type.key === 'yttrande')!;
    expect(yttrande.proposed[blockIndex(plan, MISPLACED_LINE)]).toBe('yttrande');
    expect(yttrande.proposed[blockIndex(plan, 'föreslås anta riktlinjer')]).toBe('sammanfattning');
    // A nämndinitiativ has no diarienummer field: the dialog can say where that value will go.
    expect(plan.types.find((type) => type.key === 'namndinitiativ')!.unplacedFields).toContain('diarienummer');
    expect(own.unplacedFields).toEqual([]);
  });

  it('puts a moved block in the chosen section of the created document, and only there', async () => {
    const { plan } = await dryRun();
    const { status, body } = await post('', { moves: [{ block: blockIndex(plan, MISPLACED_LINE), section: 'barnperspektiv' }] });
    expect(status, JSON.stringify(body)).toBe(201);
    const view = await server.documents.readView(body.id as string);
    expect(sectionTexts(view, 'barnperspektiv')).toContain(MISPLACED_LINE);
    expect(sectionTexts(view, 'arendet')).not.toContain(MISPLACED_LINE);
    expect(sectionTexts(view, 'arendet')).toContain('Kommunen har sedan 2015');
    const report = body.report as { entries: Array<{ kind: string; message: string }> };
    expect(report.entries.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(/^Du flyttade .* från Ärendet till Barnperspektiv\.$/),
    );
  });

  it('creates the type and the title the plan chooses, re-mapping the sections by key or else to the main section', async () => {
    const dry = await dryRun();
    const title = 'Yttrande över riktlinjer för medborgardialog – remissvar';
    const { status, body } = await post('', { type: 'yttrande', title });
    expect(status, JSON.stringify(body)).toBe(201);
    const view = await server.documents.readView(body.id as string);
    expect(view.type).toBe('yttrande');
    expect(view.title).toBe(title);
    expect(view.fields.remissTitel).toBe(title);
    expect(view.fields.diarienummer).toBe(dry.fields.diarienummer);
    expect(view.fields.diarienummer).toBe('ASN-2024-312');
    expect(sectionTexts(view, 'sammanfattning')).toContain('föreslås anta riktlinjer');
    const yttrande = sectionTexts(view, 'yttrande');
    for (const text of [MISPLACED_LINE, 'Kommunen har sedan 2015', 'Barn berörs genom', 'antar riktlinjerna', 'Anna Lind, utredare']) {
      expect(yttrande).toContain(text);
    }
  });

  it('keeps a header value the chosen type has no field for as text under "Ej placerad text", and carries the title', async () => {
    const dry = await dryRun();
    expect(dry.fields.diarienummer, 'the file has a diarienummer').toBe('ASN-2024-312');
    const { status, body } = await post('', { type: 'namndinitiativ' });
    expect(status, JSON.stringify(body)).toBe(201);
    const view = await server.documents.readView(body.id as string);
    expect(view.type).toBe('namndinitiativ');
    expect(dry.title, 'the file has an ärendemening').toBe('Riktlinjer för medborgardialog');
    expect(view.title).toBe(dry.title);
    expect(view.fields.arendemening).toBe(dry.title);
    const last = sectionTexts(view, 'yrkande');
    expect(last).toMatch(/Ej placerad text[\s\S]*Diarienummer: ASN-2024-312/);
    const report = body.report as { entries: Array<{ kind: string; message: string }> };
    expect(report.entries).toContainEqual(
      expect.objectContaining({ kind: 'unplaced', message: expect.stringMatching(/^Diarienummer .*Ej placerad text/) }),
    );
  });

  it('marks the unplaced text in the dry run, and a line moved from it is moved, with the report still naming it', async () => {
    const { plan } = await dryRun();
    const blocks = plan.sections.flatMap((section) => section.blocks);
    const closing = blocks.find((block) => block.preview === CLOSING_LINE)!;
    expect(closing.unplaced).toBe(true);
    expect(blocks.find((block) => block.preview === 'Ej placerad text')?.unplaced).toBe(true);
    expect(blocks.find((block) => block.preview === MISPLACED_LINE)?.unplaced).toBe(false);

    const { status, body } = await post('', { moves: [{ block: closing.index, section: 'arendet' }] });
    expect(status, JSON.stringify(body)).toBe(201);
    const view = await server.documents.readView(body.id as string);
    expect(sectionTexts(view, 'arendet')).toContain(CLOSING_LINE);
    expect(sectionTexts(view, 'ansvariga')).not.toContain(CLOSING_LINE);
    const report = body.report as { entries: Array<{ kind: string; message: string }> };
    expect(report.entries).toContainEqual(expect.objectContaining({ kind: 'unplaced', message: expect.stringContaining('avser inkomma') }));
  });

  it('applies a plan to a dry run without creating anything', async () => {
    const before = await documentCount();
    const { plan } = await dryRun();
    const { status, body } = await post('?dryRun=1', {
      title: 'Ny titel',
      moves: [{ block: blockIndex(plan, MISPLACED_LINE), section: 'sammanfattning' }],
    });
    expect(status).toBe(200);
    expect(body.title).toBe('Ny titel');
    const sections = body.sections as Record<string, Array<Parameters<typeof blockText>[0]>>;
    expect(sections.sammanfattning!.map(blockText)).toContain(MISPLACED_LINE);
    expect(await documentCount()).toBe(before);
  });

  it('accepts the largest plan the limits allow (150 moves, a 300-character title outside ASCII) through the header', async () => {
    const paragraphs = Array.from({ length: 160 }, (_, line) => `Stycke ${line + 1} om medborgardialogens former i kommunen.`);
    const file = PLANNED_FILE.replace(MISPLACED_LINE, paragraphs.join('\n\n'));
    const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/plain; charset=utf-8' };
    const dry = await fetch(`${server.url}/api/import?dryRun=1`, { method: 'POST', headers, body: file });
    const { plan } = (await dry.json()) as DryRun;
    const arendet = plan.sections
      .find((section) => section.key === 'arendet')!
      .blocks.filter((block) => block.preview.startsWith('Stycke'));
    expect(arendet.length).toBeGreaterThanOrEqual(150);
    const title = 'Ö'.repeat(290) + '😀'.repeat(5);
    const moves = arendet.slice(0, 150).map((block) => ({ block: block.index, section: 'ekonomiskaKonsekvenser' }));
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { ...headers, 'x-yttra-import-plan': asciiJson({ type: 'tjansteskrivelse', title, moves }) },
      body: file,
    });
    expect(response.status).toBe(201);
    const view = await server.documents.readView(((await response.json()) as { id: string }).id);
    expect(view.title).toBe(title);
    expect(sectionTexts(view, 'ekonomiskaKonsekvenser')).toContain('Stycke 150 om');
    expect(sectionTexts(view, 'arendet')).not.toContain('Stycke 150 om');
  });

  it('numbers the blocks of a Word file the same way at create as in its dry run', async () => {
    const made = await post('');
    const exported = await fetch(`${server.url}/api/documents/${made.body.id as string}/export?format=docx`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const docx = Buffer.from(await exported.arrayBuffer());
    const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': DOCX_MEDIA_TYPE };
    const dry = await fetch(`${server.url}/api/import?dryRun=1`, { method: 'POST', headers, body: docx });
    expect(dry.status).toBe(200);
    const { plan } = (await dry.json()) as DryRun;
    const moves = [{ block: blockIndex(plan, MISPLACED_LINE), section: 'ekonomiskaKonsekvenser' }];
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { ...headers, 'x-yttra-import-plan': asciiJson({ moves }) },
      body: docx,
    });
    expect(response.status).toBe(201);
    const view = await server.documents.readView(((await response.json()) as { id: string }).id);
    expect(sectionTexts(view, 'ekonomiskaKonsekvenser')).toBe(MISPLACED_LINE);
    expect(sectionTexts(view, 'arendet')).toContain('Kommunen har sedan 2015');
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['an unknown type', { type: 'protokoll' }, /dokumenttyp är okänd.*tjansteskrivelse/],
    ['an unknown section key', { moves: [{ block: 0, section: 'bilagor' }] }, /Avsnittet "bilagor" finns inte i en tjänsteskrivelse/],
    ['a section of another type', { moves: [{ block: 0, section: 'yttrande' }] }, /Avsnittet "yttrande" finns inte/],
    ['a block index out of range', { moves: [{ block: 9999, section: 'arendet' }] }, /Block 9999 finns inte; filen har block 0–\d+/],
    ['a negative block index', { moves: [{ block: -1, section: 'arendet' }] }, /heltal från 0/],
    [
      'a block moved twice',
      {
        moves: [
          { block: 1, section: 'arendet' },
          { block: 1, section: 'ansvariga' },
        ],
      },
      /flyttas mer än en gång/,
    ],
    ['an extra key', { type: 'yttrande', sections: {} }, /okända fält \(sections\)/],
    ['an extra key in a move', { moves: [{ block: 1, section: 'arendet', position: 0 }] }, /okända fält \(position\)/],
    ['a title over 300 characters', { title: 'x'.repeat(301) }, /högst 300 tecken/],
    ['an empty title', { title: '   ' }, /Titeln i importplanen är tom/],
    ['a title with a bidi override', { title: 'Riktlinjer\u202Efdp.exe' }, /styrtecken/],
    [
      'too many moves',
      { moves: Array.from({ length: 151 }, (_, block) => ({ block, section: 'arendet' })) },
      /för många block \(högst 150\)/,
    ],
    ['a list instead of an object', [], /ska vara ett objekt/],
  ];
  for (const [what, plan, message] of refusals) {
    it(`refuses a plan with ${what} with 400, saying what to fix, and creates nothing`, async () => {
      const before = await documentCount();
      const { status, body } = await post('', plan);
      expect(status).toBe(400);
      expect(body.error).toMatch(message);
      expect(await documentCount()).toBe(before);
    });
  }

  it('refuses a plan that is not JSON, not ASCII or too large with 400 and creates nothing', async () => {
    const before = await documentCount();
    const notJson = await post('', undefined, '{"type":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('Importplanen är inte giltig JSON.');
    const notAscii = await post('', undefined, '{"title":"Åtgärder"}');
    expect(notAscii.status).toBe(400);
    expect(notAscii.body.error).toMatch(/bara ASCII-tecken/);
    const tooLarge = await post('', undefined, `{"title":"${'a'.repeat(11 * 1024)}"}`);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error).toMatch(/för stor/);
    expect(await documentCount()).toBe(before);
  });
});

/** JSON with every character outside printable ASCII as a \u escape, as the client sends it. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const ADMINISTRATOR: UserRecord = {
  id: 'import-plan-admin',
  email: 'importplan@test.yttra',
  name: 'Plan Testsson',
  title: 'Nämndsekreterare',
  party: null,
  isAdmin: true,
  disabled: false,
  mustChangePassword: false,
  createdAt: '2024-01-01T00:00:00.000Z',
};

describe("an import with a plan into another organisation's template pack", () => {
  let server: TestServer;
  let app: FastifyInstance;
  const stockholm = templates.pack({ pack: 'stockholm', version: 1 });

  beforeAll(async () => {
    server = await startTestServer();
    // The routes in an app of their own whose active pack is Stockholm's (as an administrator would choose it).
    app = Fastify();
    installErrorHandler(app);
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      request.user = ADMINISTRATOR;
    });
    registerImportExportRoutes(app, {
      documents: server.documents,
      versionView: async () => {
        throw new Error('not used');
      },
      activePack: () => stockholm,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  const importFile = (query: string, plan?: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/import${query}`,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...(plan ? { 'x-yttra-import-plan': asciiJson(plan) } : {}) },
      payload: PLANNED_FILE,
    });

  it("offers the pack's types and sections, and makes the document from that pack with the block where it was moved", async () => {
    const { plan } = importFileJson(await importFile('?dryRun=1'));
    const own = plan.types.find((type) => type.key === 'tjansteskrivelse')!;
    expect(own.label).toBe('Tjänsteutlåtande');
    expect(own.sections.map((section) => section.key)).toContain('forvaltningensSynpunkter');
    const block = plan.sections.flatMap((section) => section.blocks).find((candidate) => candidate.preview === MISPLACED_LINE)!;

    const response = await importFile('', { moves: [{ block: block.index, section: 'forvaltningensSynpunkter' }] });
    expect(response.statusCode, response.body).toBe(201);
    const view = await server.documents.readView(response.json().id);
    expect(view.template).toEqual({ pack: 'stockholm', version: 1 });
    const texts = (key: string) =>
      view.sections
        .find((section) => section.key === key)!
        .blocks.map(blockText)
        .join('\n');
    expect(texts('forvaltningensSynpunkter')).toBe(MISPLACED_LINE);
  });

  it('reads a file into the pack an administrator made active on the real server', async () => {
    const activated = await api(server, server.adminToken, 'PUT', '/api/templates/active', { packId: 'stockholm' });
    expect(activated.status).toBe(200);
    const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/plain; charset=utf-8' };
    const dry = await fetch(`${server.url}/api/import?dryRun=1`, { method: 'POST', headers, body: PLANNED_FILE });
    const { plan } = (await dry.json()) as DryRun;
    expect(plan.types.find((type) => type.key === 'tjansteskrivelse')!.label).toBe('Tjänsteutlåtande');
    const created = await fetch(`${server.url}/api/import`, { method: 'POST', headers, body: PLANNED_FILE });
    expect(created.status).toBe(201);
    const view = await server.documents.readView(((await created.json()) as { id: string }).id);
    expect(view.template?.pack).toBe('stockholm');
  });

  it("refuses a move to a section the pack's type does not have", async () => {
    const before = (await server.documents.list()).length;
    const response = await importFile('', { moves: [{ block: 0, section: 'ansvariga' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/Avsnittet "ansvariga" finns inte i en tjänsteutlåtande/);
    expect((await server.documents.list()).length).toBe(before);
  });
});

function importFileJson(response: { json(): unknown }): DryRun {
  return response.json() as DryRun;
}
