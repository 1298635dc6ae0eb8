/**
 * Whatever a client managed to store, every export is a valid file: characters XML cannot carry
 * are replaced, heading levels and table spans are kept to the schema's values (issue 11,
 * findings 20 and 23).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialiseDocument, readDocument, sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { convertDocxToPdf, documentLayout, renderDocx, renderHtml, renderText } from '../../server/export';
import { zipEntry } from './zipEntry';

const run = promisify(execFile);

/** Control characters, a noncharacter and both halves of a surrogate pair on their own. */
const HOSTILE = 'Före\u0001\u0008\u000b\u001b\u007f\u0085\ufffe\uffff\ud800\udc00efter';

/** The characters XML 1.0 cannot hold, and lone surrogates (which no UTF-8 file can hold), in `text`. */
function notXml(text: string): string[] {
  const found: string[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    const loneSurrogate = code >= 0xd800 && code <= 0xdfff;
    if (control || loneSurrogate || code === 0xfffe || code === 0xffff) found.push(`U+${code.toString(16).padStart(4, '0')}`);
  }
  return found;
}

function hostileDocument(): Y.Doc {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', {
    title: `Rubrik ${HOSTILE}`,
    sections: { sammanfattning: [{ kind: 'paragraph', runs: [{ text: `Text ${HOSTILE}` }] }] },
  });
  // What a hand-made client can store beside the editor's own nodes.
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === 'arendet')!;
  doc.transact(() => {
    const forged = new Y.XmlElement('heading');
    forged.setAttribute('level', 'NaN');
    forged.insert(0, [new Y.XmlText(`Underrubrik ${HOSTILE}`)]);
    const huge = new Y.XmlElement('heading');
    huge.setAttribute('level', 99 as unknown as string);
    huge.insert(0, [new Y.XmlText('Djup rubrik')]);
    section.insert(section.length, [forged, huge]);
  });
  return doc;
}

describe('exporting a document whose stored text and attributes are hostile', () => {
  const view = readDocument(hostileDocument());
  const layout = documentLayout(view);

  it('writes DOCX whose XML holds no character XML forbids, with the forbidden ones shown as U+FFFD', async () => {
    const xml = zipEntry(await renderDocx(layout), 'word/document.xml');
    expect(notXml(xml)).toEqual([]);
    expect(xml).toContain('Text Före\ufffd');
    expect(xml).toContain('efter');
  });

  it('writes a letterhead with those characters as valid XML and HTML', async () => {
    const letterhead = { organisation: `Kommun ${HOSTILE}`, forvaltning: `Förvaltning ${HOSTILE}` };
    const withLetterhead = documentLayout(view, [], { letterhead });
    const docx = await renderDocx(withLetterhead);
    for (const part of ['word/header1.xml', 'word/header2.xml', 'docProps/core.xml']) expect(notXml(zipEntry(docx, part))).toEqual([]);
    expect(zipEntry(docx, 'word/header1.xml') + zipEntry(docx, 'word/header2.xml')).toContain('Kommun Före\ufffd');
    expect(notXml(renderHtml(withLetterhead))).toEqual([]);
  });

  it('writes HTML and text without those characters', () => {
    expect(notXml(renderHtml(layout))).toEqual([]);
    expect(notXml(renderText(layout))).toEqual([]);
  });

  it('writes a stored non-numeric heading level as a sub-heading, never <hNaN>', () => {
    const html = renderHtml(layout);
    expect(html).not.toMatch(/<h(?![1-6][\s>])[^a-z>]*>/);
    expect(html).toMatch(/<h3>Underrubrik Före/);
    expect(html).toContain('<h6>Djup rubrik</h6>');
  });

  it('uses a Word heading style for a forged heading level', async () => {
    const xml = zipEntry(await renderDocx(layout), 'word/document.xml');
    const at = xml.indexOf('Underrubrik');
    expect(xml.slice(xml.lastIndexOf('<w:p>', at), at)).toContain('<w:pStyle w:val="Heading3"/>');
  });

  describe('as PDF', () => {
    let workDir = '';
    beforeAll(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'yttra-hostile-pdf-'));
    });
    afterAll(async () => {
      await rm(workDir, { recursive: true, force: true });
    });

    it('still makes a PDF with the text around the replaced characters', async () => {
      const pdf = await convertDocxToPdf(await renderDocx(layout), { profileDir: join(workDir, 'profile') });
      await writeFile(join(workDir, 'hostile.pdf'), pdf);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', join(workDir, 'hostile.pdf'), '-']);
      expect(stdout).toContain('Text Före');
      expect(stdout).toContain('Djup rubrik');
    }, 60_000);
  });
});
