/**
 * The letterhead's logo as the DOCX export places it: its pixel size read from the image itself
 * (PNG's IHDR, JPEG's start-of-frame), scaled to one height at the top of the page (narrower if
 * it is very wide). A logo whose size
 * cannot be read is left out rather than failing the export.
 */
import type { LetterheadLogo } from '../../shared/model';

export interface PlacedLogo {
  data: Buffer;
  type: 'png' | 'jpg';
  /** In pixels at 96 to the inch, as the `docx` library measures images. */
  width: number;
  height: number;
}

/** About 16 mm high and at most 55 mm wide: a logo, not a banner. */
const MAX_HEIGHT = 60;
const MAX_WIDTH = 208;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Start-of-frame markers C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes and markers without a length (RSTn, TEM) carry no segment.
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (isStartOfFrame(marker)) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

export function placeLogo(logo: LetterheadLogo | undefined): PlacedLogo | undefined {
  if (!logo) return undefined;
  const data = Buffer.from(logo.data, 'base64');
  const size = logo.mediaType === 'image/png' ? pngSize(data) : jpegSize(data);
  if (!size || size.width === 0 || size.height === 0) return undefined;
  const scale = Math.min(MAX_HEIGHT / size.height, MAX_WIDTH / size.width);
  return {
    data,
    type: logo.mediaType === 'image/png' ? 'png' : 'jpg',
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}
