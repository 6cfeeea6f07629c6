/**
 * Every cell of a CSV or XLSX export goes through spreadsheetCell: text a spreadsheet would take for a formula
 * (starting with = + - @, a tab or a carriage return — and the full-width ＝ ＋ － ＠ an IME types) gets a leading
 * apostrophe, so Excel and WPS show it as text instead of running it (CSV/formula injection: a grid worker's display
 * name `=HYPERLINK("http://evil…")` in a ranking export). Numbers stay numbers: -3 is a value, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export type SpreadsheetValue = string | number | null | undefined;

export function spreadsheetCell(value: SpreadsheetValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds a quote, a comma or a line break. */
export function csvField(value: SpreadsheetValue): string {
  const s = String(spreadsheetCell(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF-terminated), every field through csvField. */
export function csvLine(values: readonly SpreadsheetValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A CSV file as Excel on a Chinese Windows opens it: UTF-8 with a BOM, CRLF line ends, every field through csvField. */
export function toCsv(rows: readonly (readonly SpreadsheetValue[])[]): string {
  return `\uFEFF${rows.map(csvLine).join('')}`;
}
