/**
 * A .docx is a zip; before mammoth opens it, its entries are counted and inflated here, counting
 * the bytes that really come out rather than the sizes the zip declares. A 100 KB file can
 * declare a 1 KB document.xml and hold 100 MB of it (finding 2); this stops at the limit with a
 * Swedish answer instead of handing mammoth the bomb.
 *
 * The reading mirrors JSZip's, which mammoth uses: the last end-of-central-directory record, the
 * central directory's entries, each entry's data after its local header, its compressed size
 * from the central directory, stored or deflated, and any bytes prepended to the archive shifting
 * every offset. Whatever JSZip will inflate is therefore what was measured here. Anything this
 * reader cannot follow is refused as a damaged file.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { importErrors } from './importError';

export interface DocxContainerLimits {
  /** The most bytes all entries together may inflate to. */
  maxInflatedBytes: number;
  /** The most entries the zip may hold. */
  maxEntries: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const ZIP64_EXTRA = 0x0001;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Checks the limits; resolves with the inflated total when the file keeps within them. */
export async function checkDocxContainer(buffer: Buffer, limits: DocxContainerLimits): Promise<number> {
  const entries = centralDirectory(buffer, limits.maxEntries);
  let total = 0;
  for (const entry of entries) {
    const data = entryData(buffer, entry);
    const budget = limits.maxInflatedBytes - total;
    total += entry.method === STORED ? data.length : await inflatedLength(data, budget);
    if (total > limits.maxInflatedBytes) throw importErrors.inflatedTooLarge(limits.maxInflatedBytes);
  }
  return total;
}

/**
 * The entries whose names pass the test, inflated, at most `maxBytes` each: for parts of a Word
 * file its reader leaves out (page headers and footers). Call after checkDocxContainer.
 */
export function readEntries(
  buffer: Buffer,
  test: (name: string) => boolean,
  limits: DocxContainerLimits & { maxBytes: number },
): Map<string, Buffer> {
  const read = new Map<string, Buffer>();
  for (const entry of centralDirectory(buffer, limits.maxEntries)) {
    if (!test(entry.name)) continue;
    const data = entryData(buffer, entry);
    try {
      read.set(entry.name, entry.method === STORED ? data : inflateRawSync(data, { maxOutputLength: limits.maxBytes }));
    } catch {
      // Larger than asked for, or damaged: that part is left out, as the Word reader leaves it.
    }
  }
  return read;
}

function centralDirectory(buffer: Buffer, maxEntries: number): Entry[] {
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(END_OF_CENTRAL_DIRECTORY);
  const end = buffer.lastIndexOf(signature);
  if (end < 0 || end + 22 > buffer.length) throw importErrors.corrupt();
  const declaredCount = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  // A Word file within the upload limit never needs zip64's 64-bit directory.
  if (declaredCount === MAX_16 || directorySize === MAX_32 || directoryOffset === MAX_32) throw importErrors.corrupt();
  if (declaredCount > maxEntries) throw importErrors.tooManyEntries(maxEntries);
  const shift = end - (directoryOffset + directorySize);
  if (shift < 0) throw importErrors.corrupt();

  const entries: Entry[] = [];
  let position = directoryOffset + shift;
  while (position + 46 <= buffer.length && buffer.readUInt32LE(position) === CENTRAL_FILE_HEADER) {
    if (entries.length === maxEntries) throw importErrors.tooManyEntries(maxEntries);
    const nameLength = buffer.readUInt16LE(position + 28);
    const extraLength = buffer.readUInt16LE(position + 30);
    const commentLength = buffer.readUInt16LE(position + 32);
    const extra = buffer.subarray(position + 46 + nameLength, position + 46 + nameLength + extraLength);
    const sizes = zip64Sizes(extra, {
      uncompressed: buffer.readUInt32LE(position + 24),
      compressed: buffer.readUInt32LE(position + 20),
      offset: buffer.readUInt32LE(position + 42),
    });
    entries.push({
      name: buffer.toString('utf8', position + 46, position + 46 + nameLength),
      method: buffer.readUInt16LE(position + 10),
      compressedSize: sizes.compressed,
      localHeaderOffset: sizes.offset + shift,
    });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The 64-bit values a zip64 extra field holds for the 32-bit fields set to 0xFFFFFFFF. */
function zip64Sizes(extra: Buffer, sizes: { uncompressed: number; compressed: number; offset: number }): typeof sizes {
  if (sizes.uncompressed !== MAX_32 && sizes.compressed !== MAX_32 && sizes.offset !== MAX_32) return sizes;
  let position = 0;
  while (position + 4 <= extra.length) {
    const id = extra.readUInt16LE(position);
    const length = extra.readUInt16LE(position + 2);
    if (id === ZIP64_EXTRA) {
      const field = extra.subarray(position + 4, position + 4 + length);
      let at = 0;
      const next = (value: number): number => {
        if (value !== MAX_32) return value;
        if (at + 8 > field.length) throw importErrors.corrupt();
        const wide = Number(field.readBigUInt64LE(at));
        at += 8;
        return wide;
      };
      const uncompressed = next(sizes.uncompressed);
      const compressed = next(sizes.compressed);
      return { uncompressed, compressed, offset: next(sizes.offset) };
    }
    position += 4 + length;
  }
  throw importErrors.corrupt();
}

function entryData(buffer: Buffer, entry: Entry): Buffer {
  const header = entry.localHeaderOffset;
  if (header < 0 || header + 30 > buffer.length || buffer.readUInt32LE(header) !== LOCAL_FILE_HEADER) throw importErrors.corrupt();
  const start = header + 30 + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  if (entry.method !== STORED && entry.method !== DEFLATED) throw importErrors.corrupt();
  if (start + entry.compressedSize > buffer.length) throw importErrors.corrupt();
  return buffer.subarray(start, start + entry.compressedSize);
}

/**
 * How many bytes the deflated data inflates to, counted chunk by chunk and discarded, so that
 * measuring a bomb costs no more memory than a chunk. Stops as soon as the budget is passed.
 */
function inflatedLength(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let length = 0;
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > budget) {
        inflate.destroy();
        resolve(length);
      }
    });
    inflate.on('end', () => resolve(length));
    inflate.on('error', () => reject(importErrors.corrupt()));
    inflate.end(data);
  });
}
