import fc from 'fast-check';

/**
 * Generators of hostile input for the route fuzz (fuzz.spec.ts): strings Postgres cannot store, numbers JSON parsers
 * and drivers choke on, deep nesting, prototype keys — and bodies shaped after the route's own OpenAPI schema, with a
 * hostile value planted somewhere, so requests get past the first validation into the code behind it.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings that have hurt web APIs: NUL, lone surrogates, huge or odd numbers as text, dates Postgres refuses, … */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '𠮷野家 🚧',
  '\u202e\u2066bidi',
  '\r\n\t',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-0',
  '9007199254740993',
  '9'.repeat(400),
  '-1',
  '0',
  '1.5',
  'true',
  'null',
  '__proto__',
  'constructor',
  'prototype',
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  '%00',
  '%ED%A0%80',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example","x")',
  '{{7*7}}${7*7}',
  '2026-02-30T00:00:00Z',
  '-100000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-12-07',
  '2026-12-07T10:00:00+08:00',
  '00000000-0000-0000-0000-000000000000',
  'CZ-20261207-0001',
  'E0102',
  'xincheng-01',
  'x'.repeat(5000),
  '垃'.repeat(3000),
];

/** Any string, weighted towards the hostile ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate, fc.string({ maxLength: 8 })).map(([a, s, b]) => a + s + b) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constant('\u0000'), fc.string({ maxLength: 8 })).map(([a, s, b]) => a + s + b) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

/** Numbers at the edges: huge, tiny, negative zero, past 2^53, fractions where integers are expected. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, 1e21, 0.1 + 0.2),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function nest(depth: number, leaf: Json, asArray: boolean): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Any JSON value: hostile leaves, prototype keys, and now and then a nesting 20–80 levels deep. */
export const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: hostileString },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'id', 'version', 'name')), tie('value'), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 80 }), hostileString, fc.boolean()).map(([d, leaf, arr]) => nest(d, leaf, arr)) },
  ),
})).value;

// ---- bodies after the route's OpenAPI schema -----------------------------------------------------------------

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
}

/** Values the app knows (ids of its rows, codes): a schema-shaped body that names them reaches deeper. */
export interface KnownValues {
  uuids: string[];
  strings: string[];
}

function stringFor(s: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...known.uuids), fc.uuid());
  if (s.format === 'date-time') return fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      const generated = fc.stringMatching(re, { size: 'xsmall' }).filter((v) => v.length <= (s.maxLength ?? 200));
      // codes and ids the app knows that fit the pattern (E0102, xincheng-01): a reference that resolves reaches further
      const fitting = known.strings.filter((k) => re.test(k));
      return fitting.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...fitting) }, { weight: 1, arbitrary: generated }) : generated;
    } catch {
      /* a pattern fast-check cannot generate from: plain text below */
    }
  }
  return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) }), fc.constantFrom(...known.strings));
}

/** Mostly-valid values for a schema (depth-bounded). */
export function fromSchema(s: JsonSchema | undefined, known: KnownValues, depth = 0): fc.Arbitrary<Json> {
  if (!s || depth > 6) return hostileJson;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, known, depth + 1)));
  if (s.allOf?.length) return fromSchema(Object.assign({}, ...s.allOf) as JsonSchema, known, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const shape: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = fromSchema(v, known, depth + 1);
      const fixed = fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) }) as fc.Arbitrary<Record<string, Json>>;
      // a record (z.record): names of its own, values after its schema
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...known.strings)), fromSchema(s.additionalProperties, known, depth + 1), { maxKeys: 3 });
        return fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      return fixed;
    }
    case 'array':
      return fc.array(fromSchema(s.items, known, depth + 1), { maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'string':
      return stringFor(s, known);
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e9), max: Math.min(s.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return hostileJson;
  }
}

/**
 * A valid body with one hostile thing in it: one leaf (chosen by `pick`) replaced by `hostile`; a one- or two-character
 * `hostile` appended to a string leaf instead (taint); or — with `extraKey` — a name added to one of its objects (the
 * root or a nested one, also chosen by `pick`), valued `hostile`, or a sibling's value when `hostile` is null.
 */
export function plant(value: Json, hostile: Json, pick: number, extraKey: string | null): Json {
  const leaves: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  const objects: Record<string, Json>[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((x, i) => (x !== null && typeof x === 'object' ? walk(x) : leaves.push({ parent: v, key: i })));
    else if (v !== null && typeof v === 'object') {
      objects.push(v);
      for (const [k, x] of Object.entries(v)) {
        if (x !== null && typeof x === 'object') walk(x);
        else leaves.push({ parent: v, key: k });
      }
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (typeof hostile === 'string' && hostile.length <= 2 && extraKey === null) {
    // taint: a string of the valid body gets the hostile character (NUL, a lone surrogate) and stays otherwise valid
    const strings = leaves.filter((l) => typeof (l.parent as Record<string | number, Json>)[l.key] === 'string');
    if (strings.length) {
      const leaf = strings[pick % strings.length];
      const parent = leaf.parent as Record<string | number, Json>;
      parent[leaf.key] = `${parent[leaf.key] as string}${hostile}`;
      return copy;
    }
  }
  if (extraKey !== null && objects.length > 0) {
    // the new name gets a sibling's value where there is one (a record stays a valid record, but for the name)
    const target = objects[pick % objects.length];
    const sibling = Object.values(target)[0];
    Object.defineProperty(target, extraKey, { value: hostile === null && sibling !== undefined ? structuredClone(sibling) : hostile, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  if (leaves.length === 0) return hostile;
  const leaf = leaves[pick % leaves.length];
  (leaf.parent as Record<string | number, Json>)[leaf.key] = hostile;
  return copy;
}

/**
 * Percent-encoding of any JS string, lone surrogates included (as the WTF-8 bytes a hostile client would send,
 * where encodeURIComponent throws).
 */
export function encode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16).toUpperCase()}%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

/** A query string from names to one value or several (a repeated name). */
export function queryString(params: [string, string | string[]][]): string {
  const parts = params.flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encode(k)}=${encode(x)}`));
  return parts.length ? `?${parts.join('&')}` : '';
}
