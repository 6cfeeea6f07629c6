import type { DataSource } from 'typeorm';
import type { ErrorBody } from '@gridops/contracts';
import type { Answer } from '../support/test-app';

/** What a stack trace, a server path or a driver's error leaks when it reaches an answer. */
export const LEAK = /\bat \S+ \(|\n\s+at |\bat (?:async )?\/|\.[cm]?[jt]s:\d+|\/work\/|node_modules|\/src\/|\bstack\b|QueryFailedError|TypeORMError|invalid byte sequence|unsupported Unicode escape/i;

/** A 4xx in the one error shape `{ error: { code, message, details? } }`, with nothing that looks like a stack trace. */
export function expectRefusal(res: Answer, status: number | number[], code?: string): void {
  const allowed = Array.isArray(status) ? status : [status];
  if (!allowed.includes(res.status)) throw new Error(`expected status ${allowed.join(' or ')}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.body as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  if (code) expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(LEAK);
}

/** The tables a request can write: every table of the schema but TypeORM's migration log. */
export async function writtenTables(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
  )) as { table_name: string }[];
  return rows.map((r) => r.table_name);
}

/** Row counts of the given tables, in one statement. */
export async function rowCounts(ds: DataSource, tables: readonly string[]): Promise<Record<string, number>> {
  const sql = `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${t}")::int AS c${i}`).join(', ')}`;
  const [row] = (await ds.query(sql)) as Record<string, number>[];
  return Object.fromEntries(tables.map((t, i) => [t, row[`c${i}`]]));
}

/** The tables whose row count differs between two snapshots, with both counts. */
export function changedTables(before: Record<string, number>, after: Record<string, number>): Record<string, [number, number]> {
  return Object.fromEntries(Object.keys(before).filter((t) => before[t] !== after[t]).map((t) => [t, [before[t], after[t]] as [number, number]]));
}
