/**
 * Export in the organisation's letterhead (issue 14): the letterhead at the top of the first page
 * and a running header on later ones, signatures as name over title, empty optional sections
 * left out, a DOCX in Swedish with the handläggare as its author, and a tagged PDF.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import type { FieldValue, Letterhead } from '../../shared/model';
import {
  documentLayout,
  exportDocument,
  renderDocx,
  renderHtml,
  renderText,
  splitSignatory,
  type DocumentLayout,
} from '../../server/export';
import { zipEntry } from './zipEntry';

const run = promisify(execFile);

/** A PNG of the given size in one colour, made here so the test needs no image file. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x2a)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const GOTLAND: Letterhead = {
  organisation: 'Region Gotland',
  forvaltning: 'Regionstyrelseförvaltningen',
  logo: { mediaType: 'image/png', data: png(120, 40).toString('base64') },
};

const text = (value: string): Block => ({ kind: 'paragraph', runs: [{ text: value }] });
const bullets = (...items: string[]): Block => ({ kind: 'list', ordered: false, items: items.map((item) => [{ text: item }]) });

function view(
  typeKey: 'tjansteskrivelse' | 'yttrande',
  fields: Record<string, FieldValue>,
  sections: Record<string, Block[]>,
): DocumentSnapshotView {
  const doc = new Y.Doc();
  initialiseDocument(doc, typeKey, { title: 'Rubrik', fields, sections });
  const snapshot = readDocument(doc);
  doc.destroy();
  return snapshot;
}

/** A tjänsteskrivelse long enough for two pages, with an optional section filled and one left empty. */
function tjansteskrivelse(paragraphs = 3): DocumentSnapshotView {
  return view(
    'tjansteskrivelse',
    {
      datum: '2023-08-07',
      varReferens: { name: 'Mimmi Olsson', title: 'Utvecklingssekreterare', email: 'mimmi.olsson@malmo.se' },
      diarienummer: 'ASN-2023-12667',
      forvaltning: 'Arbetsmarknads- och socialförvaltningen',
      namnd: 'Arbetsmarknads- och socialnämnden',
      arendemening: 'Förebyggande arbete i fyra stadsområden',
    },
    {
      sammanfattning: [text('Nämnden har mottagit ett initiativ.')],
      forslagTillBeslut: [{ kind: 'list', ordered: true, items: [[{ text: 'Nämnden godkänner förslaget.' }]] }],
      beslutsunderlag: [bullets('Tjänsteskrivelse')],
      arendet: Array.from({ length: paragraphs }, (_, index) =>
        text(`Stycke ${index + 1}. ${'Förvaltningen samverkar med polisen i det förebyggande arbetet. '.repeat(8)}`),
      ),
      ekonomiskaKonsekvenser: [text('Förslaget ryms inom budgeten.')],
      ansvariga: [bullets('Jonas Magnusson Enhetschef', 'Britt-Marie Pettersson, förvaltningschef')],
    },
  );
}

function yttrande(): DocumentSnapshotView {
  return view(
    'yttrande',
    {
      datum: '2023-09-27',
      diarienummer: 'ASN-2023-13451',
      till: 'Kommunstyrelsen',
      namnd: 'Arbetsmarknads- och socialnämnden',
      remissTitel: 'Remiss om stöd till föreningar',
      ordforande: { name: 'Sedat Arif', title: 'Nämndens ordförande' },
      forvaltningsdirektor: { name: 'Britt-Marie Pettersson' },
    },
    { sammanfattning: [text('Nämnden tillstyrker.')], yttrande: [text('Nämnden ser positivt på förslaget.')] },
  );
}

/** The file name of the DOCX header a section uses for its first page or for the others. */
function headerPart(docx: Buffer, kind: 'first' | 'default'): string {
  const document = zipEntry(docx, 'word/document.xml');
  const id = new RegExp(`<w:headerReference w:type="${kind}" r:id="([^"]+)"/>`).exec(document)?.[1];
  expect(id, `no ${kind} header`).toBeDefined();
  const relation = [...zipEntry(docx, 'word/_rels/document.xml.rels').matchAll(/<Relationship [^>]*>/g)].find(([tag]) =>
    tag.includes(`Id="${id}"`),
  );
  return /Target="([^"]+)"/.exec(relation![0])![1]!;
}

function headerXml(docx: Buffer, kind: 'first' | 'default'): string {
  return zipEntry(docx, `word/${headerPart(docx, kind)}`);
}

/** The text of some WordprocessingML, paragraph by paragraph: a line break as "\n", a field as "{PAGE}". */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) =>
    [...paragraph.matchAll(/<w:(t|instrText)(?: [^>]*)?>([^<]*)<\/w:\1>|<w:br\/>|<w:tab\/>/g)]
      .map(([token, element, value]) =>
        token.startsWith('<w:br') ? '\n' : token.startsWith('<w:tab') ? '\t' : element === 'instrText' ? `{${value!.trim()}}` : value,
      )
      .join(''),
  );
}

describe('the letterhead of a Word export', () => {
  it('puts Malmö stad and the document’s förvaltning at the top of the first page by default', async () => {
    const docx = await renderDocx(documentLayout(tjansteskrivelse()));
    expect(zipEntry(docx, 'word/document.xml')).toContain('<w:titlePg/>');
    const first = paragraphsOf(headerXml(docx, 'first'));
    expect(first[0]).toBe('Malmö stad\tSida {PAGE} av {NUMPAGES}');
    expect(first[1]).toBe('Arbetsmarknads- och socialförvaltningen');
  });

  it('repeats the organisation, type, diarienummer and page number on later pages', async () => {
    const docx = await renderDocx(documentLayout(tjansteskrivelse()));
    const later = headerXml(docx, 'default');
    expect(paragraphsOf(later)[0]).toBe('Malmö stad · Tjänsteskrivelse · ASN-2023-12667\tSida {PAGE} av {NUMPAGES}');
    expect(later).not.toContain('Arbetsmarknads- och socialförvaltningen');
  });

  it('uses the letterhead it is given, with its logo described for screen readers', async () => {
    const docx = await renderDocx(documentLayout(tjansteskrivelse(), [], { letterhead: GOTLAND }));
    const first = headerXml(docx, 'first');
    expect(paragraphsOf(first).filter((line) => line !== '')).toEqual([
      'Region Gotland\tSida {PAGE} av {NUMPAGES}',
      'Regionstyrelseförvaltningen',
    ]);
    expect(first).toMatch(/<wp:docPr [^>]*descr="Region Gotlands logotyp"/);
    // 120 × 40 pixels scaled to 60 pixels high: 180 × 60 pixels of 9525 EMU.
    expect(first).toContain('<wp:extent cx="1714500" cy="571500"/>');
    const image = /<a:blip r:embed="([^"]+)"/.exec(first)![1];
    const relations = zipEntry(docx, `word/_rels/${headerPart(docx, 'first')}.rels`);
    expect(relations).toMatch(new RegExp(`Id="${image}"[^>]*Target="media/[^"]+\\.png"|Target="media/[^"]+\\.png"[^>]*Id="${image}"`));
    expect(paragraphsOf(headerXml(docx, 'default'))[0]).toMatch(/^Region Gotland · Tjänsteskrivelse · ASN-2023-12667\t/);
  });

  it('keeps the förvaltning the letterhead names over the document’s own', () => {
    const layout = documentLayout(tjansteskrivelse(), [], { letterhead: GOTLAND });
    expect(layout.letterhead.forvaltning).toBe('Regionstyrelseförvaltningen');
    const withoutUnit = documentLayout(tjansteskrivelse(), [], { letterhead: { organisation: 'Region Gotland' } });
    expect(withoutUnit.letterhead.forvaltning).toBe('Arbetsmarknads- och socialförvaltningen');
  });

  it('leaves out a logo whose image cannot be read, and still exports', async () => {
    const broken: Letterhead = { organisation: 'Region Gotland', logo: { mediaType: 'image/png', data: 'aW50ZSBlbiBiaWxk' } };
    const docx = await renderDocx(documentLayout(tjansteskrivelse(), [], { letterhead: broken }));
    expect(headerXml(docx, 'first')).not.toContain('<w:drawing>');
  });
});

describe('the Word file’s language and author', () => {
  it('is written in Swedish', async () => {
    const styles = zipEntry(await renderDocx(documentLayout(tjansteskrivelse())), 'word/styles.xml');
    const defaults = /<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(styles)?.[0] ?? '';
    expect(defaults).toContain('<w:lang w:val="sv-SE"/>');
  });

  it('names the handläggare (Vår referens) as its author', async () => {
    const core = zipEntry(await renderDocx(documentLayout(tjansteskrivelse())), 'docProps/core.xml');
    expect(core).toMatch(/<dc:creator>Mimmi Olsson<\/dc:creator>/);
    expect(core).toMatch(/<cp:lastModifiedBy>Mimmi Olsson<\/cp:lastModifiedBy>/);
  });

  it('names the first signatory as author when there is no Vår referens', async () => {
    const core = zipEntry(await renderDocx(documentLayout(yttrande())), 'docProps/core.xml');
    expect(core).toMatch(/<dc:creator>Sedat Arif<\/dc:creator>/);
  });
});

describe('signature blocks', () => {
  it('print each signatory’s name over their title, after a line to sign on', async () => {
    const body = paragraphsOf(zipEntry(await renderDocx(documentLayout(yttrande())), 'word/document.xml'));
    const at = body.indexOf('Ordförande');
    expect(body.slice(at, at + 6)).toEqual([
      'Ordförande',
      '',
      'Sedat Arif\nNämndens ordförande',
      'Förvaltningsdirektör',
      '',
      'Britt-Marie Pettersson',
    ]);
  });

  it('stay together on one page', async () => {
    const document = zipEntry(await renderDocx(documentLayout(yttrande())), 'word/document.xml');
    const paragraphWith = (text: string) => {
      const at = document.indexOf(`>${text}<`);
      return document.slice(document.lastIndexOf('<w:p>', at), document.indexOf('</w:p>', at));
    };
    expect(paragraphWith('Sedat Arif')).toContain('<w:keepNext/>');
    expect(paragraphWith('Förvaltningsdirektör')).toContain('<w:keepNext/>');
    expect(paragraphWith('Britt-Marie Pettersson')).not.toContain('<w:keepNext/>');
  });

  it('print the people responsible (Ansvariga) as name over title, not as a bulleted list', async () => {
    const document = zipEntry(await renderDocx(documentLayout(tjansteskrivelse())), 'word/document.xml');
    const body = paragraphsOf(document);
    expect(body.slice(body.indexOf('Ansvariga') + 1)).toEqual(['Jonas Magnusson\nEnhetschef', 'Britt-Marie Pettersson\nförvaltningschef']);
    const ansvariga = document.slice(document.lastIndexOf('Ansvariga'));
    expect(ansvariga).not.toContain('<w:numPr>');
  });

  it('in HTML, name over title too', () => {
    const html = renderHtml(documentLayout(tjansteskrivelse()));
    expect(html).toContain(
      '<h2 id="avsnitt-ansvariga">Ansvariga</h2><p class="signatory">Jonas Magnusson<span class="signatory-title">Enhetschef</span></p>',
    );
    expect(renderHtml(documentLayout(yttrande()))).toContain(
      '<p class="signatory">Sedat Arif<span class="signatory-title">Nämndens ordförande</span></p>',
    );
  });

  it('go where the document type puts them', async () => {
    const layout: DocumentLayout = {
      ...documentLayout(yttrande()),
      signaturesAfter: 1,
    };
    // The last "Yttrande" is the section's heading; the first is the type's name.
    const order = (texts: string[]) => ['Sammanfattning', 'Ordförande', 'Yttrande'].map((label) => texts.lastIndexOf(label));
    const docx = paragraphsOf(zipEntry(await renderDocx(layout), 'word/document.xml'));
    expect(order(docx)).toEqual([...order(docx)].sort((a, b) => a - b));
    expect(order(docx).every((index) => index >= 0)).toBe(true);
    const html = renderHtml(layout);
    expect(html.indexOf('avsnitt-sammanfattning')).toBeLessThan(html.indexOf('<p>Ordförande</p>'));
    expect(html.indexOf('<p>Ordförande</p>')).toBeLessThan(html.indexOf('avsnitt-yttrande'));
    const plain = renderText(layout).split('\n\n');
    expect(plain.indexOf('Sammanfattning')).toBeLessThan(plain.indexOf('Ordförande'));
    expect(plain.indexOf('Ordförande')).toBeLessThan(plain.indexOf('Yttrande', plain.indexOf('Sammanfattning')));
  });
});

describe('reading a line of Ansvariga as name and title', () => {
  it.each([
    ['Jonas Magnusson Enhetschef', 'Jonas Magnusson', 'Enhetschef'],
    ['Britt-Marie Pettersson Förvaltningschef', 'Britt-Marie Pettersson', 'Förvaltningschef'],
    ['Anna Maria Lind Biträdande förvaltningschef', 'Anna Maria Lind', 'Biträdande förvaltningschef'],
    ['Anna von Platen, tf. stadsdirektör', 'Anna von Platen', 'tf. stadsdirektör'],
    ['Kerstin Håkansson (M) – Kommunalråd', 'Kerstin Håkansson (M)', 'Kommunalråd'],
    ['Mimmi Olsson\nUtvecklingssekreterare', 'Mimmi Olsson', 'Utvecklingssekreterare'],
    ['Sara Ek enhetschef för Individ och familj', 'Sara Ek', 'enhetschef för Individ och familj'],
  ])('reads "%s" as %s over %s', (line, name, title) => {
    expect(splitSignatory(line)).toEqual({ name, title });
  });

  it('takes a line without a title for the name', () => {
    expect(splitSignatory('Jonas Magnusson')).toEqual({ name: 'Jonas Magnusson' });
  });
});

describe('sections in the export', () => {
  it('leave out empty optional sections and show every required one, filled or not', async () => {
    const layout = documentLayout(tjansteskrivelse());
    expect(layout.sections.map((section) => section.title)).toEqual([
      'Sammanfattning',
      'Förslag till beslut',
      'Beslutsunderlag',
      'Ärendet',
      'Barnperspektiv',
      'Ekonomiska konsekvenser',
      'Ansvariga',
    ]);
    const body = paragraphsOf(zipEntry(await renderDocx(layout), 'word/document.xml'));
    expect(body).toContain('Barnperspektiv');
    expect(body).toContain('Ekonomiska konsekvenser');
    expect(body).not.toContain('Jämställdhetsperspektiv');
    expect(body).not.toContain('Beslutsplanering');
  });
});

describe('the letterhead in HTML', () => {
  it('heads the page with the organisation, förvaltning and logo, and names the author', () => {
    const html = renderHtml(documentLayout(tjansteskrivelse(), [], { letterhead: GOTLAND }));
    expect(html).toContain(
      `<header class="letterhead"><img src="data:image/png;base64,${GOTLAND.logo!.data}" alt="Region Gotlands logotyp"><p class="organisation">Region Gotland</p><p class="forvaltning">Regionstyrelseförvaltningen</p></header>`,
    );
    expect(html).toContain('<meta name="author" content="Mimmi Olsson">');
    expect(html).toContain('@top-left { content: "Region Gotland · Tjänsteskrivelse · ASN-2023-12667";');
  });

  it('cannot be closed early by an organisation’s name', () => {
    const html = renderHtml(documentLayout(tjansteskrivelse(), [], { letterhead: { organisation: 'Kommun"</style><script>x</script>' } }));
    expect(html).not.toContain('<script>');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });
});

describe('a PDF export', () => {
  let workDir = '';
  let pdfPath = '';
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'yttra-letterhead-pdf-'));
    const file = await exportDocument(tjansteskrivelse(12), [], 'pdf', { letterhead: GOTLAND, profileDir: join(workDir, 'profile') });
    pdfPath = join(workDir, file.filename);
    await writeFile(pdfPath, file.body);
  }, 120_000);
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const pageText = async (page: number) =>
    (await run('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdfPath, '-'])).stdout.replace(/\s+/g, ' ');

  it('is tagged for accessibility and declares PDF/UA, with the handläggare as author', async () => {
    const { stdout: info } = await run('pdfinfo', [pdfPath]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Author:\s+Mimmi Olsson$/m);
    const { stdout: metadata } = await run('pdfinfo', ['-meta', pdfPath]);
    expect(metadata).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
  });

  it('names Swedish as its language, for screen readers', async () => {
    expect((await readFile(pdfPath)).toString('latin1')).toContain('/Lang(sv-SE)');
  });

  it('carries the letterhead on its first page', async () => {
    const first = await pageText(1);
    expect(first).toContain('Region Gotland');
    expect(first).toContain('Regionstyrelseförvaltningen');
    expect(first).toMatch(/Sida 1 av [2-9]/);
    const images = async (page: number) =>
      (await run('pdfimages', ['-list', '-f', String(page), '-l', String(page), pdfPath])).stdout.split('\n').slice(2).filter(Boolean);
    expect(await images(1)).toEqual([expect.stringMatching(/^\s*1\s+\d+\s+image\s+120\s+40\s/)]);
    expect(await images(2)).toEqual([]);
  });

  it('repeats the organisation, type and diarienummer at the top of later pages', async () => {
    const second = await pageText(2);
    expect(second).toContain('Region Gotland · Tjänsteskrivelse · ASN-2023-12667');
    expect(second).toMatch(/Sida 2 av [2-9]/);
    expect(second).not.toContain('Regionstyrelseförvaltningen');
  });
});
