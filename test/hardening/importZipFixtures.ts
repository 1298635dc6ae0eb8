/**
 * Word files built byte by byte, so that a test can make one lie: a zip whose entries declare one
 * size and inflate to another, or hold thousands of entries. The smallest .docx mammoth reads is
 * three entries: the content types, the package relationships and word/document.xml.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Store instead of deflate. */
  stored?: boolean;
  /** The uncompressed size the headers claim (the real one by default). */
  declaredSize?: number;
}

export function zipFile(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.stored ? entry.data : deflateRawSync(entry.data, { level: 9 });
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xfffe), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xfffe), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const PACKAGE_RELATIONSHIPS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph's XML; `raw` text is inserted as it is (character references, control bytes). */
export function paragraphXml(text: string, raw = false): string {
  return `<w:p><w:r><w:t xml:space="preserve">${raw ? text : escapeXml(text)}</w:t></w:r></w:p>`;
}

/** A .docx whose body is these paragraphs' XML, with whatever extra entries and size claims are given. */
export function docxFile(paragraphs: readonly string[], options: { declaredSize?: number; extraEntries?: ZipEntry[] } = {}): Buffer {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.join('')}</w:body></w:document>`;
  return zipFile([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(PACKAGE_RELATIONSHIPS) },
    { name: 'word/document.xml', data: Buffer.from(document), declaredSize: options.declaredSize },
    ...(options.extraEntries ?? []),
  ]);
}

/** A tjänsteskrivelse, as paragraph XML. */
export function tjansteskrivelseParagraphs(body: string[] = ['Förvaltningen föreslår nya rutiner.']): string[] {
  return ['Tjänsteskrivelse', 'Nya rutiner', 'Sammanfattning', ...body].map((text) => paragraphXml(text));
}

/**
 * A bomb: a small file whose document.xml inflates to about `inflatedBytes` (one paragraph of
 * repeated text), declaring its real size unless told to lie.
 */
export function docxBomb(inflatedBytes: number, options: { declaredSize?: number } = {}): Buffer {
  const filler = paragraphXml('A'.repeat(Math.max(1, inflatedBytes - 600)));
  return docxFile([...tjansteskrivelseParagraphs(), filler], options);
}

/**
 * A bomb of structure rather than size: about `inflatedBytes` of one-letter paragraphs, each of
 * which becomes several objects in mammoth's document tree (a 1 MB file of these took the server
 * to 1.1 GB before imports ran in a worker with a heap limit).
 */
export function docxParagraphBomb(inflatedBytes: number): Buffer {
  const paragraph = paragraphXml('a');
  return docxFile([...tjansteskrivelseParagraphs(), paragraph.repeat(Math.floor(inflatedBytes / paragraph.length))]);
}
