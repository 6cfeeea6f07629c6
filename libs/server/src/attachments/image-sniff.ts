/** What the first bytes of a file say it is. Only these four image families are ever accepted. */
export type SniffedType = 'jpeg' | 'png' | 'webp' | 'heif';

/** ISO-BMFF brands of HEIF still images (HEIC from phones, and the AV1-coded variant); not video brands. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * The file's type from its content (magic bytes), ignoring its name and the declared Content-Type — a text file
 * named `x.jpg` and sent as image/jpeg is still a text file. Returns null for anything else.
 */
export function sniffImageType(buf: Buffer): SniffedType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 16 && buf.toString('latin1', 4, 8) === 'ftyp') {
    // ftyp box: size(4) 'ftyp' major_brand(4) minor_version(4) compatible_brands(4 each)
    const boxSize = Math.min(buf.readUInt32BE(0), buf.length, 256);
    const brands = [buf.toString('latin1', 8, 12)];
    for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(buf.toString('latin1', at, at + 4));
    if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heif';
  }
  return null;
}

/** A word for what the file seems to be instead, for the refusal message. */
export function describeContent(buf: Buffer): string {
  if (buf.length === 0) return 'empty';
  if (buf.toString('latin1', 0, 4) === 'GIF8') return 'GIF image';
  if (buf.toString('latin1', 0, 4) === '%PDF') return 'PDF document';
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'ZIP archive or Office document';
  if (buf.toString('latin1', 0, 2) === 'BM') return 'BMP image';
  if (/^\s*<(\?xml|svg)/i.test(buf.toString('utf8', 0, 100))) return 'SVG/XML text';
  const sample = buf.subarray(0, 512);
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)).length;
  return printable / sample.length > 0.95 ? 'text' : 'unknown binary';
}
