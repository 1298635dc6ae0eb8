/**
 * Issue 15: versions keep open suggestions as suggestions. A version's view has them on its runs
 * (the dialog marks them), the comparison does not call a proposed deletion deleted until it is
 * accepted, and restoring a version brings its suggestions back as suggestions.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BlockDiffEntry } from '../../shared/diff/blockDiff';
import type { InlineRun } from '../../shared/doc/blocks';
import { sectionElements, sectionKeyOf, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { accept, listSuggestions } from '../../shared/suggestions/resolve';
import { typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const SECTION = 'arendet';
const ORIGINAL = 'Nämnden föreslås bifalla ansökan.';

interface Comparison {
  sections: Array<{ key: string; changed: boolean; suggestionsChanged: boolean; entries: BlockDiffEntry[] }>;
}

function textOf(doc: Y.Doc): Y.XmlText {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === SECTION)!;
  return (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

async function saveVersion(server: TestServer, id: string, name: string): Promise<string> {
  const { status, body } = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
    name,
  });
  expect(status).toBe(201);
  return body.version.id;
}

async function compare(server: TestServer, id: string, from: string): Promise<Comparison['sections'][number]> {
  const { body } = await api<Comparison>(server, server.adminToken, 'GET', `/api/documents/${id}/versions/compare?from=${from}&to=current`);
  return body.sections.find((section) => section.key === SECTION)!;
}

const changedParts = (section: Comparison['sections'][number]) =>
  section.entries.flatMap((entry) => ('parts' in entry ? entry.parts : [])).filter((part) => part.kind !== 'same');

describe('versions of a document with open suggestions', () => {
  const { start, connect } = useServersAndClients();

  it('view, compare and restore suggestions as suggestions', async () => {
    const server = await start();
    const id = await createDocument(server);
    const sara = await createPerson(server, 'Sara Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: sara.id, role: 'suggester' }]);
    const editor = connect(server, id);
    await waitSynced(editor);
    typeInSection(editor.doc, SECTION, ORIGINAL);
    const before = await saveVersion(server, id, 'Före granskningen');

    const reviewer = connect(server, id, sara.token);
    await waitSynced(reviewer);
    await waitFor(() => textOf(reviewer.doc).toString() === ORIGINAL, 'the reviewer to see the text');
    // (toString shows formatting as tags: the text above has none yet.)
    textOf(reviewer.doc).format(8, 9, { deletion: suggestionAttrs({ userId: sara.id, userName: sara.name }) });
    await waitFor(() => listSuggestions(editor.doc).length === 1, 'the suggestion at the editor');

    // Proposed, not deleted.
    const proposed = await compare(server, id, before);
    expect(proposed.changed).toBe(true);
    expect(proposed.suggestionsChanged).toBe(true);
    expect(changedParts(proposed)).toEqual([]);
    expect(proposed.entries.map((entry) => entry.kind)).toContain('suggestions');

    const withSuggestion = await saveVersion(server, id, 'Med förslag');
    const { body: view } = await api<DocumentSnapshotView>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/versions/${withSuggestion}`,
    );
    const runs = (view.sections.find((section) => section.key === SECTION)!.blocks[0] as { runs: InlineRun[] }).runs;
    expect(runs.map((run) => [run.text, run.suggestions?.map((suggestion) => `${suggestion.kind} ${suggestion.userName}`)])).toEqual([
      ['Nämnden ', undefined],
      ['föreslås ', ['deletion Sara Granskare']],
      ['bifalla ansökan.', undefined],
    ]);

    // Accepted: now it is deleted, and the comparison says whose suggestion it was.
    accept(editor.doc, listSuggestions(editor.doc)[0]!.id);
    await waitFor(() => listSuggestions(server.registry.get(`doc:${id}`)!.doc).length === 0, 'the accept at the server');
    const accepted = await compare(server, id, withSuggestion);
    expect(changedParts(accepted)).toEqual([
      { kind: 'deleted', text: 'föreslås ', suggestion: { kind: 'deletion', userName: 'Sara Granskare' } },
    ]);

    // Restored: the suggestion is open again, in Sara's name.
    const restored = await api(server, server.adminToken, 'POST', `/api/documents/${id}/versions/${withSuggestion}/restore`);
    expect(restored.status).toBe(200);
    await waitFor(() => listSuggestions(editor.doc).length === 1, 'the restored suggestion at the editor');
    expect(listSuggestions(editor.doc)[0]).toMatchObject({
      mark: 'deletion',
      text: 'föreslås ',
      userId: sara.id,
      userName: 'Sara Granskare',
    });
    expect((textOf(editor.doc).toDelta() as Array<{ insert: string }>).map((op) => op.insert).join('')).toBe(ORIGINAL);
  });
});
