#!/usr/bin/env node
// Times every stats request against a grown database (bench/grow.mjs), with the api AND the worker running on it.
//
//   BENCH_DB=kpi_1m node bench/stats.mjs [--runs 20] [--port 3301]
//
// The database is used as it is (not created or dropped): grow it first. Each request is sent `runs` times in
// sequence after two warm-ups; p50 / p95 in ms. Beside them, in the same run: the machine's load average and a raw
// Postgres baseline (a `SELECT 1` round trip and a primary-key lookup of a case, from this process), so the figures
// can be read against how busy the shared machine was. Results: bench/results/stats-<time>.json.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { BENCH_DB, DATABASE_URL, arg, appEnv, cleanRedisPrefix, installCleanup, log, login, machineInfo, resultsPath, sleep, startChild, stopAllChildren, summarize } from './lib/common.mjs';

const runs = Number(arg('runs', 20));
const port = Number(arg('port', 3301));
const redisPrefix = process.env.BENCH_REDIS_PREFIX ?? 'kpi';
installCleanup(() => cleanRedisPrefix(redisPrefix));

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2, application_name: 'gridops-bench-observer' });
const [{ cases, events }] = (await pool.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::bigint AS events`)).rows;
const [{ rollup_rows: rollupRows }] = (await pool.query(`SELECT count(*)::int AS rollup_rows FROM kpi_rollup`)).rows;
log(`${BENCH_DB}: ${cases} cases, ${events} events, ${rollupRows} rollup rows`);

async function time(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
async function baseline() {
  const ids = (await pool.query(`SELECT id FROM cases TABLESAMPLE SYSTEM (0.1) LIMIT 50`)).rows.map((r) => r.id);
  const select1 = [];
  const byId = [];
  for (let i = 0; i < 200; i++) select1.push(await time(() => pool.query('SELECT 1')));
  for (let i = 0; i < 200; i++) byId.push(await time(() => pool.query('SELECT state FROM cases WHERE id = $1', [ids[i % ids.length]])));
  return { select1: summarize(select1), caseById: summarize(byId) };
}

const env = { REDIS_PREFIX: redisPrefix, PORT: String(port), HOST: '127.0.0.1', WORKER_METRICS_PORT: String(port + 1) };
const api = startChild('api', 'apps/api/dist/main.js', appEnv(env));
const worker = startChild('worker', 'apps/worker/dist/main.js', appEnv(env));
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (!api.alive()) throw new Error(`api exited:\n${api.output()}`);
  if (await fetch(`${url}/health`).then((r) => r.status < 500).catch(() => false)) break;
  if (i > 600) throw new Error('api did not start');
  await sleep(100);
}
for (let i = 0; !/worker ready/.test(worker.output()); i++) {
  if (!worker.alive() || i > 600) throw new Error(`worker did not start:\n${worker.output()}`);
  await sleep(100);
}
// a worker whose Redis prefix is new re-relays every open case's outbox rows (jobs-rebuild.ts): timed requests wait
// until that is done, so they share the machine with the worker's steady state, not with a rebuild
// (its UPDATE marking them unpublished commits only when done — 7 s at 10 M cases — so the wait begins once the backlog
// has been seen, or after 30 s without one)
const drainStart = Date.now();
for (let quietChecks = 0, seen = false; quietChecks < 2 || (!seen && Date.now() - drainStart < 30_000); ) {
  // …and until its rollup drain has folded in what the relay marked (a read adds the cases still waiting)
  const [{ n }] = (await pool.query(`SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) + (SELECT count(*) FROM kpi_dirty) AS n`)).rows;
  seen ||= Number(n) > 0;
  quietChecks = Number(n) === 0 ? quietChecks + 1 : 0;
  if (Date.now() - drainStart > 1_800_000) throw new Error(`the worker did not drain the outbox in 30 min (${n} rows left)`);
  await sleep(1000);
}
log(`outbox drained by the worker in ${Math.round((Date.now() - drainStart) / 1000)} s`);
const [supervisor, districtWorker, unitStaff] = [await login(url, 'supervisor'), await login(url, 'worker.jinsha'), await login(url, 'unit.shirong')];

const town = (d) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const today = town(new Date());
const daysAgo = (n) => town(new Date(Date.now() - n * 86_400_000));
const lastMonthEnd = town(new Date(Date.parse(`${today.slice(0, 8)}01T00:00:00+08:00`) - 1));
const requests = [
  ['GET /stats/board (town)', supervisor, '/api/v1/stats/board'],
  ['GET /stats/board?district=jinsha', supervisor, '/api/v1/stats/board?district=jinsha'],
  ['GET /stats/board (片区 grid worker)', districtWorker, '/api/v1/stats/board'],
  ['GET /stats/board (unit staff)', unitStaff, '/api/v1/stats/board'],
  ['GET /stats/analytics today', supervisor, `/api/v1/stats/analytics?from=${today}&to=${today}`],
  ['GET /stats/analytics this month', supervisor, `/api/v1/stats/analytics?from=${today.slice(0, 8)}01&to=${today}`],
  ['GET /stats/analytics 30 days', supervisor, `/api/v1/stats/analytics?from=${daysAgo(29)}&to=${today}`],
  ['GET /stats/analytics 90 days', supervisor, `/api/v1/stats/analytics?from=${daysAgo(89)}&to=${today}`],
  ['GET /stats/analytics 365 days', supervisor, `/api/v1/stats/analytics?from=${daysAgo(364)}&to=${today}`],
  ['GET /stats/analytics 365 days, one 片区', supervisor, `/api/v1/stats/analytics?from=${daysAgo(364)}&to=${today}&district=jinsha`],
  ['GET /stats/analytics 366 days to last month end', supervisor, `/api/v1/stats/analytics?from=${town(new Date(Date.parse(`${lastMonthEnd}T00:00:00+08:00`) - 365 * 86_400_000))}&to=${lastMonthEnd}`],
  ['GET /cases/open-map', supervisor, '/api/v1/cases/open-map'],
];

const result = { machine: machineInfo(), database: BENCH_DB, cases, events: Number(events), rollupRows, runs, loadBefore: os.loadavg(), requests: {} };
result.baselineBefore = await baseline();
log(`baseline: SELECT 1 p50 ${result.baselineBefore.select1.p50} ms; case by id p50 ${result.baselineBefore.caseById.p50} ms; load ${result.loadBefore.map((x) => x.toFixed(1)).join(' ')}`);
for (const [name, token, path] of requests) {
  const once = async () => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  await once();
  await once();
  const ms = [];
  for (let i = 0; i < runs; i++) ms.push(await time(once));
  result.requests[name] = summarize(ms);
  log(`${name}: p50 ${result.requests[name].p50} ms, p95 ${result.requests[name].p95} ms`);
}
result.baselineAfter = await baseline();
result.loadAfter = os.loadavg();
const file = resultsPath('stats');
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`\n| request | p50 ms | p95 ms |\n| --- | ---: | ---: |`);
for (const [name, s] of Object.entries(result.requests)) console.log(`| \`${name}\` | ${s.p50} | ${s.p95} |`);
console.log(`\nload average before ${result.loadBefore.map((x) => x.toFixed(1)).join(' / ')}, after ${result.loadAfter.map((x) => x.toFixed(1)).join(' / ')}; ` +
  `SELECT 1 p50/p95 ${result.baselineBefore.select1.p50}/${result.baselineBefore.select1.p95} ms before, ${result.baselineAfter.select1.p50}/${result.baselineAfter.select1.p95} after; ` +
  `case by id ${result.baselineBefore.caseById.p50}/${result.baselineBefore.caseById.p95} before, ${result.baselineAfter.caseById.p50}/${result.baselineAfter.caseById.p95} after\n${file}`);
await pool.end();
await stopAllChildren();
await cleanRedisPrefix(redisPrefix);
