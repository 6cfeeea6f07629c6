#!/usr/bin/env node
// 高发点位 at a million cases: GET /hotspots (found on read: libs/domain findHotspots over the last 30 days' cases).
//
//   node bench/hotspots.mjs [--cases 1000000] [--runs 15] [--keep-db] [--reuse-db]
//
// A fresh bench database (BENCH_DB, default gridops_bench) of the demo town grown by `cases` plain cases over the
// two years before now — points uniform at random over the town's box (2.2 × 1.9 km), categories uniform over the
// seeded ones, 4 % void, cases older than 20 days closed — then ANALYZEd. The built api alone (no worker) answers;
// each request is sent `runs` times in sequence after two warm-ups (p50 / p95 ms). Beside them, in the same run, the
// raw baseline: the window's read (the statement HotspotsService runs) in Postgres alone, a `SELECT 1` round trip,
// and the machine's load average. Results: bench/results/hotspots-<time>.json.
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { DATABASE_URL, arg, cleanRedisPrefix, dropBenchDb, flag, freshBenchDb, installCleanup, log, login, machineInfo, resultsPath, startApi, stopAllChildren, summarize } from './lib/common.mjs';

const CASES = Number(arg('cases', 1_000_000));
const RUNS = Number(arg('runs', 15));
const CHUNK = 100_000;
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

const GROW = `
WITH cells AS (SELECT array_agg(code ORDER BY code) AS code, array_agg(district_code ORDER BY code) AS district FROM grid_cells),
     cats AS (SELECT array_agg(code ORDER BY code) AS code FROM categories)
INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code,
                   priority, state, step_started_at, reported_at, version, closed_at, created_at, updated_at)
SELECT gen_random_uuid(), 'H' || lpad(i::text, 12, '0'), 'patrol',
       cats.code[1 + floor(random() * array_length(cats.code, 1))::int],
       '高发点位基准 hotspot bench', 31.24 + 0.02 * random(), 121.37 + 0.02 * random(), NULL,
       cells.district[1 + i % 16], cells.code[1 + i % 16], 'P2',
       CASE WHEN random() < 0.04 THEN 'VOID' WHEN ts < now() - interval '20 days' THEN 'CLOSED'
            ELSE (ARRAY['REPORTED', 'PENDING_DISPATCH', 'DISPATCHED', 'IN_PROGRESS', 'PENDING_CHECK'])[1 + i % 5] END,
       ts, ts, 1, CASE WHEN ts < now() - interval '20 days' THEN ts + interval '2 days' END, ts, ts
  FROM generate_series($1::int, $2::int) AS i,
       -- i in the lateral: without it Postgres draws random() once for every row
       LATERAL (SELECT now() - (random() + 0 * i) * interval '730 days' AS ts) t,
       cells, cats`;

/** HotspotsService.clusters' statement (libs/server/src/hotspots/hotspots.service.ts), town-wide. */
const WINDOW = `SELECT c.id, c.category_code, c.lat, c.lng, c.reported_at, c.district_code
  FROM cases c
 WHERE c.reported_at > now() - interval '30 days' AND c.reported_at <= now() AND c.state <> 'VOID'
   AND NOT EXISTS (SELECT 1 FROM case_links l WHERE l.special_case_id = c.id)`;

async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
async function repeat(n, fn) {
  for (let i = 0; i < 2; i++) await fn();
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
  const client = new pg.Client({ connectionString: DATABASE_URL });
  if (!flag('reuse-db')) {
    log(`fresh bench database, growing it by ${CASES.toLocaleString('en')} cases…`);
    await freshBenchDb();
    await client.connect();
    const t0 = Date.now();
    for (let from = 1; from <= CASES; from += CHUNK) await client.query(GROW, [from, Math.min(CASES, from + CHUNK - 1)]);
    await client.query('ANALYZE cases');
    results.growSeconds = Math.round((Date.now() - t0) / 100) / 10;
    log(`  grown in ${results.growSeconds} s`);
  } else await client.connect();
  const [{ n, in_window: inWindow }] = (await client.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE reported_at > now() - interval '30 days' AND state <> 'VOID')::int AS in_window FROM cases`)).rows;
  Object.assign(results, { casesInTable: n, casesInWindow: inWindow });
  log(`${n} cases, ${inWindow} in the 30-day window`);
  if (inWindow === 0) throw new Error('no case in the 30-day window: the generator is broken');
  results.plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${WINDOW}`)).rows.map((r) => r['QUERY PLAN']);

  const api = await startApi({ LOG_LEVEL: 'warn' });
  const tokens = { operator: await login(api.url, 'operator'), lead: await login(api.url, 'lead') };
  const get = async (path, who = 'operator') => {
    const res = await fetch(`${api.url}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.text();
  };
  const town = JSON.parse(await get('/hotspots'));
  const category = town.items[0]?.categoryCode ?? 'E0102';
  results.hotspotsTown = town.items.length;
  results.answerBytes = Buffer.byteLength(JSON.stringify(town));
  log(`town: ${town.items.length} hotspots listed (largest ${town.items[0]?.caseCount ?? 0} cases), ${results.answerBytes} bytes`);

  results.loadAverage.requests = load();
  const requests = [
    ['GET /hotspots (town)', '/hotspots'],
    [`GET /hotspots?category=${category}`, `/hotspots?category=${category}`],
    ['GET /hotspots?district=jinsha', '/hotspots?district=jinsha'],
    ...(town.items[0] ? [['GET /hotspots/:id (largest)', `/hotspots/${town.items[0].id}`]] : []),
  ];
  results.requests = [];
  for (const [label, path] of requests) {
    const ms = await repeat(RUNS, () => get(path));
    results.requests.push({ label, ...ms });
    log(`  ${label.padEnd(36)} p50 ${ms.p50} p95 ${ms.p95} ms`);
  }
  results.baseline = {
    windowReadPostgresAlone: await repeat(RUNS, () => client.query(WINDOW)),
    select1: await repeat(100, () => client.query('SELECT 1')),
  };
  log(`  baseline: the window's read in Postgres alone p50 ${results.baseline.windowReadPostgresAlone.p50} p95 ${results.baseline.windowReadPostgresAlone.p95} ms; SELECT 1 p50 ${results.baseline.select1.p50} ms`);
  results.loadAverage.end = load();
  await client.end();
  const out = resultsPath('hotspots');
  writeFileSync(out, JSON.stringify(results, null, 2));
  log(`results: ${out}; load average ${results.loadAverage.start} → ${results.loadAverage.end}`);
}

async function finish(code) {
  await stopAllChildren();
  await cleanRedisPrefix();
  if (!flag('keep-db')) await dropBenchDb();
  process.exit(code);
}

main().then(
  () => finish(0),
  (err) => {
    console.error(err);
    return finish(1);
  },
);
