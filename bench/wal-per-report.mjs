#!/usr/bin/env node
// WAL bytes one report writes, by table and index (issue #12's intake): N reports over HTTP against the built api on a
// fresh database, then pg_walinspect over the LSN range, grouped by relation. Bytes do not depend on the machine's
// speed, so this runs on a busy machine too. Needs the pg_walinspect extension (PostgreSQL ≥ 15, contrib).
//
//   node bench/wal-per-report.mjs [reports=2000] [--concurrency 20]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_REPORT, ROOT, arg, sleep, benchPool, cleanRedisPrefix, dropBenchDb, freshBenchDb, installCleanup, log, login, resultsPath, startApi, stopAllChildren } from './lib/common.mjs';

const N = Number(arg('reports', 2000, 0));
const CONCURRENCY = Number(arg('concurrency', 20));
if (!(N > 0 && N <= 100_000)) throw new Error('reports: 1..100000');

installCleanup(async () => {
  await cleanRedisPrefix().catch(() => undefined);
  await dropBenchDb().catch(() => undefined);
});

await freshBenchDb();
const pool = benchPool(1);
await pool.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
const api = await startApi();
const token = await login(api.url, 'operator');
const post = async (key) => {
  const res = await fetch(`${api.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(BENCH_REPORT),
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
};
// warm-up: the first reports of a day create counters and the first pages of every table
for (let i = 0; i < 50; i++) await post(`warm-${i}`);
await pool.query('CHECKPOINT');
const [{ start }] = (await pool.query('SELECT pg_current_wal_insert_lsn() AS start')).rows;
let next = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < N) await post(`wal-${next++}`); }));
const [{ end }] = (await pool.query('SELECT pg_current_wal_insert_lsn() AS end')).rows;
// pg_walinspect reads only what is flushed (asynchronous commits flush within wal_writer_delay)
while ((await pool.query('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed', [end])).rows[0].flushed !== true) await sleep(50);
// each record's first block names its relation (of this database: other databases' writes are left out); records
// without a block (commits) count under their resource manager
const { rows } = await pool.query(
  `WITH r AS (
     SELECT resource_manager AS rm, record_length + fpi_length AS bytes, fpi_length AS fpi,
            substring(block_ref from 'rel \\d+/(\\d+)/')::oid AS db, substring(block_ref from 'rel \\d+/\\d+/(\\d+)')::oid AS node
     FROM pg_get_wal_records_info($1, $2))
   SELECT coalesce(c.relname, '(' || r.rm || ')') AS relation, count(*)::int AS records, sum(bytes)::bigint AS bytes, sum(fpi)::bigint AS fpi
   FROM r LEFT JOIN pg_class c ON c.relfilenode = r.node
   WHERE r.db IS NULL OR r.db = (SELECT oid FROM pg_database WHERE datname = current_database())
   GROUP BY 1 ORDER BY 3 DESC`,
  [start, end],
);
const total = rows.reduce((a, r) => a + Number(r.bytes), 0);
await stopAllChildren();
const perReport = (b) => Math.round(Number(b) / N);
const byRelation = rows.map((r) => ({ relation: r.relation, recordsPerReport: Math.round((r.records / N) * 100) / 100, bytesPerReport: perReport(r.bytes), fpiBytesPerReport: perReport(r.fpi) }));
console.log(`WAL per report: ${perReport(total)} bytes (${N} reports, ${CONCURRENCY} at a time)`);
console.log('relation                                   records   bytes   of which FPI');
for (const r of byRelation) console.log(`${r.relation.padEnd(42)} ${String(r.recordsPerReport).padStart(7)} ${String(r.bytesPerReport).padStart(7)} ${String(r.fpiBytesPerReport).padStart(8)}`);
const file = resultsPath('wal-per-report');
writeFileSync(file, JSON.stringify({ reports: N, concurrency: CONCURRENCY, setupSql: process.env.BENCH_SETUP_SQL ?? null, appRoot: process.env.BENCH_APP_ROOT ?? null, walBytesPerReport: perReport(total), byRelation }, null, 2));
console.log(`results: ${path.relative(ROOT, file)}`);
await pool.end();
await dropBenchDb();
process.exit(0);
