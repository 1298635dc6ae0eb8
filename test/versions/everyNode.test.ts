/**
 * Versions keep every node and mark of the content schema: a restore brings back tables, nested
 * lists, quotes, code and every mark as they were, and a comparison sees changes in any of them.
 */
import { describe, expect, it } from 'vitest';
import { paragraph, type Block } from '../../shared/doc/blocks';
import { readSections, replaceSectionContent } from '../../shared/doc/documentState';
import { waitFor, waitSynced } from '../helpers/clients';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';
import { EVERY_NODE_BLOCKS } from '../model/everyNode';

const SECTION = 'arendet';

interface Comparison {
  sections: Array<{ key: string; changed: boolean; formattingChanged: boolean; parts: Array<{ kind: string; text: string }> }>;
}

describe('versions of a section that uses every node and mark', () => {
  const servers = useServersAndClients();

  async function setup() {
    const server = await servers.start();
    const id = await createDocument(server);
    const writer = servers.connect(server, id);
    await waitSynced(writer);
    const onServer = async (blocks: Block[]) => {
      const check = servers.connect(server, id);
      await waitSynced(check);
      const current = () => JSON.stringify(readSections(check.doc).find((section) => section.key === SECTION)?.blocks);
      await waitFor(
        () => current() === JSON.stringify(readSections(writer.doc).find((section) => section.key === SECTION)?.blocks),
        'the section to reach the server',
      );
      expect(readSections(check.doc).find((section) => section.key === SECTION)!.blocks).toEqual(blocks);
      check.destroy();
    };
    return { server, id, writer, onServer };
  }

  const saveVersion = async (server: TestServer, id: string, name: string) => {
    const answer = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, { name });
    expect(answer.status).toBe(201);
    return answer.body.version.id;
  };

  it('restores the section unchanged after it was rewritten', async () => {
    const { server, id, writer, onServer } = await setup();
    replaceSectionContent(writer.doc, SECTION, EVERY_NODE_BLOCKS);
    await onServer(EVERY_NODE_BLOCKS);
    const version = await saveVersion(server, id, 'Med tabell');
    replaceSectionContent(writer.doc, SECTION, [paragraph('Omskrivet.')]);
    await onServer([paragraph('Omskrivet.')]);

    const restored = await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${version}/restore`);
    expect(restored.status).toBe(200);
    const section = () => readSections(writer.doc).find((entry) => entry.key === SECTION)!.blocks;
    await waitFor(() => section().some((block) => block.kind === 'table'), 'the restore to reach the writer');
    expect(section()).toEqual(EVERY_NODE_BLOCKS);
  });

  it('compares the words of tables and nested lists', async () => {
    const { server, id, writer, onServer } = await setup();
    replaceSectionContent(writer.doc, SECTION, EVERY_NODE_BLOCKS);
    await onServer(EVERY_NODE_BLOCKS);
    const version = await saveVersion(server, id, 'Före');
    const edited = structuredClone(EVERY_NODE_BLOCKS).map((block) =>
      block.kind === 'table'
        ? { ...block, rows: block.rows.slice(0, 2) }
        : block.kind === 'list' && block.depth === 1
          ? { ...block, items: [[{ text: 'Fritidshem' }]] }
          : block,
    );
    replaceSectionContent(writer.doc, SECTION, edited);
    await onServer(edited);

    const comparison = await api<Comparison>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/compare?from=${version}&to=current`,
    );
    const section = comparison.body.sections.find((entry) => entry.key === SECTION)!;
    expect(section.changed).toBe(true);
    const deleted = section.parts
      .filter((part) => part.kind === 'deleted')
      .map((part) => part.text)
      .join(' ');
    const inserted = section.parts
      .filter((part) => part.kind === 'inserted')
      .map((part) => part.text)
      .join(' ');
    expect(deleted).toContain('Grundskola');
    expect(deleted).toContain('Summa');
    expect(inserted).toContain('Fritidshem');
  });

  it('reports a change of formatting alone, where the words are the same', async () => {
    const { server, id, writer, onServer } = await setup();
    const plain: Block[] = [{ kind: 'paragraph', runs: [{ text: 'Nämnden beslutar enligt förslaget.' }] }];
    replaceSectionContent(writer.doc, SECTION, plain);
    await onServer(plain);
    const version = await saveVersion(server, id, 'Utan fetstil');
    const bold: Block[] = [
      { kind: 'paragraph', runs: [{ text: 'Nämnden beslutar ' }, { text: 'enligt förslaget', bold: true }, { text: '.' }] },
    ];
    replaceSectionContent(writer.doc, SECTION, bold);
    await onServer(bold);

    const comparison = await api<Comparison>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/compare?from=${version}&to=current`,
    );
    const section = comparison.body.sections.find((entry) => entry.key === SECTION)!;
    expect(section).toMatchObject({ changed: true, formattingChanged: true });
    expect(comparison.body.sections.find((entry) => entry.key === 'sammanfattning')).toMatchObject({
      changed: false,
      formattingChanged: false,
    });
  });
});
