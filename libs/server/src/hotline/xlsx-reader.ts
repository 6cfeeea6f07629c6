import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StopReading, readEntry, zipEntries, type ZipEntry } from './zip-entries';

/** A cell as read: text, a number, or a date (date-formatted number cells). */
export type XlsxCell = string | number | Date | null;

export interface XlsxRow {
  /** the row number the sheet gives it (1-based) */
  row: number;
  cells: XlsxCell[];
}

export interface XlsxLimits {
  /** the most the workbook's entries may declare to unpack to, together */
  maxUnpackedBytes: number;
  /** the most non-blank rows after the first non-blank one (the header) */
  maxDataRows: number;
}

export interface XlsxSheet {
  rows: XlsxRow[];
  /** true when there were more data rows than maxDataRows: reading stopped at the first one over */
  tooManyRows: boolean;
}

export { ZipProblem } from './zip-entries';
/** The XML of a part is not what the format says. */
export class XlsxProblem extends Error {}

const MAIN_DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
/** Built-in number formats (ECMA-376 §18.8.30) that exceljs knows by id; the rest of the ids have no fixed code. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** A number format shows a date when it has date or time letters outside quotes and brackets (as exceljs decides). */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** An Excel serial day number as the instant exceljs gives: the wall time it shows, read as UTC. */
function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
/** an attribute by its local name (`r:id` and `ns2:id` alike) */
const attr = (tag: SaxesTagPlain, name: string, prefixed = false): string | undefined => {
  for (const [k, v] of Object.entries(tag.attributes)) {
    if (prefixed ? k.includes(':') && local(k) === name : k === name) return v;
  }
  return undefined;
};

/** Parse one part's XML as it is inflated: a SAX parser over readEntry's text. */
async function parsePart(
  zip: Buffer,
  entry: ZipEntry,
  handlers: { open?: (tag: SaxesTagPlain, name: string) => void; text?: (text: string) => void; close?: (name: string) => void },
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (err) => {
    throw new XlsxProblem(`${entry.name}: ${err.message.slice(0, 120)}`);
  });
  const { open, close } = handlers;
  if (open) parser.on('opentag', (tag) => open(tag as SaxesTagPlain, local(tag.name)));
  if (close) parser.on('closetag', (tag) => close(local(tag.name)));
  if (handlers.text) parser.on('text', handlers.text);
  let stopped = false;
  await readEntry(zip, entry, (text) => {
    try {
      parser.write(text);
    } catch (err) {
      if (err instanceof StopReading) stopped = true;
      throw err;
    }
  });
  if (!stopped) parser.close();
}

/** `Target` of a relationship, resolved against the folder of the part that holds it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

async function relationships(zip: Buffer, entries: Map<string, ZipEntry>, part: string): Promise<{ id: string; type: string; target: string }[]> {
  const relsPath = `${part.split('/').slice(0, -1).join('/')}${part.includes('/') ? '/' : ''}_rels/${part.split('/').pop()}.rels`;
  const entry = entries.get(relsPath);
  if (!entry) return [];
  const rels: { id: string; type: string; target: string }[] = [];
  await parsePart(zip, entry, {
    open: (tag, name) => {
      if (name !== 'Relationship' || attr(tag, 'TargetMode') === 'External') return;
      rels.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: resolveTarget(part, attr(tag, 'Target') ?? '') });
    },
  });
  return rels;
}

/** Shared strings: plain `<t>` or rich-text runs `<r><t>`; phonetic guides (`<rPh>`) are not part of the text. */
async function sharedStrings(zip: Buffer, entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  await parsePart(zip, entry, {
    open: (_tag, name) => {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inT = true;
    },
    text: (text) => {
      if (inT && current !== null) current += text;
    },
    close: (name) => {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = null;
      }
    },
  });
  return strings;
}

/** Style index → its number format code, from styles.xml's cellXfs (not cellStyleXfs). */
async function cellFormats(zip: Buffer, entry: ZipEntry | undefined): Promise<(string | undefined)[]> {
  const formats: (string | undefined)[] = [];
  if (!entry) return formats;
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, entry, {
    open: (tag, name) => {
      if (name === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), (attr(tag, 'formatCode') ?? '').replace(/[\\](.)/g, '$1'));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) ids.push(Number(attr(tag, 'numFmtId') ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of ids) formats.push(id ? (custom.get(id) ?? BUILTIN_FORMATS[id]) : undefined);
  return formats;
}

/** `BC12` → 54 (0-based column). */
function columnOf(ref: string | undefined): number | null {
  const m = ref ? /^([A-Z]{1,3})\d*$/.exec(ref) : null;
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const isBlank = (c: XlsxCell) => c === null || (typeof c === 'string' && c.trim() === '');

/**
 * Read the first sheet that has a non-blank row, as a stream: nothing is unpacked beyond what the zip declares (and
 * zipEntries checked), and the sheet is read only up to the first data row over the limit. Numbers stay numbers,
 * date-formatted numbers become dates (the wall time shown, as UTC), booleans TRUE/FALSE, error values null. A formula
 * cell is read as the text of its formula (`=SUM(A1:A3)`), never as the result the file says it computed: a cached
 * result is whatever the file's author wrote, and a formula is not data — it stays inert text.
 */
export async function readFirstSheet(zip: Buffer, limits: XlsxLimits): Promise<XlsxSheet | null> {
  const entries = zipEntries(zip, limits.maxUnpackedBytes);
  const rootRels = await relationships(zip, entries, '');
  const workbookPath = rootRels.find((r) => r.type === MAIN_DOC)?.target ?? 'xl/workbook.xml';
  const workbook = entries.get(workbookPath);
  if (!workbook) throw new XlsxProblem('no workbook part');

  let date1904 = false;
  const sheetIds: string[] = [];
  await parsePart(zip, workbook, {
    open: (tag, name) => {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attr(tag, 'date1904') ?? '');
      else if (name === 'sheet') sheetIds.push(attr(tag, 'id', true) ?? '');
    },
  });
  const rels = await relationships(zip, entries, workbookPath);
  const ofType = (suffix: string) => rels.find((r) => r.type.endsWith(suffix))?.target;
  const strings = await sharedStrings(zip, entries.get(ofType('/sharedStrings') ?? 'xl/sharedStrings.xml'));
  const formats = await cellFormats(zip, entries.get(ofType('/styles') ?? 'xl/styles.xml'));

  for (const id of sheetIds) {
    const path = rels.find((r) => r.id === id)?.target;
    const entry = path ? entries.get(path) : undefined;
    if (!entry) continue;
    const sheet = await readSheet(zip, entry, { strings, formats, date1904, maxDataRows: limits.maxDataRows });
    if (sheet.rows.length > 0) return sheet;
  }
  return null;
}

interface SheetContext {
  strings: string[];
  formats: (string | undefined)[];
  date1904: boolean;
  maxDataRows: number;
}

async function readSheet(zip: Buffer, entry: ZipEntry, ctx: SheetContext): Promise<XlsxSheet> {
  const rows: XlsxRow[] = [];
  let tooManyRows = false;
  const sharedFormulas = new Map<string, string>();
  let rowNumber = 0;
  let cells: XlsxCell[] | null = null;
  let col = -1;
  // the cell being read
  let type = '';
  let style = 0;
  let value: string | null = null;
  let inline: string | null = null;
  let formula: string | null = null;
  let sharedIndex: string | undefined;
  let into: 'v' | 't' | 'f' | null = null;
  let phonetic = 0;

  const cellValue = (): XlsxCell => {
    if (formula !== null) {
      const text = formula || (sharedIndex !== undefined ? (sharedFormulas.get(sharedIndex) ?? '') : '');
      return text ? `=${text}` : null;
    }
    if (type === 'inlineStr') return inline;
    if (value === null) return null;
    switch (type) {
      case 's':
        return ctx.strings[Number.parseInt(value, 10)] ?? null;
      case 'str':
        return value;
      case 'b':
        return Number.parseInt(value, 10) !== 0 ? 'TRUE' : 'FALSE';
      case 'e':
        return null;
      case 'd': {
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? value : d;
      }
      default: {
        const n = Number.parseFloat(value);
        if (Number.isNaN(n)) return null;
        return isDateFormat(ctx.formats[style]) ? excelToDate(n, ctx.date1904) : n;
      }
    }
  };

  await parsePart(zip, entry, {
    open: (tag, name) => {
      switch (name) {
        case 'row':
          rowNumber = Number(attr(tag, 'r')) || rowNumber + 1;
          cells = [];
          col = -1;
          break;
        case 'c':
          col = columnOf(attr(tag, 'r')) ?? col + 1;
          type = attr(tag, 't') ?? 'n';
          style = Number(attr(tag, 's') ?? 0);
          value = inline = formula = null;
          sharedIndex = undefined;
          break;
        case 'v':
          into = 'v';
          value = '';
          break;
        case 'f':
          into = 'f';
          formula = '';
          sharedIndex = attr(tag, 't') === 'shared' ? attr(tag, 'si') : undefined;
          break;
        case 'is':
          inline = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inline !== null && phonetic === 0) into = 't';
          break;
      }
    },
    text: (text) => {
      if (into === 'v') value += text;
      else if (into === 'f') formula += text;
      else if (into === 't') inline += text;
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 'f':
        case 't':
          if (name === 'f' && sharedIndex !== undefined && formula) sharedFormulas.set(sharedIndex, formula);
          into = null;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (cells && col >= 0 && col < 16_384) cells[col] = cellValue();
          break;
        case 'row': {
          const read = Array.from(cells ?? [], (c) => (c === undefined ? null : c));
          cells = null;
          if (read.every(isBlank)) break;
          // the first non-blank row is the header; past it, at most maxDataRows rows are read
          if (rows.length > ctx.maxDataRows) {
            tooManyRows = true;
            throw new StopReading();
          }
          rows.push({ row: rowNumber, cells: read });
          break;
        }
      }
    },
  });
  return { rows, tooManyRows };
}
