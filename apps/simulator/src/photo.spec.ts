import { inflateSync } from 'node:zlib';
import { drawScene, photoPng } from './photo';

describe('schematic photos', () => {
  it('is a well-formed 320×240 RGB PNG', () => {
    const png = photoPng('after', 'E0102', 'case-1');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(320);
    expect(png.readUInt32BE(20)).toBe(240);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe((320 * 3 + 1) * 240);
    expect(png.subarray(png.length - 8, png.length - 4).toString('ascii')).toBe('IEND');
  });

  it('shows the problem before the fix and a clear pavement after it', () => {
    expect(Buffer.from(drawScene('before', 'E0102', 'x')).equals(Buffer.from(drawScene('after', 'E0102', 'x')))).toBe(false);
    expect(Buffer.from(drawScene('report', 'E0102', 'x')).equals(Buffer.from(drawScene('before', 'E0102', 'x')))).toBe(true);
  });
});
