import type { Buffer } from 'node:buffer';
import * as msgpack from 'notepack.io';

/** msgpack's header of a three-element array: every broadcast the adapter publishes is `[uid, packet, options]`. */
const FIXARRAY_3 = 0x93;

/**
 * The Redis adapter's codec (msgpack, as by default), except for the messages this process published itself.
 * Redis hands every broadcast back to its publisher too, and the adapter decodes the whole message (packet and all)
 * only to read the sender's id and drop it: at intake rates that was 3 % of the api's CPU. A broadcast's bytes start
 * with the sender's id, so ours are recognised by that prefix and answered with just the id, which the adapter
 * compares with its own and ignores. Anything else is decoded as before.
 */
export function ownMessageSkippingParser() {
  const ownIds = new Set<string>();
  const ownPrefixes: { id: string; bytes: Buffer }[] = [];
  return {
    encode(value: unknown): Buffer {
      if (Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && !ownIds.has(value[0])) {
        ownIds.add(value[0]);
        ownPrefixes.push({ id: value[0], bytes: msgpack.encode(value[0]) });
      }
      return msgpack.encode(value);
    },
    decode(msg: Buffer): unknown {
      if (msg[0] === FIXARRAY_3) {
        for (const own of ownPrefixes) {
          if (msg.length > own.bytes.length + 1 && msg.compare(own.bytes, 0, own.bytes.length, 1, 1 + own.bytes.length) === 0) return [own.id];
        }
      }
      return msgpack.decode(msg);
    },
  };
}
