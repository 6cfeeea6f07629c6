#!/usr/bin/env node
// 回放 (replay, issue #17): the board and the open map at past moments of the last 90 days, at a million cases.
//
//   node bench/replay.mjs [--cases 1000000] [--moments 20] [--runs-live 10] [--reuse-db] [--keep-db] [--skip-rollups]
//
// On a fresh bench database (BENCH_DB, default gridops_bench; migrated and seeded by scripts/start.mjs):
// - grows it by `cases` plain cases over two years (bench/lib/grow-cases.mjs, without their versions), then writes
//   their history into case_versions by SQL — 8 versions a case (reported → filed → … → closed over two days, its
//   running clock red for part of it in one case in three; the open cases of the last 20 days 2 versions) — and
//   builds the indexes after; the replay origin is moved back past the history; the snapshots of the open cases
//   (CaseSnapshots, from the build in libs/server/dist) are taken for every slot of the last 92 days, the oldest from
//   all versions, each next from the one before; `npm run kpi -- rebuild` fills the rollups the live board reads;
// - with the built api as a child process, signed in as `operator` (town) and `worker.xincheng` (one 片区):
//   GET /stats/board?at= and GET /cases/open-map?at= for `moments` random moments of the last 90 days each (after 2
//   to warm up), sequentially; beside them, measured in the same run: the live board and open map (the same
//   requests without at=), and in Postgres alone `SELECT 1` and `SELECT count(*) FROM cases` (a scan of the table).
// Prints a table and writes bench/results/replay-<time>.json, with the load average at each phase (shared machine).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
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

const CASES = Number(arg('cases', 1_000_000));
const MOMENTS = Number(arg('moments', 20));
const RUNS_LIVE = Number(arg('runs-live', 10));
const DAY = 86_400_000;

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The history of every case as case_versions rows (see the header). */
const VERSIONS_SQL = `
INSERT INTO case_versions (case_id, seq, valid_from, number, source, category_code, lat, lng, district_code, grid_cell_code,
  priority, state, urgent, supervised, escalated_to_district, assignee_user_id, assignee_unit_code, fixer_user_id, requested_due_at,
  rework_count, extension_count, handling_due_at, step_started_at, clock_yellow_at, clock_due_at, return_reason, reported_at,
  filed_at, dispatched_at, accepted_at, handled_at, closed_at)
SELECT c.id, (extract(epoch FROM s.vf) * 1000)::bigint, s.vf, c.number, c.source, c.category_code, c.lat, c.lng, c.district_code, c.grid_cell_code,
       c.priority, s.state, false, (k = 4 AND i % 7 = 0), false, NULL::uuid, CASE WHEN k >= 3 THEN 'shirong' END, NULL::uuid, NULL::timestamptz,
       0, 0, CASE WHEN k >= 3 THEN due END, s.vf, CASE WHEN k >= 3 AND k < 7 THEN due - interval '8 hours' END,
       CASE WHEN k >= 3 AND k < 7 THEN due END, NULL::varchar, c.reported_at,
       CASE WHEN k >= 1 THEN c.reported_at + step END, CASE WHEN k >= 3 THEN c.reported_at + 3 * step END,
       CASE WHEN k >= 4 THEN c.reported_at + 4 * step END, CASE WHEN k >= 5 THEN c.reported_at + 5 * step END,
       CASE WHEN k = 7 THEN c.closed_at END
  FROM (SELECT c.*, row_number() OVER () AS i FROM cases c) c,
       LATERAL (SELECT interval '2 days' / 7 AS step,
                       c.reported_at + CASE WHEN c.i % 3 = 0 THEN interval '36 hours' ELSE interval '3 days' END AS due) d,
       generate_series(0, 7) AS k,
       LATERAL (SELECT c.reported_at + k * d.step AS vf,
                       CASE WHEN k = 7 THEN c.state
                            ELSE (ARRAY['REPORTED', 'PENDING_FILE', 'PENDING_DISPATCH', 'DISPATCHED', 'IN_PROGRESS', 'HANDLED', 'PENDING_CHECK'])[k + 1] END AS state) s
 WHERE c.state IN ('CLOSED', 'VOID')
UNION ALL
SELECT c.id, (extract(epoch FROM c.reported_at) * 1000)::bigint + k, c.reported_at + CASE WHEN k = 0 THEN interval '0' ELSE interval '1 hour' END,
       c.number, c.source, c.category_code, c.lat, c.lng, c.district_code,
       c.grid_cell_code, c.priority, CASE WHEN k = 0 THEN 'REPORTED' ELSE c.state END, false, false, false, NULL, NULL, NULL, NULL, 0, 0,
       CASE WHEN k = 1 THEN c.reported_at + interval '3 days' END, c.reported_at,
       CASE WHEN k = 1 THEN c.reported_at + interval '2 days' END, CASE WHEN k = 1 THEN c.reported_at + interval '3 days' END, NULL,
       c.reported_at, NULL, NULL, NULL, NULL, NULL
  FROM cases c, generate_series(0, 1) AS k
 WHERE c.state NOT IN ('CLOSED', 'VOID')`;

/** Every snapshot slot of the last 92 days, through the product's own CaseSnapshots (the first reads all versions). */
async function takeSnapshots(results) {
  const server = createRequire(import.meta.url)(path.join(APP_ROOT, 'libs/server/dist/index.js'));
  const { DataSource } = createRequire(path.join(APP_ROOT, 'package.json'))('typeorm');
  const ds = new DataSource(server.dataSourceOptions(DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@'), 2));
  await ds.initialize();
  try {
    const now = Date.now();
    results.snapshots = await new server.CaseSnapshots(ds).backfill(new Date(now - 92 * DAY), new Date(now - 60_000));
    await ds.query('ANALYZE case_snapshots');
  } finally {
    await ds.destroy();
  }
}

async function grow(client, results) {
  log(`fresh bench database, growing it by ${CASES.toLocaleString('en')} cases…`);
  await freshBenchDb();
  await client.connect();
  const until = new Date().toISOString().slice(0, 10);
  results.growCasesSeconds = Math.round((await time(() => growCases(client, CASES, until, { versions: false }))) / 100) / 10;
  log(`  cases in ${results.growCasesSeconds} s; writing their versions…`);
  results.growVersionsSeconds =
    Math.round(
      (await time(async () => {
        await client.query('TRUNCATE case_versions');
        await client.query('TRUNCATE case_snapshots');
        await client.query('DROP INDEX idx_case_versions_from, idx_case_versions_closed_from');
        await client.query(VERSIONS_SQL);
        await client.query('CREATE INDEX "idx_case_versions_from" ON "case_versions" ("valid_from", "seq")');
        await client.query(`CREATE INDEX "idx_case_versions_closed_from" ON "case_versions" ("valid_from") WHERE state IN ('CLOSED', 'VOID')`);
        await client.query(`UPDATE replay_origin SET complete_from = '2000-01-01'`);
        await client.query('ANALYZE case_versions');
      })) / 100,
    ) / 10;
  log(`  versions in ${results.growVersionsSeconds} s; snapshots…`);
  results.snapshotsSeconds = Math.round((await time(() => takeSnapshots(results))) / 100) / 10;
  log(`  ${results.snapshots} snapshots in ${results.snapshotsSeconds} s`);
  if (!flag('skip-rollups')) {
    const r = spawnSync('npm', ['run', 'kpi', '--', 'rebuild'], {
      cwd: APP_ROOT,
      env: { ...process.env, DATABASE_URL, MIGRATION_DATABASE_URL: DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@') },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`kpi rebuild failed: ${r.stdout}\n${r.stderr}`);
    log(`  ${r.stdout.trim().split('\n').pop()}`);
  }
}

async function main() {
  installCleanup(async () => {
    await cleanRedisPrefix();
    if (!flag('keep-db')) await dropBenchDb();
  });
  const results = { machine: machineInfo(), cases: CASES, moments: MOMENTS, loadAverage: { start: load() } };
  const client = new pg.Client({ connectionString: DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@') });
  if (flag('reuse-db')) await client.connect();
  else await grow(client, results);
  const counts = await client.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_versions)::int AS versions,
            pg_size_pretty(pg_total_relation_size('case_versions')) AS versions_size,
            (SELECT count(*) FROM case_snapshots)::int AS snapshots, pg_size_pretty(pg_total_relation_size('case_snapshots')) AS snapshots_size`,
  );
  results.table = counts.rows[0];
  log(`  ${JSON.stringify(results.table)}`);

  const api = await startApi({ LOG_LEVEL: 'warn' });
  const tokens = { town: await login(api.url, 'operator'), xincheng: await login(api.url, 'worker.xincheng') };
  const get = async (path, token) => {
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const now = Date.now();
  // moments spread over the last 90 days (not the last minute), the same for every request kind
  const moments = Array.from({ length: MOMENTS + 2 }, (_, i) => new Date(now - 60_000 - Math.floor(((i * 7919) % 1000) / 1000 * (90 * DAY - 120_000))).toISOString());
  const series = async (label, paths, token) => {
    for (const p of paths.slice(0, 2)) await get(p, token);
    const ms = [];
    let pins = 0;
    for (const p of paths.slice(2)) ms.push(await time(async () => (pins = (await get(p, token)).total ?? pins)));
    const s = summarize(ms);
    results.loadAverage[label] = load();
    log(`  ${label.padEnd(34)} p50 ${String(s.p50).padStart(7)} p95 ${String(s.p95).padStart(7)} max ${String(s.max).padStart(7)} ms  (n ${s.n}, load ${load().join(' ')})`);
    return s;
  };
  results.requests = {};
  const repeat = (path, n) => Array.from({ length: n + 2 }, () => path);
  results.baseline = {};
  for (const [label, sql] of [
    ['SELECT 1', 'SELECT 1'],
    ['SELECT count(*) FROM cases', 'SELECT count(*) FROM cases'],
  ]) {
    await client.query(sql);
    const ms = [];
    for (let i = 0; i < RUNS_LIVE; i++) ms.push(await time(() => client.query(sql)));
    results.baseline[label] = summarize(ms);
    log(`  pg: ${label.padEnd(30)} p50 ${results.baseline[label].p50} p95 ${results.baseline[label].p95} ms`);
  }
  for (const [who, token, q] of [
    ['town', tokens.town, ''],
    ['片区 xincheng', tokens.xincheng, ''],
  ]) {
    const sep = (path) => (path.includes('?') ? '&' : '?');
    const board = `/api/v1/stats/board${q}`;
    const map = `/api/v1/cases/open-map${q}`;
    results.requests[`live board, ${who}`] = await series(`live board, ${who}`, repeat(board, RUNS_LIVE), token);
    results.requests[`replay board, ${who}`] = await series(`replay board, ${who}`, moments.map((m) => `${board}${sep(board)}at=${encodeURIComponent(m)}`), token);
    results.requests[`live open map, ${who}`] = await series(`live open map, ${who}`, repeat(map, RUNS_LIVE), token);
    results.requests[`replay open map, ${who}`] = await series(`replay open map, ${who}`, moments.map((m) => `${map}${sep(map)}at=${encodeURIComponent(m)}`), token);
  }
  // the slowest moment again, with the pins it had
  results.loadAverage.end = load();
  const file = resultsPath('replay');
  writeFileSync(file, JSON.stringify(results, null, 2));
  log(`results: ${file}`);
  await client.end();
  await stopAllChildren();
}

main()
  .then(async () => {
    await cleanRedisPrefix();
    if (!flag('keep-db')) await dropBenchDb();
    process.exit(0);
  })
  .catch(async (err) => {
    console.error(err);
    await stopAllChildren();
    process.exit(1);
  });
