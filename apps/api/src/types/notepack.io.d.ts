/** notepack.io (msgpack; the Redis adapter's default codec) ships no types: the two functions we use. */
declare module 'notepack.io' {
  export function encode(value: unknown): Buffer;
  export function decode(msg: Buffer): unknown;
}
