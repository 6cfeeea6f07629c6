import { PassThrough, type Readable } from 'node:stream';
import type { ExportFormat, ExportLang, SpreadsheetValue } from '@gridops/contracts';
import { openSheet } from './sheet-writer';

/** A file being exported: what the response says about it, and its body, written as it is read. */
export interface ExportFile {
  fileName: string;
  contentType: string;
  /** data rows the file will hold (for a progress bar), known before the first byte */
  rows: number;
  body: Readable;
}

/** A column of an export: its header in each language and its cell from a row. */
export interface ExportColumn<R> {
  zh: string;
  en: string;
  cell: (row: R, lang: ExportLang) => SpreadsheetValue;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Starts writing rows from `rows` into a file of `format` and returns it at once; the body fills as the client
 * reads it (back-pressure from the response down to `rows`). A failure part-way destroys the body, so the download
 * ends broken rather than looking complete; `done` runs whatever happens (release the connection).
 */
export function exportFile<R>(opts: {
  format: ExportFormat;
  lang: ExportLang;
  baseName: string;
  sheetName: string;
  columns: readonly ExportColumn<R>[];
  rows: AsyncIterable<R>;
  rowCount: number;
  done: (error: Error | null) => Promise<void> | void;
}): ExportFile {
  const body = new PassThrough();
  // a failure is handled below (and by the response, which ends broken); an 'error' nobody hears would end the process
  body.on('error', () => undefined);
  const { format, lang, columns } = opts;
  void (async () => {
    let error: Error | null = null;
    try {
      const sheet = openSheet(format, body, opts.sheetName, columns.map((c) => c[lang]));
      for await (const row of opts.rows) {
        if (body.destroyed) throw new Error('the client went away');
        await sheet.row(columns.map((c) => c.cell(row, lang)));
      }
      await sheet.end();
    } catch (err) {
      error = err as Error;
      body.destroy(error);
    } finally {
      await opts.done(error);
    }
  })();
  return { fileName: `${opts.baseName}.${format}`, contentType: CONTENT_TYPES[format], rows: opts.rowCount, body };
}
