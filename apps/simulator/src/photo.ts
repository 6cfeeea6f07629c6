import { deflateSync } from 'node:zlib';
import { hashUnit } from './random';

/**
 * A small schematic "photo" as a PNG, drawn without any image library: sky, a building line, the pavement, and —
 * before a fix — a coloured block where the problem is. After the fix the pavement is clear. The server checks
 * uploads by content and re-encodes them, so it must be a real image; it need not be a pretty one.
 */
/** `report` and `before` show the problem; `after` shows the place once it is fixed. */
export type PhotoKind = 'report' | 'before' | 'after';

const WIDTH = 320;
const HEIGHT = 240;

type Rgb = readonly [number, number, number];

function hueToRgb(h: number): Rgb {
  const k = (n: number) => (n + h * 6) % 6;
  const f = (n: number) => Math.round(255 * (1 - Math.max(0, Math.min(1, Math.min(k(n), 4 - k(n))))));
  return [f(5), f(3), f(1)];
}

/** The picture as RGB rows; `seed` varies the scene so photos of different cases differ. */
export function drawScene(kind: PhotoKind, categoryCode: string, seed: string): Uint8Array {
  const px = new Uint8Array(WIDTH * HEIGHT * 3);
  const sky: Rgb = [150 + Math.round(60 * hashUnit(`${seed}:sky`)), 190, 235];
  const wall: Rgb = [170, 160 + Math.round(30 * hashUnit(`${seed}:wall`)), 150];
  const pavement: Rgb = [120, 120, 125];
  const problem = hueToRgb(hashUnit(categoryCode));
  const roofline = 60 + Math.round(30 * hashUnit(`${seed}:roof`));
  const kerb = 150;
  const bx = 60 + Math.round(160 * hashUnit(`${seed}:x`));
  const bw = 40 + Math.round(40 * hashUnit(`${seed}:w`));
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      let c: Rgb = y < roofline ? sky : y < kerb ? wall : pavement;
      // windows in the building line
      if (y >= roofline + 10 && y < kerb - 15 && x % 40 < 18 && (y - roofline) % 30 < 14) c = [90, 110, 140];
      // paving joints
      if (y >= kerb && (x % 32 === 0 || (y - kerb) % 24 === 0)) c = [100, 100, 104];
      if (kind !== 'after' && y >= kerb + 20 && y < kerb + 20 + bw / 2 && x >= bx && x < bx + bw) c = problem;
      const i = (y * WIDTH + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
  return px;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of the scene. */
export function photoPng(kind: PhotoKind, categoryCode: string, seed: string): Buffer {
  const rgb = drawScene(kind, categoryCode, seed);
  const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    raw[y * (WIDTH * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * WIDTH * 3, (y + 1) * WIDTH * 3), y * (WIDTH * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(WIDTH, 0);
  ihdr.writeUInt32BE(HEIGHT, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
