import { open311BadRequest } from './open311-error';

/** A query string or a form body as Fastify parses it: a repeated name arrives as an array. */
export type Open311Params = Record<string, string | string[] | undefined>;

/** Bounds on what one request may carry, before any field is looked at. */
const MAX_PARAMS = 200;
const MAX_VALUE_LENGTH = 8000;

/** Refuse anything that is not a flat map of strings (a JSON body with nesting, too many fields, huge values). */
export function flatParams(raw: unknown, where: 'query' | 'body'): Open311Params {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw open311BadRequest(`the request ${where} must be form fields (name=value pairs)`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) throw open311BadRequest(`too many fields in the request ${where} (at most ${MAX_PARAMS})`);
  const out: Open311Params = {};
  for (const [name, value] of entries) {
    const values = Array.isArray(value) ? value : [value];
    // (NUL and lone surrogates are refused for every request at the edge: StorableTextGuard)
    if (values.length > 50 || !values.every((v) => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH)) {
      throw open311BadRequest(`${name.slice(0, 60)}: each value must be text of at most ${MAX_VALUE_LENGTH} characters`);
    }
    out[name] = value as string | string[];
  }
  return out;
}

/**
 * One optional argument. The spec: "a null parameter should be treated as equivalent to a non-declared
 * parameter", so an empty value is absent. A name given twice is refused: we would have to guess which one counts.
 */
export function single(params: Open311Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw open311BadRequest(`${name} was given more than once`);
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A comma-delimited argument that "can be declared multiple times" (service_code, status, service_request_id). */
export function commaList(params: Open311Params, name: string, max: number): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (items.length === 0) return undefined;
  if (items.length > max) throw open311BadRequest(`${name} lists more than ${max} values`);
  return [...new Set(items)];
}

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A W3C datetime with a timezone, as the spec requires ("Timezone information must be included"), e.g.
 * 2010-01-01T00:00:00Z or 2025-12-01T08:00:00+08:00. Null when the text is not one (a 30 February included).
 */
export function parseW3cDatetime(text: string): Date | null {
  const m = W3C_DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function datetimeParam(params: Open311Params, name: string): Date | undefined {
  const text = single(params, name);
  if (text === undefined) return undefined;
  const at = parseW3cDatetime(text);
  if (!at) throw open311BadRequest(`${name} must be a W3C datetime with a timezone, e.g. 2025-12-01T00:00:00+08:00 or 2025-12-01T00:00:00Z`);
  return at;
}

/** `requests.json` → { name: 'requests', format: 'json' }; null when the extension is not one we serve. */
export function splitFormat(file: string): { name: string; format: 'json' | 'xml' } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1], format: m[2] as 'json' | 'xml' } : null;
}
