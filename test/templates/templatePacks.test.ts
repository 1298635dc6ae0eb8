/**
 * Template packs: the shipped packs hold together and make every document type; a document keeps
 * the pack version it was made from when the pack changes, and moves to a newer one only when an
 * editor asks, losing nothing; an administrator's pack is checked before it is stored.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { paragraph } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, replaceSectionContent, sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { BUILT_IN_PACKS } from '../../shared/model/templatePacks';
import { completenessIssues, TemplateRegistry, type TemplatePack } from '../../shared/model';
import { parseTemplatePack } from '../../server/templates/templatePackSchema';
import { createPerson } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const sectionKeys = (doc: Y.Doc) => sectionElements(doc).map((element) => sectionKeyOf(element));

async function templateOf(server: TestServer, pack: string, version: number): Promise<TemplatePack> {
  const { status, body } = await api<{ template: TemplatePack }>(
    server,
    server.adminToken,
    'GET',
    `/api/templates/${pack}/versions/${version}`,
  );
  expect(status).toBe(200);
  return body.template;
}

async function saveTemplate(server: TestServer, template: TemplatePack, basedOn: number | null) {
  return api<{ template: TemplatePack; error?: string }>(server, server.adminToken, 'POST', '/api/templates', { template, basedOn });
}

async function liveSections(server: TestServer, id: string): Promise<Array<string | undefined>> {
  return server.documents.withRoom(id, (room) => sectionKeys(room.doc));
}

describe('the shipped template packs', () => {
  it.each(BUILT_IN_PACKS.map((pack) => [pack.name, pack] as const))('%s passes the schema', (_name, pack) => {
    expect(parseTemplatePack(JSON.parse(JSON.stringify(pack)))).toEqual(pack);
  });

  it.each(BUILT_IN_PACKS.flatMap((pack) => pack.documentTypes.map((type) => [pack.id, type.key, pack, type] as const)))(
    '%s makes a %s with its sections and fields in order',
    (_pack, _type, pack, type) => {
      const doc = new Y.Doc();
      initialiseDocument(doc, type.key, { title: 'Prov', template: { pack: pack.id, version: pack.version } });
      expect(sectionKeys(doc)).toEqual(type.sections.map((section) => section.key));
      const view = readDocument(doc);
      expect(view.template).toEqual({ pack: pack.id, version: pack.version });
      expect(Object.keys(view.fields).sort()).toEqual(type.fields.map((field) => field.key).sort());
      // Every required section of the empty document is reported under the pack's own title.
      const missing = completenessIssues(view).filter((issue) => issue.kind === 'section');
      for (const section of type.sections.filter((spec) => spec.required)) {
        expect(missing.map((issue) => issue.title)).toContain(section.title);
      }
    },
  );

  it('names the Stockholm tjänsteskrivelse a Tjänsteutlåtande with an Ärendebeskrivning and a Barnkonsekvensanalys', () => {
    const stockholm = new TemplateRegistry().pack({ pack: 'stockholm', version: 1 });
    const type = stockholm.documentTypes.find((candidate) => candidate.key === 'tjansteskrivelse')!;
    expect(type.label).toBe('Tjänsteutlåtande');
    expect(type.sections.map((section) => section.title)).toEqual(expect.arrayContaining(['Ärendebeskrivning', 'Barnkonsekvensanalys']));
    expect(type.signatureAfter).toBe('forslagTillBeslut');
  });
});

describe('an organisation chooses and changes its pack', () => {
  const { start } = useServersAndClients();

  it('makes every document type from the chosen pack, with its names', async () => {
    const server = await start();
    for (const pack of BUILT_IN_PACKS) {
      expect((await api(server, server.adminToken, 'PUT', '/api/templates/active', { packId: pack.id })).status).toBe(200);
      for (const type of pack.documentTypes) {
        const id = await createDocument(server, type.key, `${pack.name} ${type.label}`);
        const { body } = await api<{ typeLabel: string; template: unknown }>(server, server.adminToken, 'GET', `/api/documents/${id}`);
        expect(body.typeLabel).toBe(type.label);
        expect(body.template).toEqual({ pack: pack.id, version: 1 });
        expect(await liveSections(server, id)).toEqual(type.sections.map((section) => section.key));
      }
    }
  });

  it('keeps a document made from version 1 as it was when the pack changes, and makes new documents from version 2', async () => {
    const server = await start();
    const before = await createDocument(server, 'tjansteskrivelse', 'Före ändringen');
    const malmo = await templateOf(server, 'malmo', 1);
    const changed: TemplatePack = {
      ...malmo,
      letterhead: { organisation: 'Malmö stad', forvaltning: 'Arbetsmarknads- och socialförvaltningen' },
      documentTypes: malmo.documentTypes.map((type) =>
        type.key !== 'tjansteskrivelse'
          ? type
          : {
              ...type,
              label: 'Tjänsteutlåtande',
              sections: [
                ...type.sections
                  .filter((section) => section.key !== 'jamstalldhetsperspektiv')
                  .map((section) => (section.key === 'arendet' ? { ...section, title: 'Ärendebeskrivning' } : section)),
                {
                  key: 'hallbarhet',
                  title: 'Hållbarhetsperspektiv',
                  required: false,
                  hint: 'Miljö och klimat.',
                  content: 'prose' as const,
                },
              ],
            },
      ),
    };
    const saved = await saveTemplate(server, changed, 1);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.template.version).toBe(2);

    const oldSections = await liveSections(server, before);
    expect(oldSections).toContain('jamstalldhetsperspektiv');
    expect(oldSections).not.toContain('hallbarhet');
    const old = await api<{ typeLabel: string; template: unknown }>(server, server.adminToken, 'GET', `/api/documents/${before}`);
    expect(old.body).toMatchObject({ typeLabel: 'Tjänsteskrivelse', template: { pack: 'malmo', version: 1 } });

    const after = await createDocument(server, 'tjansteskrivelse', 'Efter ändringen');
    expect(await liveSections(server, after)).toContain('hallbarhet');
    const fresh = await api<{ typeLabel: string }>(server, server.adminToken, 'GET', `/api/documents/${after}`);
    expect(fresh.body.typeLabel).toBe('Tjänsteutlåtande');
  });

  it('moves a document to the new version on request, reporting first and keeping the text of a removed section', async () => {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Flyttas');
    await server.documents.withRoom(id, (room) =>
      room.change((doc) => replaceSectionContent(doc, 'jamstalldhetsperspektiv', [paragraph('Beslutet berör kvinnor och män lika.')])),
    );
    const malmo = await templateOf(server, 'malmo', 1);
    const changed: TemplatePack = {
      ...malmo,
      documentTypes: malmo.documentTypes.map((type) =>
        type.key !== 'tjansteskrivelse'
          ? type
          : { ...type, sections: type.sections.filter((section) => section.key !== 'jamstalldhetsperspektiv') },
      ),
    };
    expect((await saveTemplate(server, changed, 1)).status).toBe(201);

    const plan = await api<{ report: { messages: string[] } }>(server, server.adminToken, 'GET', `/api/documents/${id}/template-migration`);
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body.report.messages.join(' ')).toContain(
      'Jämställdhetsperspektiv finns inte i den nya versionen: texten flyttas till Ärendet',
    );
    expect(await liveSections(server, id)).toContain('jamstalldhetsperspektiv');

    const moved = await api(server, server.adminToken, 'POST', `/api/documents/${id}/template-migration`, { pack: 'malmo', version: 2 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const view = await server.documents.readView(id);
    expect(view.template).toEqual({ pack: 'malmo', version: 2 });
    expect(view.sections.map((section) => section.key)).not.toContain('jamstalldhetsperspektiv');
    const arendet = JSON.stringify(view.sections.find((section) => section.key === 'arendet')!.blocks);
    expect(arendet).toContain('Jämställdhetsperspektiv');
    expect(arendet).toContain('Beslutet berör kvinnor och män lika.');
    const listed = await api<{ template: unknown }>(server, server.adminToken, 'GET', `/api/documents/${id}`);
    expect(listed.body.template).toEqual({ pack: 'malmo', version: 2 });
  });

  it('narrows the accepted diarienummer to the formats the pack names', async () => {
    const server = await start();
    const malmo = await templateOf(server, 'malmo', 1);
    expect((await saveTemplate(server, { ...malmo, diarienummerFormats: ['organ-ar-lopnummer'] }, 1)).status).toBe(201);
    const id = await createDocument(server, 'tjansteskrivelse', 'Smalare format');
    const issuesWith = async (value: string) => {
      await server.documents.withRoom(id, async (room) => {
        const { writeField } = await import('../../shared/doc/headerFields');
        await room.change((doc) => writeField(doc, { key: 'diarienummer', kind: 'diarienummer' }, value));
      });
      return completenessIssues(await server.documents.readView(id)).filter((issue) => issue.key === 'diarienummer');
    };
    expect(await issuesWith('KS 2023/145')).toHaveLength(1);
    expect(await issuesWith('ASN-2023-13451')).toEqual([]);
  });

  it('refuses a pack that does not hold together, saying what to correct, and stores nothing', async () => {
    const server = await start();
    const malmo = await templateOf(server, 'malmo', 1);
    const tjansteskrivelse = malmo.documentTypes[0]!;
    const broken: Array<[string, unknown]> = [
      ['an unknown key', { ...malmo, colour: 'röd' }],
      [
        'two main sections',
        {
          ...malmo,
          documentTypes: [{ ...tjansteskrivelse, sections: tjansteskrivelse.sections.map((section) => ({ ...section, main: true })) }],
        },
      ],
      [
        'a repeated section',
        { ...malmo, documentTypes: [{ ...tjansteskrivelse, sections: [...tjansteskrivelse.sections, tjansteskrivelse.sections[0]] }] },
      ],
      ['a signature after a missing section', { ...malmo, documentTypes: [{ ...tjansteskrivelse, signatureAfter: 'finnsInte' }] }],
      [
        'a logo that is not a PNG',
        { ...malmo, letterhead: { organisation: 'X', logo: { mediaType: 'image/png', data: Buffer.from('<svg/>').toString('base64') } } },
      ],
      ['a bidi override in a name', { ...malmo, name: 'Malmö\u202Estad' }],
      ['an unknown diarienummer format', { ...malmo, diarienummerFormats: ['egen'] }],
    ];
    for (const [what, template] of broken) {
      const response = await api<{ error: string }>(server, server.adminToken, 'POST', '/api/templates', { template, basedOn: 1 });
      expect(response.status, what).toBe(400);
      expect(response.body.error, what).toMatch(/^Mallen kan inte sparas/);
    }
    const listed = await api<{ packs: Array<{ id: string; version: number }> }>(server, server.adminToken, 'GET', '/api/templates');
    expect(listed.body.packs.find((pack) => pack.id === 'malmo')!.version).toBe(1);
  });

  it('tells the second of two administrators saving at once to reload', async () => {
    const server = await start();
    const malmo = await templateOf(server, 'malmo', 1);
    expect((await saveTemplate(server, { ...malmo, name: 'Malmö stad A' }, 1)).status).toBe(201);
    const second = await saveTemplate(server, { ...malmo, name: 'Malmö stad B' }, 1);
    expect(second.status).toBe(409);
  });

  it('keeps saved versions and the choice of pack across a restart', async () => {
    const server = await start();
    const stockholm = await templateOf(server, 'stockholm', 1);
    expect((await saveTemplate(server, { ...stockholm, letterhead: { organisation: 'Nacka kommun' } }, 1)).status).toBe(201);
    expect((await api(server, server.adminToken, 'PUT', '/api/templates/active', { packId: 'stockholm' })).status).toBe(200);
    const id = await createDocument(server, 'tjansteskrivelse', 'Före omstart');
    await server.close();
    const again = await start({ dataDir: server.dataDir });
    const listed = await api<{ active: { pack: string; version: number } }>(again, again.adminToken, 'GET', '/api/templates');
    expect(listed.body.active).toMatchObject({ pack: 'stockholm', version: 2 });
    expect((await templateOf(again, 'stockholm', 2)).letterhead.organisation).toBe('Nacka kommun');
    const { body } = await api<{ typeLabel: string }>(again, again.adminToken, 'GET', `/api/documents/${id}`);
    expect(body.typeLabel).toBe('Tjänsteutlåtande');
  });

  it('lets only administrators change packs', async () => {
    const server = await start();
    const { token } = await createPerson(server, 'Mimmi Olsson');
    expect((await api(server, token, 'PUT', '/api/templates/active', { packId: 'stockholm' })).status).toBe(403);
    const malmo = await templateOf(server, 'malmo', 1);
    expect((await saveTemplate({ ...server, adminToken: token }, malmo, 1)).status).toBe(403);
    expect((await api(server, token, 'GET', '/api/templates')).status).toBe(200);
  });
});
