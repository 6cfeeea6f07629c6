#!/usr/bin/env node
// The desk's text search (GET /cases?q=) and the case export (GET /cases/export) at a million cases.
//
//   node bench/search-export.mjs [--cases 1000000] [--runs 30] [--baseline-runs 5] [--skip search|export] [--keep-db] [--reuse-db]
//
// On a fresh bench database (BENCH_DB, default gridops_bench; migrated and seeded by scripts/start.mjs) grown by
// bench/lib/grow-cases.mjs, with the built api as a child process:
// - search: for words common, rare and absent, of 1, 2 and 3+ characters, and case numbers whole and in part: `runs` sequential
//   requests (after 3 to warm up) through the api, the same statement in Postgres alone, and — the raw baseline,
//   measured in the same run — the search as it was before the indexes (three ILIKEs) in Postgres alone;
// - export: every case as CSV and as XLSX through the api, read as fast as the client can: time, size, and the api's
//   peak resident set (VmHWM) before and after; baseline: Postgres's own COPY … TO STDOUT (CSV) of the same rows.
// Prints a table and writes bench/results/search-export-<time>.json. The machine's load average is recorded
// beside each phase (the machine is shared).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import {
  APP_ROOT,
  DATABASE_URL,
  arg,
  cleanRedisPrefix,
  dropBenchDb,
  flag,
  freshBenchDb,
  installCleanup,
  log,
  login,
  machineInfo,
  resultsPath,
  startApi,
  stopAllChildren,
  summarize,
} from './lib/common.mjs';
import { growCases } from './lib/grow-cases.mjs';

const require = createRequire(import.meta.url);
const { TEXT_SEARCH_GATHER_AT_MOST, TEXT_SEARCH_WALK_ROWS, textSearchIndexSql } = require(path.join(APP_ROOT, 'libs/server/dist/index.js'));

const CASES = Number(arg('cases', 1_000_000));
const RUNS = Number(arg('runs', 30));
const BASELINE_RUNS = Number(arg('baseline-runs', 5));
const skip = arg('skip', '');
const UNTIL = '2026-12-01';

const QUERIES = [
  ['common, 1 char', '路'],
  ['common, 2 chars', '垃圾'],
  ['common, 4 chars', '井盖松动'],
  ['mid (1.4%), 4 chars', '真北路1'],
  ['rare, 2 chars', '燃气'],
  ['rare, 4 chars', '燃气异味'],
  ['rare, full-width', '１２３４５'],
  ['absent, 1 char', '鑫'],
  ['absent, 2 chars', '麒麟'],
  ['absent, 3 chars', '独角兽'],
  ['number, one day', 'CZ-20260315'],
  ['number, exact', 'CZ-20260315-0042'],
  ['number, day digits', '20260315'],
  ['number, sequence', '-0042'],
  ['digits, 4', '0315'],
];

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const peakRssMb = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const pattern = (q) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function repeat(n, fn) {
  for (let i = 0; i < 3; i++) await fn();
  const ms = [];
  for (let i = 0; i < n; i++) ms.push(await time(fn));
  return summarize(ms);
}

async function main() {
  installCleanup(async () => {
    await cleanRedisPrefix();
    if (!flag('keep-db')) await dropBenchDb();
  });
  const results = { machine: machineInfo(), cases: CASES, runs: RUNS, loadAverage: { start: load() } };
  const client = new pg.Client({ connectionString: DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@') });
  if (!flag('reuse-db')) {
    log(`fresh bench database, growing it by ${CASES.toLocaleString('en')} cases…`);
    await freshBenchDb();
    await client.connect();
    const t = await time(() => growCases(client, CASES, UNTIL));
    results.growSeconds = Math.round(t / 100) / 10;
    log(`  grown in ${results.growSeconds} s`);
  } else await client.connect();
  const { rows } = await client.query('SELECT count(*)::int AS n FROM cases');
  results.casesInTable = rows[0].n;

  const api = await startApi({ LOG_LEVEL: 'warn' });
  const token = await login(api.url, 'operator');
  const get = async (path) => {
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  if (skip !== 'search') {
    results.search = [];
    results.loadAverage.search = load();
    for (const [label, q] of QUERIES) {
      const listUrl = `/api/v1/cases?${new URLSearchParams({ q, limit: '50' })}`;
      let found = 0;
      const apiMs = await repeat(RUNS, async () => (found = (await (await get(listUrl)).json()).items.length));
      // the list's two steps (libs/server cases/case-query.service.ts) in Postgres alone, over the condition the list
      // builds (case-filters.ts, textSearchIndexSql, from the build)
      const old = `(c.number ILIKE $1 OR c.description ILIKE $1 OR c.address ILIKE $1)`;
      // the walk reads the ILIKEs alone, the gather asks the index for the probe's keys (as CaseQueryService.searchPage)
      const conditionOf = (keys) => {
        const binds = { values: [pattern(q)], add(v) { return `$${this.values.push(v)}`; } };
        const indexed = textSearchIndexSql(q, 'c', binds, keys);
        return { sql: indexed === null ? old : `(${old} AND ${indexed})`, params: binds.values };
      };
      const walk = { sql: old, params: [pattern(q)] };
      const twoSteps = async () => {
        await client.query('BEGIN');
        await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
        const { rows: [probe] } = await client.query('SELECT fields, number, cases_at_most FROM case_search_probe($1)', [q]);
        let near = { rows: [] };
        // a text in few cases (by the index's statistics) is gathered without the walk
        if (probe.cases_at_most === null || probe.cases_at_most > TEXT_SEARCH_GATHER_AT_MOST) {
          const { rows: edge } = await client.query(`SELECT reported_at, id FROM cases c ORDER BY reported_at DESC, id DESC OFFSET ${TEXT_SEARCH_WALK_ROWS - 1} LIMIT 1`);
          await client.query('SET LOCAL enable_bitmapscan = off');
          await client.query('SET LOCAL enable_seqscan = off');
          const n = walk.params.length;
          near = await client.query(
            `SELECT c.* FROM cases c WHERE ${walk.sql} AND (c.reported_at, c.id) >= ($${n + 1}, $${n + 2}) ORDER BY c.reported_at DESC, c.id DESC LIMIT 51`,
            [...walk.params, edge[0].reported_at, edge[0].id],
          );
          await client.query('SET LOCAL enable_bitmapscan = on');
        }
        if (near.rows.length < 51) {
          await client.query('SET LOCAL enable_indexscan = off');
          await client.query('SET LOCAL enable_seqscan = off');
          const gather = conditionOf(probe);
          await client.query(`SELECT c.* FROM cases c WHERE ${gather.sql} ORDER BY c.reported_at DESC, c.id DESC LIMIT 51`, gather.params);
        }
        await client.query('COMMIT');
      };
      const sqlBefore = `SELECT c.* FROM cases c WHERE ${old} ORDER BY c.reported_at DESC, c.id DESC LIMIT 51`;
      const dbMs = await repeat(RUNS, twoSteps);
      const beforeMs = await repeat(BASELINE_RUNS, () => client.query(sqlBefore, [pattern(q)]));
      const row = { label, q, found, api: apiMs, postgres: dbMs, baselineBeforeIndexes: beforeMs };
      results.search.push(row);
      log(`  ${label.padEnd(22)} ${q.padEnd(18)} found ${String(found).padStart(2)}  api p50 ${apiMs.p50} p95 ${apiMs.p95} ms · pg p95 ${dbMs.p95} ms · before p50 ${beforeMs.p50} p95 ${beforeMs.p95} ms`);
    }
    results.loadAverage.searchEnd = load();
  }

  if (skip !== 'export') {
    results.export = [];
    results.loadAverage.export = load();
    for (const format of ['csv', 'xlsx']) {
      await (await get(`/api/v1/cases/export?format=${format}&q=${encodeURIComponent('独角兽')}`)).arrayBuffer(); // warm
      const rssBefore = rssMb(api.pid);
      writeFileSync(`/proc/${api.pid}/clear_refs`, '5'); // the peak from now on (start-up's would hide a smaller one)
      const peakBefore = peakRssMb(api.pid);
      let bytes = 0;
      let rowsHeader = 0;
      const ms = await time(async () => {
        const res = await get(`/api/v1/cases/export?format=${format}`);
        rowsHeader = Number(res.headers.get('x-export-rows'));
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
      });
      const peakAfter = peakRssMb(api.pid);
      const row = {
        format,
        rows: rowsHeader,
        seconds: Math.round(ms / 100) / 10,
        megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
        rowsPerSecond: Math.round(rowsHeader / (ms / 1000)),
        apiRssBeforeMb: Math.round(rssBefore),
        apiPeakRssBeforeMb: Math.round(peakBefore),
        apiPeakRssAfterMb: Math.round(peakAfter),
        peakGrowthMb: Math.round((peakAfter - peakBefore) * 10) / 10,
      };
      results.export.push(row);
      log(`  export ${format}: ${row.rows} rows, ${row.megabytes} MB in ${row.seconds} s (${row.rowsPerSecond}/s), api peak RSS ${row.apiPeakRssBeforeMb} → ${row.apiPeakRssAfterMb} MB`);
    }
    // baseline: Postgres writing the same rows as CSV itself, through psql to /dev/null
    const copy = `COPY (SELECT id, number, state, source, category_code, district_code, grid_cell_code, address, description, urgent, supervised, reported_at, handling_due_at, closed_at FROM cases ORDER BY reported_at DESC, id DESC) TO STDOUT WITH (FORMAT csv, HEADER)`;
    const t0 = Date.now();
    const r = spawnSync('sh', ['-c', `psql "${DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@')}" -c "${copy}" | wc -c`], { encoding: 'utf8', maxBuffer: 1 << 20 });
    results.exportBaselineCopy = { seconds: Math.round((Date.now() - t0) / 100) / 10, megabytes: Math.round((Number(r.stdout.trim()) / 1024 / 1024) * 10) / 10 };
    log(`  baseline COPY … TO STDOUT (csv): ${results.exportBaselineCopy.megabytes} MB in ${results.exportBaselineCopy.seconds} s`);
    results.loadAverage.exportEnd = load();
  }

  await client.end();
  await stopAllChildren();
  await cleanRedisPrefix();
  if (!flag('keep-db')) await dropBenchDb();
  const out = resultsPath('search-export');
  writeFileSync(out, JSON.stringify(results, null, 2));
  log(`results: ${out}`);
}

main().catch(async (err) => {
  console.error(err);
  await stopAllChildren();
  process.exit(1);
});
