import { parse } from 'csv-parse/sync';
import { ApiError } from '../platform/errors/api-error';
import { XlsxProblem, ZipProblem, readFirstSheet } from './xlsx-reader';

/** A cell as read: text, a number, or a date (XLSX date cells). */
export type Cell = string | number | Date | null;

export interface SheetRow {
  /** as a spreadsheet numbers it: the header is row 1 in a file that starts with it */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  type: 'csv' | 'xlsx';
  headers: string[];
  rows: SheetRow[];
}

/** Decompressed size an XLSX may claim: a 5 MiB zip can otherwise inflate to gigabytes (a zip bomb). */
const MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024;

const fileError = (status: number, code: string, zh: string, en: string, details?: unknown) => new ApiError(status, code, `${zh} / ${en}`, details);

/**
 * Read a 12345 export: XLSX (by its zip signature) or CSV text (UTF-8, or GB18030 as Excel writes it on Chinese
 * Windows). The first non-empty row is the header. Anything else is refused with a reason.
 */
export async function readHotlineFile(data: Buffer, maxRows: number): Promise<Sheet> {
  if (data.length === 0) throw fileError(400, 'EMPTY_FILE', '文件为空', 'the file is empty');
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return readXlsx(data, maxRows);
  if (data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw fileError(415, 'XLS_NOT_SUPPORTED', '不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv', 'old .xls files are not read; save the export as .xlsx or .csv');
  }
  return readCsv(data, maxRows);
}

/** `atLeast`: reading stopped at the first row over the limit, so the file holds `count` data rows or more. */
function tooManyRows(count: number, maxRows: number, atLeast = false): ApiError {
  const zh = atLeast ? `超过 ${maxRows} 行数据` : `有 ${count} 行数据`;
  const en = atLeast ? `more than ${maxRows} data rows` : `${count} data rows`;
  return fileError(413, 'TOO_MANY_ROWS', `文件${zh}，单次导入上限 ${maxRows} 行，请拆分文件`, `the file holds ${en}; one import takes at most ${maxRows}: split the file`, {
    rows: count,
    maxRows,
  });
}

// ---- CSV ------------------------------------------------------------------------------------------------------

function decodeText(data: Buffer): string {
  if (data.includes(0)) throw fileError(415, 'NOT_A_TABLE', '文件不是 CSV 或 XLSX 表格', 'the file is neither CSV text nor an XLSX workbook');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    // not UTF-8: Excel on Chinese Windows saves CSV as GBK/GB18030
    return new TextDecoder('gb18030').decode(data);
  }
}

/** The delimiter the header line uses most: comma, tab or semicolon. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

function readCsv(data: Buffer, maxRows: number): Sheet {
  const text = decodeText(data);
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw fileError(422, 'CSV_UNREADABLE', `CSV 格式错误：${(err as Error).message.slice(0, 200)}`, `the CSV cannot be read: ${(err as Error).message.slice(0, 200)}`);
  }
  const headerIndex = records.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex < 0) throw fileError(422, 'NO_HEADER', '文件没有表头行', 'the file has no header row');
  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    if (records[i].every((c) => c.trim() === '')) continue;
    rows.push({ row: i + 1, cells: records[i] });
  }
  if (rows.length > maxRows) throw tooManyRows(rows.length, maxRows);
  return { type: 'csv', headers: records[headerIndex].map(cleanHeader), rows };
}

// ---- XLSX -----------------------------------------------------------------------------------------------------

/**
 * Streamed (xlsx-reader.ts): the zip's central directory is read first and its declared sizes must stay under
 * MAX_XLSX_UNCOMPRESSED; each part is then inflated off the event loop and may unpack to no more than it declares,
 * and the sheet is read only up to the first data row over the limit. A bomb is stopped after the bytes it admits to.
 */
async function readXlsx(data: Buffer, maxRows: number): Promise<Sheet> {
  let sheet;
  try {
    sheet = await readFirstSheet(data, { maxUnpackedBytes: MAX_XLSX_UNCOMPRESSED, maxDataRows: maxRows });
  } catch (err) {
    if (err instanceof ZipProblem && err.kind === 'too_large') {
      throw fileError(413, 'FILE_TOO_LARGE', 'XLSX 解压后过大', `the XLSX unpacks to more than ${MAX_XLSX_UNCOMPRESSED / 1024 / 1024} MiB, or to more than it declares`);
    }
    if (err instanceof ZipProblem || err instanceof XlsxProblem) {
      throw fileError(422, 'XLSX_UNREADABLE', 'XLSX 文件已损坏或不是 Excel 工作簿', 'the file is not a readable XLSX workbook');
    }
    throw err;
  }
  if (!sheet) throw fileError(422, 'NO_HEADER', '工作簿是空的', 'the workbook is empty');
  if (sheet.tooManyRows) throw tooManyRows(maxRows + 1, maxRows, true);
  const [header, ...rows] = sheet.rows;
  return { type: 'xlsx', headers: header.cells.map((c) => cleanHeader(c === null ? '' : c instanceof Date ? c.toISOString() : String(c))), rows };
}

/** Headers are compared after trimming, with full-width spaces and a stray BOM removed. */
export function cleanHeader(h: string): string {
  return h.replace(/^\ufeff/, '').replace(/[\s\u3000]+/g, ' ').trim();
}
