import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { csvLine, spreadsheetCell, type ExportFormat, type SpreadsheetValue } from '@gridops/contracts';

/**
 * One sheet of an export, written row by row into `out` as it comes: memory stays flat whatever the row count,
 * because `row()` waits whenever what is written has not yet gone on (the HTTP response is slower than Postgres).
 */
export interface SheetWriter {
  row(values: readonly SpreadsheetValue[]): Promise<void>;
  /** finishes the file (the XLSX zip's directory) and ends `out` */
  end(): Promise<void>;
}

/** Excel's rows per worksheet (1,048,576) less the header: a longer export goes on in a second sheet. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;

/** CSV lines gathered into one write of about this size: one write per row costs more than the formatting. */
const CSV_CHUNK_CHARS = 64 * 1024;

/** XLSX: rows between looks at how much waits to be compressed and sent, and how much may wait. */
const XLSX_CHECK_EVERY = 200;
const XLSX_MAX_PENDING_BYTES = 1024 * 1024;

async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

export function openSheet(format: ExportFormat, out: Writable, sheetName: string, header: readonly string[]): SheetWriter {
  return format === 'csv' ? csvSheet(out, header) : xlsxSheet(out, sheetName, header);
}

/** UTF-8 with a BOM (Excel on a Chinese Windows reads a BOM-less file as GBK), CRLF, every field neutralised. */
function csvSheet(out: Writable, header: readonly string[]): SheetWriter {
  let chunk = `\uFEFF${csvLine(header)}`;
  const flush = async () => {
    if (!chunk) return;
    const ok = out.write(chunk);
    chunk = '';
    if (!ok) await drained(out);
  };
  return {
    async row(values) {
      chunk += csvLine(values);
      if (chunk.length >= CSV_CHUNK_CHARS) await flush();
    },
    async end() {
      await flush();
      out.end();
    },
  };
}

/**
 * The sheet's XML written but not yet compressed, in bytes. exceljs's internals, read only: the sheet stream's own
 * buffers and the stream archiver pipes it into (a readable-stream PassThrough, whose queue is in its states).
 */
interface QueuedStream {
  _writableState?: { length: number };
  _readableState?: { length: number };
}
function pendingSheetBytes(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: { pipes?: QueuedStream[]; buffers?: { length: number }[] } }).stream;
  const piped = stream?.pipes?.reduce((n, p) => n + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0), 0) ?? 0;
  const buffered = stream?.buffers?.reduce((n, b) => n + b.length, 0) ?? 0;
  return piped + buffered;
}

/**
 * exceljs's streaming WorkbookWriter: no shared strings or styles (both would keep every row's text in memory). Its
 * sheet stream pushes rows into the zip's deflate stream without heeding back-pressure (the zip itself is piped
 * into `out` the ordinary way, so it stops when `out` is full, and then the deflate stream's queue grows). So every
 * couple of hundred rows the writer waits until that queue is under 1 MB: memory stays flat whether the compression
 * or the client is the slower (apps/api/test/export-memory.spec.ts measured +190 MB for 100,000 rows without it).
 */
function xlsxSheet(out: Writable, sheetName: string, header: readonly string[]): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  let sheetNo = 0;
  let sheet: ExcelJS.Worksheet;
  let rowsInSheet = 0;
  let sinceCheck = 0;
  const newSheet = () => {
    sheetNo += 1;
    sheet = workbook.addWorksheet(sheetNo === 1 ? sheetName : `${sheetName} ${sheetNo}`);
    sheet.addRow([...header]).commit();
    rowsInSheet = 0;
  };
  newSheet();
  return {
    async row(values) {
      if (rowsInSheet === XLSX_ROWS_PER_SHEET) {
        sheet.commit();
        newSheet();
      }
      sheet.addRow(values.map(spreadsheetCell)).commit();
      rowsInSheet += 1;
      if (++sinceCheck < XLSX_CHECK_EVERY) return;
      sinceCheck = 0;
      while (pendingSheetBytes(sheet) > XLSX_MAX_PENDING_BYTES && !out.destroyed) await sleep(5);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
