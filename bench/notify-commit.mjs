#!/usr/bin/env node
// How much NOTIFY costs a committing transaction. The outbox trigger (migration OutboxNotify) calls pg_notify once
// per INSERT statement into outbox, so every intake and every pipeline transition commits with a NOTIFY; Postgres
// serialises such commits (PreCommit_Notify takes one cluster-wide lock, held until the commit's WAL flush is done).
// This compares, with the same concurrency, transactions that insert two rows with and without pg_notify.
//
//   node bench/notify-commit.mjs [seconds=10] [--clients 20]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  DATABASE_URL,
  ROOT,
  adminQuery,
  arg,
  benchPool,
  cpuBetween,
  cpuSnapshot,
  dropBenchDb,
  installCleanup,
  log,
  resultsPath,
  startWaitSampler,
  summarize,
  waitForQuiet,
  BENCH_DB,
} from './lib/common.mjs';

const SECONDS = Number(arg('duration', undefined, 0) ?? 10);
const CLIENTS = Number(arg('clients', 20));
if (!(SECONDS > 0 && SECONDS <= 300 && CLIENTS > 0 && CLIENTS <= 80)) throw new Error('seconds 1..300, clients 1..80');

installCleanup(() => dropBenchDb());

await dropBenchDb();
await adminQuery(`CREATE DATABASE "${BENCH_DB}"`);
const setup = new pg.Client({ connectionString: DATABASE_URL });
await setup.connect();
await setup.query(`
  CREATE TABLE n_cases (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE n_outbox (id bigserial PRIMARY KEY, case_id bigint NOT NULL, payload jsonb NOT NULL, published_at timestamptz);
  CREATE FUNCTION n_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('bench_outbox', ''); RETURN NULL; END $$;`);
await setup.end();

async function variant(name, withNotify) {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP TRIGGER IF EXISTS n_outbox_notify ON n_outbox`);
  if (withNotify) await c.query(`CREATE TRIGGER n_outbox_notify AFTER INSERT ON n_outbox FOR EACH STATEMENT EXECUTE FUNCTION n_notify()`);
  await c.end();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: CLIENTS, application_name: 'gridops' });
  const quiet = await waitForQuiet([]);
  const lat = [];
  let done = 0;
  const observer = benchPool(1);
  const stopWaits = startWaitSampler(observer);
  const a = cpuSnapshot();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const cl = await pool.connect();
      try {
        while (performance.now() - t0 < SECONDS * 1000) {
          const t = performance.now();
          await cl.query('BEGIN');
          const { rows } = await cl.query(`INSERT INTO n_cases (body) VALUES ($1) RETURNING id`, ['report']);
          await cl.query(`INSERT INTO n_outbox (case_id, payload) VALUES ($1, $2)`, [rows[0].id, '{"type":"report"}']);
          await cl.query('COMMIT');
          lat.push(performance.now() - t);
          done++;
        }
      } finally {
        cl.release();
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuBetween(a, cpuSnapshot(), { [process.pid]: 'bench client' });
  const waits = await stopWaits(8);
  await observer.end();
  await pool.end();
  const r = { name, txPerSec: Math.round(done / elapsed), latencyMs: summarize(lat), cpu, dbWaits: waits.byWait.slice(0, 6), machineBefore: quiet };
  log(`${name}: ${r.txPerSec} tx/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; waits ${waits.byWait.slice(0, 4).map((w) => `${w.what} ${w.avgConnections}`).join('; ')}`);
  return r;
}

const runs = [await variant('insert case + outbox row', false), await variant('insert case + outbox row + NOTIFY (statement trigger)', true)];
const file = resultsPath('notify-commit');
writeFileSync(file, JSON.stringify({ SECONDS, CLIENTS, runs }, null, 2));
console.log(`\nwith NOTIFY / without = ${Math.round((runs[1].txPerSec / runs[0].txPerSec) * 100) / 100}`);
console.log(`results: ${path.relative(ROOT, file)}`);
await dropBenchDb();
process.exit(0);
