import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { DOCX_MEDIA_TYPE, ImportError, importFile, MAX_IMPORT_BYTES } from '../../server/import';

async function importFailure(contentType: string, body: Buffer): Promise<ImportError> {
  try {
    await importFile({ contentType, body });
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the import was expected to fail');
}

/** The first bytes of an OLE compound file that holds an encrypted .docx. */
function encryptedContainer(): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([
    header,
    Buffer.alloc(504),
    Buffer.from('EncryptionInfo', 'utf16le'),
    Buffer.alloc(64),
    Buffer.from('EncryptedPackage', 'utf16le'),
  ]);
}

describe('importing a file that cannot become a document', () => {
  it('refuses an empty file with 400', async () => {
    const error = await importFailure('text/plain', Buffer.alloc(0));
    expect([error.status, error.problem]).toEqual([400, 'empty']);
    expect(error.message).toMatch(/^Filen är tom/);
  });

  it('refuses a file over 10 MB with 413 and names the limit', async () => {
    const error = await importFailure('text/plain', Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61));
    expect(error.status).toBe(413);
    expect(error.message).toContain('10 MB');
  });

  it('refuses a corrupt DOCX (a zip that is not a Word document) with 422', async () => {
    const zipHeaderThenJunk = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('inte ett dokument'.repeat(20))]);
    const error = await importFailure(DOCX_MEDIA_TYPE, zipHeaderThenJunk);
    expect([error.status, error.problem]).toEqual([422, 'corrupt']);
    expect(error.message).toContain('skadad');
  });

  it('refuses a DOCX that is cut off half-way with 422', async () => {
    const whole = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Sammanfattning')] }] }));
    const error = await importFailure(DOCX_MEDIA_TYPE, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(error.problem).toBe('corrupt');
  });

  it('recognises a password-protected Word file and says how to remove the password', async () => {
    const error = await importFailure(DOCX_MEDIA_TYPE, encryptedContainer());
    expect([error.status, error.problem]).toEqual([422, 'encrypted']);
    expect(error.message).toContain('lösenordsskyddad');
  });

  it('tells an old binary .doc apart from an encrypted file', async () => {
    const oldDoc = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
    const error = await importFailure('application/msword', oldDoc);
    expect([error.status, error.problem]).toEqual([415, 'legacy_doc']);
  });

  it('refuses text with no recognisable structure with 422 and tells what would help', async () => {
    const error = await importFailure('text/plain', Buffer.from('Hej!\n\nHär är några rader text.\n\nInget mer.'));
    expect([error.status, error.problem]).toEqual([422, 'unrecognised']);
    expect(error.message).toContain('Tjänsteskrivelse');
  });

  it('refuses binary data sent as text with 415', async () => {
    const error = await importFailure('text/plain', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]));
    expect([error.status, error.problem]).toEqual([415, 'not_text']);
  });

  it('refuses a media type it does not import with 415', async () => {
    const error = await importFailure('application/pdf', Buffer.from('%PDF-1.7'));
    expect([error.status, error.problem]).toEqual([415, 'unsupported_type']);
  });

  it('reads a Windows-1252 text file without garbling å, ä and ö', async () => {
    const latin = Buffer.from('Tjänsteskrivelse\n\nÅtgärder för ökad trygghet\n\nSammanfattning\n\nNämnden föreslås besluta.', 'latin1');
    const parsed = await importFile({ contentType: 'text/plain', body: latin });
    expect(parsed.title).toBe('Åtgärder för ökad trygghet');
  });
});
