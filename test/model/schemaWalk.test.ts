/**
 * The schema walk: a section that uses every node and mark of the content schema goes through
 * the Yjs layout, every exporter and the DOCX import, and comes back unchanged. The evidence
 * tables are keyed by the schema's own names, so adding a node or mark to the schema does not
 * compile until each format shows how it carries it, and the test fails until it does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_NODES, type Block } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, sectionElements, sectionKeyOf, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { CONTENT_NODE_NAMES, MARK_NAMES, markOfAttribute, type ContentNodeName, type MarkName } from '../../shared/model/schema';
import { convertDocxToPdf, documentLayout, renderDocx, renderHtml, renderText } from '../../server/export';
import { importDocx } from '../../server/import';
import { htmlToSourceBlocks } from '../../server/import/htmlBlocks';
import { DIVIDER } from '../../server/export/textExport';
import { zipEntry } from '../export/zipEntry';
import { EVERY_NODE_BLOCKS } from './everyNode';

const SECTION = 'arendet';
const run = promisify(execFile);

function documentWith(blocks: Block[]): Y.Doc {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', {
    title: 'Budgetuppföljning 2024',
    fields: { diarienummer: 'ASN-2024-100' },
    sections: { sammanfattning: [{ kind: 'paragraph', runs: [{ text: 'Uppföljningen visar ett överskott.' }] }], [SECTION]: blocks },
  });
  return doc;
}

function viewWith(blocks: Block[]): DocumentSnapshotView {
  const doc = documentWith(blocks);
  const view = readDocument(doc);
  doc.destroy();
  return view;
}

/** Node names and mark names as y-prosemirror stores them in a section. */
function namesInSection(doc: Y.Doc, key: string): { nodes: Set<string>; marks: Set<string> } {
  const nodes = new Set<string>();
  const marks = new Set<string>();
  const visit = (element: Y.XmlElement) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlElement) {
        nodes.add(child.nodeName);
        visit(child);
      } else if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as Array<{ attributes?: Record<string, unknown> }>) {
          for (const attribute of Object.keys(op.attributes ?? {})) marks.add(markOfAttribute(attribute) ?? attribute);
        }
      }
    }
  };
  visit(sectionElements(doc).find((element) => sectionKeyOf(element) === key)!);
  return { nodes, marks };
}

/** The blocks between a section's title (h2) and the next section title. */
function sectionFromHeadings(blocks: ReturnType<typeof htmlToSourceBlocks>, title: string): unknown[] {
  const start = blocks.findIndex(
    (block) => block.kind === 'heading' && block.level === 2 && block.runs.map((r) => r.text).join('') === title,
  );
  const end = blocks.findIndex((block, index) => index > start && block.kind === 'heading' && block.level === 2);
  return blocks.slice(start + 1, end < 0 ? undefined : end);
}

const HTML_EVIDENCE: Record<ContentNodeName, RegExp> = {
  paragraph: /<p>Förvaltningen följer upp utfallet\.<\/p>/,
  heading: /<h3>Ekonomiska konsekvenser i korthet<\/h3>.*<h4>Fördelning per verksamhet<\/h4>/,
  orderedList: /<ol><li>Kommunstyrelsen/,
  bulletList: /<li>Nämnden fördelar medlen:<ul><li>Förskola<\/li><li>Grundskola<\/li><\/ul><\/li><li>Rapporten/,
  listItem: /<li>Rapporten skickas till revisorerna\.<\/li><\/ol>/,
  blockquote: /<blockquote><p>Kommunen ska ha/,
  codeBlock: /<pre><code>Konto 4010\nKonto 4020<\/code><\/pre>/,
  horizontalRule: /<hr>/,
  hardBreak: /stycke\.<br>Efter en radbrytning/,
  table: /<table><thead>.*<\/tbody><\/table>/,
  tableRow: /<tr><td>.*Förskola.*<\/tr>/,
  tableHeader: /<th scope="col"><p>Verksamhet<\/p><\/th>/,
  tableCell: /<td rowspan="2"><p><em>Redovisas i bokslutet<\/em><\/p><\/td>.*<td colspan="2">/,
};

const HTML_MARKS: Record<MarkName, RegExp> = {
  bold: /<strong>fetstil<\/strong>/,
  italic: /<em>kursiv<\/em>/,
  underline: /<u>understruken<\/u>/,
  strike: /<s>struken<\/s>/,
  code: /<code>kod<\/code>/,
};

const DOCX_EVIDENCE: Record<ContentNodeName, RegExp> = {
  paragraph: /<w:t[^>]*>Förvaltningen följer upp utfallet\.<\/w:t>/,
  heading: /<w:pStyle w:val="Heading3"\/>.*Ekonomiska konsekvenser.*<w:pStyle w:val="Heading4"\/>/s,
  orderedList: /<w:numPr><w:ilvl w:val="0"\/>.*Kommunstyrelsen godkänner/s,
  bulletList: /<w:numPr><w:ilvl w:val="1"\/>.*Förskola/s,
  listItem: /<w:numPr>.*Rapporten skickas/s,
  blockquote: /<w:pStyle w:val="Citat"\/>.*Kommunen ska ha/s,
  codeBlock: /<w:pStyle w:val="Kodblock"\/>.*Konto 4010.*<w:pStyle w:val="Kodblock"\/>.*Konto 4020/s,
  horizontalRule: /<w:pStyle w:val="Avdelare"\/>/,
  hardBreak: /<w:br\/>.*Efter en radbrytning/s,
  table: /<w:tbl>.*<\/w:tbl>/s,
  tableRow: /<w:tr>.*Grundskola.*<\/w:tr>/s,
  tableHeader: /<w:tblHeader\/>.*Verksamhet/s,
  tableCell: /<w:vMerge w:val="restart"\/>.*<w:gridSpan w:val="2"\/>/s,
};

/** A Word run with the property and the text, within one run. */
function wordRun(property: string, text: string): RegExp {
  const withinRun = '(?:(?!</w:r>).)*';
  return new RegExp(`<w:r><w:rPr>${withinRun}${property}${withinRun}>${text}</w:t></w:r>`);
}

const DOCX_MARKS: Record<MarkName, RegExp> = {
  bold: wordRun('<w:b/>', 'fetstil'),
  italic: wordRun('<w:i/>', 'kursiv'),
  underline: wordRun('<w:u w:val="single"/>', 'understruken'),
  strike: wordRun('<w:strike/>', 'struken'),
  code: wordRun('<w:rStyle w:val="Kod"/>', 'kod'),
};

const TEXT_EVIDENCE: Record<ContentNodeName, RegExp> = {
  paragraph: /\n\nFörvaltningen följer upp utfallet\.\n/,
  heading: /\n\nEkonomiska konsekvenser i korthet\n\n/,
  orderedList: /\n1\. Kommunstyrelsen godkänner rapporten\.\n2\. Nämnden fördelar medlen:\n/,
  bulletList: /\n {3}- Förskola\n {3}- Grundskola\n/,
  listItem: /\n3\. Rapporten skickas till revisorerna\.\n/,
  blockquote: /\n> Kommunen ska ha/,
  codeBlock: /\n {4}Konto 4010\n {4}Konto 4020\n/,
  horizontalRule: new RegExp(`\n${DIVIDER}\n`),
  hardBreak: /stycke\. Efter en radbrytning/,
  // Aligned columns: each column starts at the same place in every row.
  table: /\nVerksamhet {8}Budget 2024 {2}Utfall\n/,
  tableRow: /\nGrundskola {8}30 000 000\n/,
  tableHeader: /\n-{16} {2}-{11} {2}-{21}\n/,
  tableCell: /\nFörskola {10}12 500 000 {3}Redovisas i bokslutet\nGrundskola {8}30 000 000\nSumma 42 500 000 {15}–\n/,
};

const TEXT_MARKS: Record<MarkName, RegExp> = {
  bold: /\*\*fetstil\*\*/,
  italic: /[^*]\*kursiv\*[^*]/,
  underline: /understruken/,
  strike: /~~struken~~/,
  code: /`kod`/,
};

describe('the schema walk: a section with every node and mark of the content schema', () => {
  it('has a block kind for every node of the schema, and no block kind for a node the schema lacks', () => {
    const covered = Object.values(BLOCK_NODES).flat().sort();
    expect(covered).toEqual([...CONTENT_NODE_NAMES].sort());
  });

  it('uses every node and mark when written to the Yjs layout the editor is bound to', () => {
    const { nodes, marks } = namesInSection(documentWith(EVERY_NODE_BLOCKS), SECTION);
    expect([...nodes].sort()).toEqual([...CONTENT_NODE_NAMES].sort());
    expect([...marks].sort()).toEqual([...MARK_NAMES].sort());
  });

  it('reads back from the Yjs layout unchanged', () => {
    expect(viewWith(EVERY_NODE_BLOCKS).sections.find((section) => section.key === SECTION)!.blocks).toEqual(EVERY_NODE_BLOCKS);
  });

  describe('exported to HTML', () => {
    const html = renderHtml(documentLayout(viewWith(EVERY_NODE_BLOCKS)));
    const flat = html.replace(/\n(?!Konto)/g, '');

    it.each(CONTENT_NODE_NAMES)('shows the node %s', (node) => expect(flat).toMatch(HTML_EVIDENCE[node]));
    it.each(MARK_NAMES)('shows the mark %s', (mark) => expect(flat).toMatch(HTML_MARKS[mark]));

    it('reads back as the same blocks', () => {
      expect(sectionFromHeadings(htmlToSourceBlocks(html), 'Ärendet')).toEqual(EVERY_NODE_BLOCKS);
    });
  });

  describe('exported to DOCX', () => {
    const docx = renderDocx(documentLayout(viewWith(EVERY_NODE_BLOCKS)));

    it.each(CONTENT_NODE_NAMES)('writes the node %s as Word structure', async (node) => {
      expect(zipEntry(await docx, 'word/document.xml')).toMatch(DOCX_EVIDENCE[node]);
    });
    it.each(MARK_NAMES)('writes the mark %s as Word formatting', async (mark) => {
      expect(zipEntry(await docx, 'word/document.xml')).toMatch(DOCX_MARKS[mark]);
    });

    it('numbers the ordered list and bullets the nested one in Word numbering', async () => {
      const numbering = zipEntry(await docx, 'word/numbering.xml');
      expect(numbering).toContain('w:val="decimal"');
      expect(numbering).toContain('w:val="bullet"');
    });

    it('imports back into the same section unchanged', async () => {
      const imported = await importDocx(await docx);
      expect(imported.sections[SECTION]).toEqual(EVERY_NODE_BLOCKS);
    });
  });

  describe('exported to text', () => {
    const text = renderText(documentLayout(viewWith(EVERY_NODE_BLOCKS)));
    it.each(CONTENT_NODE_NAMES)('writes the node %s', (node) => expect(text).toMatch(TEXT_EVIDENCE[node]));
    it.each(MARK_NAMES)('keeps the text of the mark %s', (mark) => expect(text).toMatch(TEXT_MARKS[mark]));
  });

  describe('exported to PDF', () => {
    let workDir = '';
    beforeAll(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'yttra-schema-walk-'));
    });
    afterAll(async () => {
      await rm(workDir, { recursive: true, force: true });
    });

    it('has the text of every node, the table as columns of one line per row', async () => {
      const pdf = await convertDocxToPdf(await renderDocx(documentLayout(viewWith(EVERY_NODE_BLOCKS))), {
        profileDir: join(workDir, 'profile'),
      });
      await writeFile(join(workDir, 'walk.pdf'), pdf);
      const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', join(workDir, 'walk.pdf'), '-']);
      for (const expected of [
        'Ekonomiska konsekvenser i korthet',
        'Fördelning per verksamhet',
        'Nämnden har fetstil, kursiv, understruken, struken och kod i samma stycke.',
        'Efter en radbrytning fortsätter stycket.',
        'Kommunstyrelsen godkänner rapporten.',
        'Rapporten skickas till revisorerna.',
        'Kommunen ska ha en god ekonomisk hushållning',
        'Konto 4010',
        'Konto 4020',
        'Förvaltningen följer upp utfallet.',
      ]) {
        expect(stdout).toContain(expected);
      }
      expect(stdout).toMatch(/1\.\s+Kommunstyrelsen godkänner/);
      expect(stdout).toMatch(/3\.\s+Rapporten skickas/);
      expect(stdout).toMatch(/[–•]\s+Förskola/);
      expect(stdout).toMatch(/Verksamhet\s{2,}Budget 2024\s{2,}Utfall/);
      expect(stdout).toMatch(/Förskola\s{2,}12 500 000\s{2,}Redovisas i bokslutet/);
      expect(stdout).toMatch(/Summa 42 500 000\s{2,}–/);
    }, 60_000);
  });
});

describe('reading content nested deeper than the schema allows', () => {
  it('keeps the text of 3,000 nested quotes and lists without recursing through them', () => {
    const doc = documentWith([]);
    const section = sectionElements(doc).find((element) => sectionKeyOf(element) === SECTION)!;
    doc.transact(() => {
      // Level by level, as a client's updates would arrive (Yjs integrates nested new content recursively).
      section.insert(section.length, [new Y.XmlElement('blockquote')]);
      let outer = section.get(section.length - 1) as Y.XmlElement;
      for (let level = 0; level < 3000; level++) {
        outer.insert(0, [new Y.XmlElement('bulletList')]);
        const list = outer.get(0) as Y.XmlElement;
        list.insert(0, [new Y.XmlElement('listItem')]);
        const item = list.get(0) as Y.XmlElement;
        const text = new Y.XmlElement('paragraph');
        text.insert(0, [new Y.XmlText(`nivå ${level}`)]);
        item.insert(0, [text, new Y.XmlElement('blockquote')]);
        outer = item.get(1) as Y.XmlElement;
      }
    });
    const blocks = readDocument(doc).sections.find((entry) => entry.key === SECTION)!.blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain('nivå 0');
    expect(text).toContain('nivå 2999');
    expect(() => renderHtml(documentLayout(readDocument(doc)))).not.toThrow();
  });
});
