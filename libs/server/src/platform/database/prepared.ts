import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();
const MAX_NAMES = 1000;

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `g_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return name;
}

/**
 * Runs one of the hot statements — a report's insert, a transition's write, a job's case load — as a named prepared
 * statement: Postgres parses and plans it once per connection instead of on every call (planning cost it as much
 * as executing, docs/benchmarks.md). Inside a transaction it runs on the transaction's connection. Only for
 * statements whose plan does not depend on the values (inserts, updates and reads by primary key): a generic plan
 * of a range search could be a poor one.
 */
export async function queryPrepared<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  const target: PgQueryable =
    runner && runner.isTransactionActive ? ((await runner.connect()) as PgQueryable) : ((m.connection.driver as unknown as { master: PgQueryable }).master);
  return (await target.query({ name: nameOf(text), text, values })).rows as T[];
}
