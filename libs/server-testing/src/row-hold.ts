import { Client } from 'pg';
import type { TestDatabase } from './test-database';

/**
 * A case row the test holds locked, in a transaction of its own (`SELECT … FOR UPDATE`): whoever writes the case
 * waits — a way to stop a process in the middle of its work, from outside it. With `abortWorkOfLostClients` on the database,
 * a waiting statement of a process killed meanwhile is rolled back by Postgres instead of going on after `release`.
 */
export interface RowHold {
  /** how many other connections are now waiting for this lock */
  waiters(): Promise<number>;
  /** commit the holding transaction: the waiting statements go on */
  release(): Promise<void>;
}

export async function holdCaseRow(databaseUrl: string, caseId: string): Promise<RowHold> {
  const c = new Client({ connectionString: databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query('BEGIN');
    const locked = await c.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    if (locked.rowCount !== 1) throw new Error(`no case ${caseId}`);
  } catch (err) {
    await c.end();
    throw err;
  }
  const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  let released = false;
  return {
    async waiters() {
      // pg_stat_activity is read once per transaction unless the snapshot is cleared
      await c.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
      return rows[0].n;
    },
    async release() {
      if (released) return;
      released = true;
      await c.query('COMMIT');
      await c.end();
    },
  };
}

/**
 * Postgres notices within 100 ms that a client of this database has gone — also while the client's statement waits
 * for a lock — and rolls that statement back (`client_connection_check_interval`). By default a statement waiting for
 * a lock goes on once it gets it, even when its client was killed in the meantime. Applies to connections opened
 * after the call.
 */
export async function abortWorkOfLostClients(db: TestDatabase): Promise<void> {
  // a database setting: the owner's to change, not the app role's
  const c = new Client({ connectionString: db.ownerUrl });
  await c.connect();
  try {
    await c.query(`ALTER DATABASE "${db.name}" SET client_connection_check_interval = '100ms'`);
  } finally {
    await c.end();
  }
}
