/**
 * DOCX into source blocks, through mammoth's HTML (which knows Word's heading styles and list
 * numbering). Images are dropped: a case document's text is what Yttra edits.
 */
import mammoth from 'mammoth';
import { DOCX_STYLE_MAP } from '../export/docxStyles';
import { importErrors } from './importError';
import { htmlToSourceBlocks } from './htmlBlocks';
import type { SourceBlock } from './sourceBlocks';

export interface DocxSource {
  blocks: SourceBlock[];
  /** Mammoth's notes about formatting it could not carry over, for the import report. */
  warnings: string[];
}

export async function docxToSourceBlocks(buffer: Buffer): Promise<DocxSource> {
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer },
      {
        externalFileAccess: false,
        styleMap: [...DOCX_STYLE_MAP],
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch {
    throw importErrors.corrupt();
  }
  const warnings = result.messages
    .filter((message) => message.type === 'warning' && !/image/i.test(message.message))
    .map((message) => message.message);
  return { blocks: htmlToSourceBlocks(result.value), warnings };
}
