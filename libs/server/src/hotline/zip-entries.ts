import { createInflateRaw } from 'node:zlib';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** One file of a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate */
  method: number;
  flags: number;
  compressedSize: number;
  /** what the central directory says it unpacks to: a cap, never trusted as the truth */
  size: number;
  localHeaderAt: number;
}

/** Why a zip cannot be read: `damaged` (not a zip we read, or one whose entries lie) or `too_large`. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'damaged' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by a consumer to stop reading an entry early (enough has been read); readEntry then resolves. */
export class StopReading extends Error {}

/**
 * The central directory, read before anything is inflated: the entries and the total size they declare, which must
 * stay under `maxTotal` (a zip bomb declaring gigabytes is refused here). A declared size is only a claim: readEntry
 * holds each entry to it while inflating, so the bytes really unpacked never exceed what was declared and checked.
 */
export function zipEntries(data: Buffer, maxTotal: number): Map<string, ZipEntry> {
  const damaged = (why: string) => new ZipProblem('damaged', why);
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('no zip end record');
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  let total = 0;
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) throw damaged('a damaged central directory');
    const nameLength = data.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: data.readUInt16LE(at + 8),
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      name: data.toString('utf8', at + 46, Math.min(data.length, at + 46 + nameLength)),
      localHeaderAt: data.readUInt32LE(at + 42),
    };
    // zip64 markers: far beyond any sane export
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localHeaderAt === 0xffffffff) total = Infinity;
    total += entry.size;
    entries.set(entry.name.replace(/^\/+/, ''), entry);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  if (total > maxTotal) throw new ZipProblem('too_large', `the workbook unpacks to more than ${Math.round(maxTotal / 1024 / 1024)} MiB`);
  return entries;
}

/** Stored entries are handed on in slices this big, with a turn of the event loop between them. */
const SLICE = 64 * 1024;

/**
 * Inflate one entry as a stream (zlib works off the event loop, in its thread pool), handing its text to `onText`
 * chunk by chunk (UTF-8). The entry may unpack to no more than its declared size: one byte more and the inflater is
 * stopped (a zip bomb lying about its sizes), so memory and time stay within what zipEntries checked. `onText` may
 * throw StopReading to end early.
 */
export async function readEntry(data: Buffer, entry: ZipEntry, onText: (text: string) => void): Promise<void> {
  if (entry.flags & 0x1) throw new ZipProblem('damaged', `${entry.name} is encrypted`);
  const at = entry.localHeaderAt;
  if (at + 30 > data.length || data.readUInt32LE(at) !== 0x04034b50) throw new ZipProblem('damaged', `${entry.name}: no local header`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  if (start + entry.compressedSize > data.length) throw new ZipProblem('damaged', `${entry.name} runs past the end of the file`);
  const compressed = data.subarray(start, start + entry.compressedSize);
  const decoder = new TextDecoder('utf-8');

  if (entry.method === 0) {
    if (compressed.length !== entry.size) throw new ZipProblem('damaged', `${entry.name}: stored size differs from the declared one`);
    try {
      for (let i = 0; i < compressed.length; i += SLICE) {
        onText(decoder.decode(compressed.subarray(i, i + SLICE), { stream: true }));
        await yieldToLoop();
      }
      onText(decoder.decode());
    } catch (err) {
      if (!(err instanceof StopReading)) throw err;
    }
    return;
  }
  if (entry.method !== 8) throw new ZipProblem('damaged', `${entry.name}: compression method ${entry.method} is not read`);

  await new Promise<void>((resolve, reject) => {
    const inflater = createInflateRaw();
    let unpacked = 0;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      if (err === undefined || err instanceof StopReading) resolve();
      else reject(err);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      unpacked += chunk.length;
      if (unpacked > entry.size) return finish(new ZipProblem('too_large', `${entry.name} unpacks to more than the ${entry.size} bytes it declares`));
      try {
        onText(decoder.decode(chunk, { stream: true }));
      } catch (err) {
        finish(err);
      }
    });
    inflater.on('end', () => {
      if (unpacked !== entry.size) return finish(new ZipProblem('damaged', `${entry.name} unpacks to ${unpacked} bytes, not the ${entry.size} it declares`));
      try {
        onText(decoder.decode());
        finish();
      } catch (err) {
        finish(err);
      }
    });
    inflater.on('error', () => finish(new ZipProblem('damaged', `${entry.name} is not valid deflate data`)));
    inflater.end(compressed);
  });
}
