/**
 * Issue 15, the Word round trip over the real server: two reviewers make suggestions over their
 * sockets; the Word export marked up holds them as tracked changes in their names (w:ins, w:del
 * with w:delText, w:rPrChange), importing that file again gives the same suggestions by the same
 * people, and the default export (and HTML, PDF and text) is the text as if all were accepted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportDocument } from '../../server/export/exportDocument';
import { importDocx } from '../../server/import';
import type { InlineRun } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, sectionElements, sectionKeyOf, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { formatChangeAttrs, suggestionAttrs } from '../../shared/suggestions/marks';
import { zipEntry } from '../export/zipEntry';
import { typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { createPerson, share, type Person } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const SECTION = 'arendet';
const ORIGINAL = 'Nämnden föreslås bifalla ansökan om bygglov.';

function textOf(doc: Y.Doc): Y.XmlText {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === SECTION)!;
  return (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

const author = (person: Person) => ({ userId: person.id, userName: person.name });

async function download(server: TestServer, token: string, id: string, query: string): Promise<Buffer> {
  const response = await fetch(`${server.url}/api/documents/${id}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** The visible text of word/document.xml: w:t and (separately) w:delText. */
function wordText(xml: string, element: 'w:t' | 'w:delText'): string {
  return [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((match) => match[1]).join('');
}

describe('open suggestions and Word', () => {
  const { start, connect } = useServersAndClients();

  /** A document in which Anna proposes deleting "föreslås " and bold on "bifalla", and Erik adds a sentence. */
  async function suggested(): Promise<{ server: TestServer; id: string; anna: Person; erik: Person }> {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Bygglov för förskola');
    const anna = await createPerson(server, 'Anna Berg');
    const erik = await createPerson(server, 'Erik Lund');
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: anna.id, role: 'suggester' },
      { principalType: 'user', principalId: erik.id, role: 'suggester' },
    ]);
    const editor = connect(server, id);
    await waitSynced(editor);
    typeInSection(editor.doc, SECTION, ORIGINAL);
    for (const [person, change] of [
      [
        anna,
        (text: Y.XmlText) => {
          text.format(8, 9, { deletion: suggestionAttrs(author(anna)) });
          text.format(17, 7, { formatChange: formatChangeAttrs(author(anna), { add: ['bold'] }) });
        },
      ],
      [
        erik,
        (text: Y.XmlText) => text.insert(ORIGINAL.length, ' Beslutet gäller omedelbart.', { insertion: suggestionAttrs(author(erik)) }),
      ],
    ] as const) {
      const client = connect(server, id, person.token);
      await waitSynced(client);
      await waitFor(() => textOf(client.doc).toString().includes('bygglov'), `${person.name} to see the text`);
      change(textOf(client.doc));
    }
    await waitFor(() => JSON.stringify(textOf(editor.doc).toDelta()).includes('omedelbart'), 'the suggestions to reach the editor');
    await waitFor(
      () => JSON.stringify(textOf(editor.doc).toDelta()).includes('formatChange'),
      'the formatting suggestion to reach the editor',
    );
    return { server, id, anna, erik };
  }

  it('exports them marked up as tracked changes in the authors’ names and imports that file as the same suggestions', async () => {
    const { server, id, anna, erik } = await suggested();
    const docx = await download(server, server.adminToken, id, 'format=docx&suggestions=markup');
    const xml = zipEntry(docx, 'word/document.xml');
    expect(xml).toMatch(
      /<w:del w:id="\d+" w:author="Anna Berg" w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"><w:r><w:delText xml:space="preserve">föreslås <\/w:delText>/,
    );
    expect(xml).toMatch(
      /<w:ins w:id="\d+" w:author="Erik Lund" w:date="[^"]+"><w:r><w:t xml:space="preserve"> Beslutet gäller omedelbart.<\/w:t>/,
    );
    expect(xml).toMatch(/<w:rPrChange w:id="\d+" w:author="Anna Berg" w:date="[^"]+">/);

    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      body: new Uint8Array(docx),
    });
    expect(imported.status).toBe(201);
    const { id: copy } = (await imported.json()) as { id: string };
    const { body: view } = await api<DocumentSnapshotView>(server, server.adminToken, 'GET', `/api/documents/${copy}/versions/current`);
    const found = (view.suggestions ?? []).map(({ mark, text, userName, userId, add }) => ({ mark, text, userName, userId, add }));
    expect(found).toEqual([
      { mark: 'deletion', text: 'föreslås ', userName: 'Anna Berg', userId: anna.id, add: undefined },
      { mark: 'formatChange', text: 'bifalla', userName: 'Anna Berg', userId: anna.id, add: ['bold'] },
      { mark: 'insertion', text: ' Beslutet gäller omedelbart.', userName: 'Erik Lund', userId: erik.id, add: undefined },
    ]);
  });

  it('exports the text as if all were accepted by default, in every format', async () => {
    const { server, id } = await suggested();
    const accepted = 'Nämnden bifalla ansökan om bygglov. Beslutet gäller omedelbart.';
    const xml = zipEntry(await download(server, server.adminToken, id, 'format=docx'), 'word/document.xml');
    expect(xml).not.toMatch(/<w:(ins|del|rPrChange)\b/);
    expect(wordText(xml, 'w:t')).toContain('Nämnden bifalla');
    expect(wordText(xml, 'w:t')).toContain('Beslutet gäller omedelbart.');
    expect(wordText(xml, 'w:t')).not.toContain('föreslås');
    expect(xml).toMatch(/<w:b\/>(<w:bCs\/>)?<\/w:rPr><w:t xml:space="preserve">bifalla<\/w:t>/);

    const html = (await download(server, server.adminToken, id, 'format=html')).toString('utf8');
    expect(html).toContain(`<p>Nämnden <strong>bifalla</strong> ansökan om bygglov. Beslutet gäller omedelbart.</p>`);
    const text = (await download(server, server.adminToken, id, 'format=txt&suggestions=markup')).toString('utf8');
    expect(text).toContain('Nämnden **bifalla** ansökan om bygglov. Beslutet gäller omedelbart.');

    const pdf = await download(server, server.adminToken, id, 'format=pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yttra-roundtrip-')), 'export.pdf');
    fs.writeFileSync(file, pdf);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain(accepted);
  });

  it('marks them up in HTML and PDF with their authors', async () => {
    const { server, id } = await suggested();
    const html = (await download(server, server.adminToken, id, 'format=html&suggestions=markup')).toString('utf8');
    expect(html).toMatch(
      /<del class="suggestion suggestion-deletion" data-author="Anna Berg" datetime="[^"]+" title="Föreslagen borttagning av Anna Berg [^"]+">föreslås <\/del>/,
    );
    expect(html).toMatch(
      /<ins class="suggestion suggestion-insertion" data-author="Erik Lund"[^>]*> Beslutet gäller omedelbart.<\/ins><span class="suggestion-author">\[Erik Lund\]<\/span>/,
    );
    const pdf = await download(server, server.adminToken, id, 'format=pdf&suggestions=markup');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yttra-roundtrip-')), 'markup.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('föreslås');
    expect(text).toContain('[Anna Berg]');
    expect(text).toContain('[Erik Lund]');
  });

  it('refuses an unknown way of showing suggestions with a Swedish message', async () => {
    const { server, id } = await suggested();
    const { status, body } = await api<{ error: string }>(
      server,
      server.adminToken,
      'GET',
      `/api/documents/${id}/export?format=docx&suggestions=all`,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('suggestions=markup');
  });
});

describe('a suggested insertion that someone else proposes to delete', () => {
  it('goes to Word as a w:del inside a w:ins and comes back with both suggestions', async () => {
    const at = '2026-12-01T09:30:00.000Z';
    const doc = new Y.Doc();
    initialiseDocument(doc, 'tjansteskrivelse', {
      title: 'Bygglov för förskola',
      sections: {
        arendet: [
          {
            kind: 'paragraph',
            runs: [
              { text: 'Nämnden bifaller ansökan' },
              {
                text: ' i sin helhet',
                suggestions: [
                  { kind: 'insertion', id: 'insertion-anna', userId: 'u-anna', userName: 'Anna Berg', createdAt: at },
                  { kind: 'deletion', id: 'deletion-erik', userId: 'u-erik', userName: 'Erik Lund', createdAt: at },
                ],
              },
              { text: '.' },
            ],
          },
        ],
      },
    });
    const file = await exportDocument(readDocument(doc), [], 'docx', { suggestions: 'markup' });
    expect(zipEntry(file.body, 'word/document.xml')).toMatch(
      /<w:ins w:id="\d+" w:author="Anna Berg" w:date="2026-12-01T09:30:00Z"><w:del w:id="\d+" w:author="Erik Lund" w:date="2026-12-01T09:30:00Z"><w:r><w:delText xml:space="preserve"> i sin helhet<\/w:delText>/,
    );
    const parsed = await importDocx(file.body);
    const runs = (parsed.sections.arendet![0] as { runs: InlineRun[] }).runs;
    expect(
      runs.map((run) => [run.text, ...(run.suggestions ?? []).map((suggestion) => `${suggestion.kind} ${suggestion.userName}`)]),
    ).toEqual([['Nämnden bifaller ansökan'], [' i sin helhet', 'insertion Anna Berg', 'deletion Erik Lund'], ['.']]);
  });
});
