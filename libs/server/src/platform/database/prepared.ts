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
 * as executing, docs/benchmarks.md). Inside a transaction it runs on the transaction's connection. For statements
 * whose best plan is the same for every value: inserts, updates, reads by key, the dispatch's roster lookup. Not for
 * a search by ranges: after five runs Postgres may settle on a generic plan that cannot use the ranges — the
 * duplicate search's generic plan walks every case of the category in 24 h (1.5 ms at 6,000 cases, growing)
 * instead of the latitude band (0.03 ms). That plan is chosen once per connection, early — on a new town's nearly
 * empty tables, where every index costs the same — so a statement fits here only when one plan is right at any size.
 */
export async function queryPrepared<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  const target: PgQueryable =
    runner && runner.isTransactionActive ? ((await runner.connect()) as PgQueryable) : ((m.connection.driver as unknown as { master: PgQueryable }).master);
  return (await target.query({ name: nameOf(text), text, values })).rows as T[];
}
