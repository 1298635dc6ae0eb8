/**
 * The importers' entry point: checks size and container, picks the front-end by what the bytes
 * are (a .docx sent as text/plain is still a .docx) and by the declared type, and maps the result
 * onto a template. Every failure is an ImportError with a Swedish message.
 */
import type { TemplatePack } from '../../shared/model';
import { checkDocxContainer, type DocxContainerLimits } from './docxContainer';
import { readPageHeaders } from './docxPageHeaders';
import { withTrackedChanges } from './docxTrackedChanges';
import { importErrors, MAX_IMPORT_BYTES } from './importError';
import { libraryWarningNotes } from './importReport';
import { parseSourceBlocks, type ParsedDocument } from './parseDocument';
import { textToSourceBlocks } from './textFrontEnd';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const TEXT_MEDIA_TYPES = ['text/plain', 'text/markdown', 'text/x-markdown'] as const;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Word stores a password-protected .docx as an OLE container with these UTF-16 stream names. */
const ENCRYPTED_STREAMS = ['EncryptedPackage', 'EncryptionInfo'].map((name) => Buffer.from(name, 'utf16le'));

export interface ImportLimits extends DocxContainerLimits {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
}

/** The defaults behind YTTRA_IMPORT_MAX_BYTES, YTTRA_IMPORT_MAX_INFLATED_BYTES and YTTRA_IMPORT_MAX_ZIP_ENTRIES. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: MAX_IMPORT_BYTES,
  maxInflatedBytes: 50 * 1024 * 1024,
  maxEntries: 2000,
};

export interface ImportInput {
  /** The Content-Type header, with or without parameters. */
  contentType: string;
  body: Buffer;
  /** The organisation's template pack to read the file into; the default pack if absent. */
  pack?: TemplatePack;
}

/** A text or Markdown file read into the pack's document types (the default pack's if none is given). */
export function importText(text: string, pack?: TemplatePack): ParsedDocument {
  return parseSourceBlocks(textToSourceBlocks(text), { lineBreaks: 'wrap', pack });
}

export async function importDocx(
  buffer: Buffer,
  limits: DocxContainerLimits = DEFAULT_IMPORT_LIMITS,
  pack?: TemplatePack,
): Promise<ParsedDocument> {
  checkContainer(buffer);
  if (!buffer.subarray(0, 4).equals(ZIP_MAGIC)) throw importErrors.corrupt();
  await checkDocxContainer(buffer, limits);
  // Mammoth costs ~15 MiB of memory; loaded at the first DOCX import, not at start.
  const { docxToSourceBlocks } = await import('./docxFrontEnd');
  const { blocks, warnings } = await docxToSourceBlocks(buffer);
  // The page header fills what the document's header left empty; the footer is kept as not placed.
  const pages = readPageHeaders(buffer, limits);
  const parsed = parseSourceBlocks(blocks, {
    pageHeader: pages.header,
    notes: libraryWarningNotes(warnings),
    lineBreaks: 'break',
    pack,
    unplaced: pages.footer.map((text) => ({ runs: [{ text }], why: 'den stod i sidfoten, som mallen skriver själv' })),
  });
  // Word's tracked changes, which mammoth shows as accepted, become suggestions by their authors.
  const suggested = withTrackedChanges(parsed, buffer, limits);
  return warnings.length ? { ...suggested, libraryWarnings: warnings } : suggested;
}

export async function importFile(input: ImportInput, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ParsedDocument> {
  const { body } = input;
  if (body.length === 0) throw importErrors.empty();
  if (body.length > limits.maxBytes) throw importErrors.tooLarge(body.length, limits.maxBytes);
  const mediaType = (input.contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (body.subarray(0, 4).equals(ZIP_MAGIC) || body.subarray(0, 8).equals(OLE_MAGIC) || mediaType === DOCX_MEDIA_TYPE) {
    return importDocx(body, limits, input.pack);
  }
  if ((TEXT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return importText(decodeText(body, charsetOf(input.contentType)), input.pack);
  }
  throw importErrors.unsupportedType();
}

/** An OLE container is either an encrypted .docx or an old binary .doc; neither can be read. */
function checkContainer(buffer: Buffer): void {
  if (!buffer.subarray(0, 8).equals(OLE_MAGIC)) return;
  if (ENCRYPTED_STREAMS.some((name) => buffer.includes(name))) throw importErrors.encrypted();
  throw importErrors.legacyDoc();
}

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset="?([\w-]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
}

/**
 * UTF-8 unless declared otherwise; files saved by older Windows tools are often Windows-1252,
 * so invalid UTF-8 falls back to it rather than turning every å into a replacement character.
 */
export function decodeText(body: Buffer, charset?: string): string {
  if (body.includes(0)) throw importErrors.notText();
  if (charset && !/^utf-?8$/.test(charset)) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // An unknown charset label: fall through to detection.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}
