import { XMLBuilder } from 'fast-xml-parser';

/**
 * One answer of the Open311 API as a tree, written once and rendered twice: as XML (the spec's required format) and
 * as JSON by the Spark convention the spec names (the root element dropped, a wrapper of repeated elements becomes
 * an array). Every endpoint builds an Open311Document and hands it to `render`, so the two formats cannot drift.
 */
export type Open311Scalar = string | number | boolean | null;
export type Open311Value = Open311Scalar | Open311List | Open311Record;
export interface Open311Record {
  [field: string]: Open311Value;
}

/** `<values><value>…</value><value>…</value></values>` in XML, `"values": […]` in JSON. */
export class Open311List {
  constructor(
    /** the repeated element's name, e.g. `value` inside `values` */
    readonly item: string,
    readonly items: readonly Open311Value[],
  ) {}
}

export interface Open311Document {
  /** the XML root element: `services`, `service_definition`, `service_requests`, `errors`, `discovery` */
  root: string;
  body: Open311List | Open311Record;
}

export type Open311Format = 'json' | 'xml';

export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

// ---- JSON (Spark convention) ---------------------------------------------------------------------------------

function sparkJson(value: Open311Value): unknown {
  if (value instanceof Open311List) return value.items.map(sparkJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sparkJson(v)]));
  }
  return value;
}

export function toOpen311Json(doc: Open311Document): string {
  return JSON.stringify(sparkJson(doc.body));
}

// ---- XML -----------------------------------------------------------------------------------------------------

/** Characters XML 1.0 cannot carry at all (escaping does not help): dropped, so one odd report can't break a list. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlTree(value: Open311Value): unknown {
  if (value instanceof Open311List) return value.items.length ? { [value.item]: value.items.map(xmlTree) } : '';
  if (value === null) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlTree(v)]));
  return String(value).replace(NOT_XML_CHAR, '');
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });

export function toOpen311Xml(doc: Open311Document): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${String(builder.build({ [doc.root]: xmlTree(doc.body) })).trimEnd()}\n`;
}

export function renderOpen311(doc: Open311Document, format: Open311Format): string {
  return format === 'json' ? toOpen311Json(doc) : toOpen311Xml(doc);
}
