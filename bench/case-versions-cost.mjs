#!/usr/bin/env node
// 回放 (replay, issues #12 and #17): what writing case versions costs the writes of cases — the triggers of
// migration CaseVersions (close the current version, insert the next, GiST and unique index upkeep) against the
// append-only version CaseWriter now inserts in the statement that changes the row (migration CaseVersionSnapshots),
// each beside the same statement writing no version at all.
//
//   node bench/case-versions-cost.mjs [--cases 50000] [--n 200] [--rounds 6] [--brin] [--keep-db]
//
// On a fresh bench database (BENCH_DB, default gridops_bench; migrated and seeded by scripts/start.mjs), grown by
// `cases` plain cases (bench/lib/grow-cases.mjs, each with its one version), times, one statement a transaction:
// - a transition as CaseWriter.commitChange writes it (journalStatement): one statement that UPDATEs the case row —
//   state, step start, updated_at, `version` bumped, only if the version is still the one read — and inserts its
//   timeline event and outbox row;
// - a report as CaseWriter.commitReport writes it: the INSERT of a new case row, its event and outbox row.
// Two phases on the same database, each alternating rounds of `n` statements of its two sides (the machine is shared:
// alternation spreads its load over both):
// - `triggers`: the schema as CaseVersions left it (CaseVersionSnapshots.down, from the build in libs/server/dist),
//   the statements without a version CTE, the triggers enabled vs disabled (ALTER TABLE … ENABLE/DISABLE TRIGGER);
// - `writer`: the schema of today (CaseVersionSnapshots.up again), the statements with the version CTE CaseWriter
//   adds (case-version-sql.ts, the build's own SQL) vs without it. `--brin`: a BRIN on valid_from in place of the
//   b-tree on (valid_from, seq) during this phase (what that index's upkeep costs; seqAtSql needs the b-tree).
// Beside them, `SELECT 1` (the round trip). Besides wall time per statement (p50/p95/mean), what load does not
// distort: the CPU time of the serving backend (/proc/<pid>/stat, 10 ms ticks over each block of `n`) per statement.
// Prints each side and the with/without ratios; writes bench/results/case-versions-cost-<time>.json with the load
// average.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { APP_ROOT, DATABASE_URL, arg, dropBenchDb, flag, freshBenchDb, log, machineInfo, resultsPath, summarize } from './lib/common.mjs';
import { growCases } from './lib/grow-cases.mjs';

const CASES = Number(arg('cases', 50_000));
const N = Number(arg('n', 200));
const ROUNDS = Number(arg('rounds', 6));
const TRIGGERS = ['trg_case_versions_insert', 'trg_case_versions_update'];
const require = createRequire(import.meta.url);
const server = require(path.join(APP_ROOT, 'libs/server/dist/index.js'));
const { MIGRATIONS } = require(path.join(APP_ROOT, 'libs/server/dist/database/migrations/index.js'));
const SnapshotsMigration = MIGRATIONS.find((m) => m.name === 'CaseVersionSnapshots1764900001000');
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** CPU time (ms) the backend process serving `pid` has used: on a loaded machine, wall time is mostly waiting. */
function backendCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) * 10; // utime + stime, USER_HZ 100
}

async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** journalStatement's shape for one entry: the lead write, its event, its outbox row (and the version) — one statement. */
const journal = (lead, version) => `WITH w AS (${lead}),
  e0 AS (INSERT INTO case_events (case_id, type, actor_id, actor_role, actor_name, from_state, to_state, note, payload, attachments, at)
         SELECT w.id, $3::varchar, NULL, 'grid_worker', 'bench', $4::varchar, $5::varchar, NULL, '{}'::jsonb, '[]'::jsonb, $2::timestamptz FROM w
         RETURNING seq),
  o AS (INSERT INTO outbox (topic, case_id, event_seq, payload) SELECT 'case.event', $1::uuid, e0.seq, '{}'::jsonb FROM e0)${
    version ? `,\n  v AS (${server.insertCaseVersionsSql('w', 'w CROSS JOIN e0', 'e0.seq')})` : ''
  }
SELECT e0.seq AS seq0 FROM e0`;

/** $1 id, $2 at, $3 type, $4 from, $5 to, $6 version read */
const transition = (version) =>
  journal(
    `UPDATE cases SET state = $5::varchar, step_started_at = $2::timestamptz, updated_at = greatest($2::timestamptz, updated_at), version = version + 1
      WHERE id = $1::uuid AND version = $6::int RETURNING ${version ? server.CASE_VERSION_RETURNING : 'id'}`,
    version,
  );
/** $1 id, $2 at, $3 type, $4 from (null), $5 to, $6 number */
const report = (version) =>
  journal(
    `INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code, priority, state,
                        step_started_at, reported_at, version, created_at, updated_at)
     SELECT $1::uuid, $6::varchar, 'patrol', category_code, '垃圾满溢，居民反映多次', lat, lng, address, district_code, grid_cell_code, 'P2', $5::varchar,
            $2::timestamptz, $2::timestamptz, 1, $2::timestamptz, $2::timestamptz
       FROM cases WHERE state = 'REPORTED' LIMIT 1
     RETURNING ${version ? server.CASE_VERSION_RETURNING : 'id'}`,
    version,
  );

/**
 * One phase: rounds alternating its two sides — `prepare(on)` sets the database up for a side, `statements(on)` the
 * transition and report it runs. Answers each statement's samples and backend CPU per side, and the ratios.
 */
async function phase(client, open, label, prepare, statements) {
  let next = 0;
  let reportNo = 0;
  const texts = { true: statements(true), false: statements(false) };
  const run = {
    transition: async (on) => {
      const c = open[next++ % open.length];
      const to = c.state === 'DISPATCHED' ? 'HANDLING' : 'DISPATCHED';
      const r = await client.query({ name: `${label}-transition-${on}`, text: texts[on].transition, values: [c.id, new Date(), 'accept', c.state, to, c.version] });
      if (r.rowCount !== 1) throw new Error(`transition of ${c.id} wrote nothing`);
      c.version += 1;
      c.state = to;
    },
    report: async (on) => {
      const values = [crypto.randomUUID(), new Date(), 'report', null, 'REPORTED', `B${process.pid}${label[0]}-${++reportNo}`];
      const r = await client.query({ name: `${label}-report-${on}`, text: texts[on].report, values });
      if (r.rowCount !== 1) throw new Error('report wrote nothing');
    },
  };
  const backend = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const zero = () => ({ cpuMs: 0, n: 0 });
  const totals = { transition: { on: zero(), off: zero() }, report: { on: zero(), off: zero() } };
  const samples = { transition: { on: [], off: [] }, report: { on: [], off: [] }, 'SELECT 1': [] };
  // warm-up: both statements prepared, both sides seen
  for (const on of [true, false]) {
    await prepare(on);
    for (let i = 0; i < 20; i++) await run.transition(on), await run.report(on);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const on of round % 2 === 0 ? [true, false] : [false, true]) {
      await prepare(on);
      const side = on ? 'on' : 'off';
      for (const kind of ['transition', 'report']) {
        const cpu0 = backendCpuMs(backend);
        for (let i = 0; i < N; i++) samples[kind][side].push(await time(() => run[kind](on)));
        totals[kind][side].cpuMs += backendCpuMs(backend) - cpu0;
        totals[kind][side].n += N;
      }
    }
    for (let i = 0; i < N / 4; i++) samples['SELECT 1'].push(await time(() => client.query('SELECT 1')));
    log(`  ${label}: round ${round + 1}/${ROUNDS} (load ${load().join(' ')})`);
  }
  const mean = (xs) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;
  const out = { baseline: { 'SELECT 1': summarize(samples['SELECT 1']) } };
  for (const kind of ['transition', 'report']) {
    const side = (key) => ({ ...summarize(samples[kind][key]), mean: mean(samples[kind][key]), backend: { cpuMs: Math.round((totals[kind][key].cpuMs / totals[kind][key].n) * 1000) / 1000 } });
    const on = side('on');
    const off = side('off');
    const ratio = (a, b) => Math.round((a / b) * 100) / 100;
    out[kind] = { withVersions: on, without: off, ratioOfMeans: ratio(on.mean, off.mean), ratioOfP50: ratio(on.p50, off.p50), ratioOfBackendCpu: ratio(on.backend.cpuMs, off.backend.cpuMs) };
    log(`  ${label} ${kind.padEnd(10)} with p50 ${on.p50} p95 ${on.p95} mean ${on.mean} ms | without p50 ${off.p50} p95 ${off.p95} mean ${off.mean} ms | ${out[kind].ratioOfMeans}× (p50 ${out[kind].ratioOfP50}×)`);
    log(`  ${label} ${''.padEnd(10)} backend cpu with ${on.backend.cpuMs} without ${off.backend.cpuMs} ms a statement (+${Math.round((on.backend.cpuMs - off.backend.cpuMs) * 1000) / 1000} ms, ${out[kind].ratioOfBackendCpu}×)`);
  }
  log(`  ${label} pg: SELECT 1 p50 ${out.baseline['SELECT 1'].p50} p95 ${out.baseline['SELECT 1'].p95} ms`);
  return out;
}

async function main() {
  if (!SnapshotsMigration) throw new Error('no CaseVersionSnapshots migration in the build: npx nx run-many -t build');
  const results = { machine: machineInfo(), cases: CASES, n: N, rounds: ROUNDS, brin: flag('brin'), loadAverage: { start: load() } };
  log(`fresh bench database, ${CASES.toLocaleString('en')} cases…`);
  await freshBenchDb();
  const client = new pg.Client({ connectionString: DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@') });
  await client.connect();
  const runner = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  try {
    await growCases(client, CASES, new Date().toISOString().slice(0, 10));
    // the open cases, in memory with the version last written (CaseWriter reads it before writing)
    const open = (await client.query(`SELECT id, version, state FROM cases WHERE state NOT IN ('CLOSED', 'VOID') ORDER BY id`)).rows;
    log(`  ${open.length} open cases to move`);
    results.phases = {};

    // the triggers of CaseVersions, as they were before this build
    await new SnapshotsMigration().down(runner);
    await client.query('VACUUM ANALYZE case_versions');
    const setTriggers = (on) => client.query(TRIGGERS.map((t) => `ALTER TABLE cases ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`).join('; '));
    results.phases.triggers = await phase(client, open, 'triggers', setTriggers, () => ({ transition: transition(false), report: report(false) }));
    await setTriggers(true);

    // append-only versions from the writer's statement, as this build writes them
    await new SnapshotsMigration().up(runner);
    if (flag('brin')) await client.query('DROP INDEX idx_case_versions_from; CREATE INDEX idx_case_versions_from ON case_versions USING brin (valid_from)');
    await client.query('VACUUM ANALYZE case_versions');
    results.phases.writer = await phase(client, open, 'writer', async () => {}, (on) => ({ transition: transition(on), report: report(on) }));

    const v = await client.query(`SELECT count(*)::int AS versions, pg_size_pretty(pg_total_relation_size('case_versions')) AS size FROM case_versions`);
    results.table = v.rows[0];
    results.loadAverage.end = load();
    const file = resultsPath('case-versions-cost');
    writeFileSync(file, JSON.stringify(results, null, 2));
    log(`results: ${file}`);
  } finally {
    await client.end();
    if (!flag('keep-db')) await dropBenchDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
