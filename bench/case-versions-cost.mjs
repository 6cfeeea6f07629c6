#!/usr/bin/env node
// 回放 (replay, issue #17): what the case_versions triggers (migration CaseVersions) cost the writes of cases.
//
//   node bench/case-versions-cost.mjs [--cases 50000] [--n 200] [--rounds 6] [--variant as-migrated|no-seq|brin-from|row-update|no-gist] [--keep-db]
//
// On a fresh bench database (BENCH_DB, default gridops_bench; migrated and seeded by scripts/start.mjs), grown by
// `cases` plain cases (bench/lib/grow-cases.mjs, each with its one version), times, one statement a transaction:
// - a transition as CaseWriter.commitChange writes it (journalStatement): one statement that UPDATEs the case row —
//   state, step start, updated_at, `version` bumped, only if the version is still the one read — and inserts its
//   timeline event and outbox row;
// - a report as CaseWriter.commitReport writes it: the INSERT of a new case row, its event and outbox row;
// with the versions triggers enabled and disabled (ALTER TABLE cases ENABLE/DISABLE TRIGGER …), alternating rounds
// of `n` statements each in the same run (the machine is shared: alternation spreads its load over both). Beside
// them, `SELECT 1` (the round trip). Besides wall time per statement (p50/p95/mean), what load does not distort: the
// CPU time of the serving backend (/proc/<pid>/stat, 10 ms ticks over each block of `n`) per statement. Prints each
// per side and the on/off ratios;
// writes bench/results/case-versions-cost-<time>.json with the load average.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { DATABASE_URL, arg, dropBenchDb, flag, freshBenchDb, log, machineInfo, resultsPath, summarize } from './lib/common.mjs';
import { growCases } from './lib/grow-cases.mjs';

const CASES = Number(arg('cases', 50_000));
const N = Number(arg('n', 200));
const ROUNDS = Number(arg('rounds', 6));
const TRIGGERS = ['trg_case_versions_insert', 'trg_case_versions_update'];
/**
 * `--variant`: a cheaper shape tried on the scratch database before timing (the migration is not changed by it):
 * `no-seq` writes versions without the per-row look-up of their event's seq (what that look-up costs);
 * `brin-from` puts a BRIN in place of the b-tree on (valid_from, seq); `row-update` writes a transition's versions
 * from a row-level trigger (WHEN the version moved) instead of the statement-level one on the transition tables;
 * `no-gist` drops the GiST on the open versions' spans (pricing its upkeep only: replay's open set needs it).
 */
const VARIANT = arg('variant', 'as-migrated');
const VARIANTS = {
  'as-migrated': [],
  'no-seq': [
    (db) => db.query(`SELECT pg_get_functiondef('case_versions_added'::regproc) AS a, pg_get_functiondef('case_versions_changed'::regproc) AS c`).then(async ({ rows: [f] }) => {
      const strip = (def) => def.replace(/\(SELECT max\(e\.seq\) FROM case_events e WHERE e\.case_id = \w+\.id AND e\.at = \w+\.updated_at\)/g, 'NULL::bigint');
      await db.query(strip(f.a));
      await db.query(strip(f.c));
    }),
  ],
  'row-update': [
    async (db) => {
      const cols = (
        await db.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'case_versions' AND column_name NOT IN ('id', 'case_id', 'seq', 'valid_from', 'valid_to') ORDER BY ordinal_position`,
        )
      ).rows.map((r) => `"${r.column_name}"`);
      await db.query(`
        CREATE FUNCTION case_version_changed_row() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE began timestamptz;
        BEGIN
          UPDATE case_versions v SET valid_to = greatest(NEW.updated_at, v.valid_from) WHERE v.case_id = NEW.id AND v.valid_to IS NULL RETURNING v.valid_from INTO began;
          INSERT INTO case_versions (case_id, seq, valid_from, ${cols.join(', ')})
          VALUES (NEW.id, (SELECT max(e.seq) FROM case_events e WHERE e.case_id = NEW.id AND e.at = NEW.updated_at), greatest(NEW.updated_at, began), ${cols.map((c) => `NEW.${c}`).join(', ')});
          RETURN NULL;
        END $$;
        DROP TRIGGER trg_case_versions_update ON cases;
        CREATE TRIGGER trg_case_versions_update AFTER UPDATE ON cases FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION case_version_changed_row();`);
    },
  ],
  // not a shape the reads can do without (the open set at a moment is found by it): what its upkeep costs
  'no-gist': [(db) => db.query('DROP INDEX idx_case_versions_open_span')],
  'brin-from': [(db) => db.query('DROP INDEX idx_case_versions_from; CREATE INDEX idx_case_versions_from ON case_versions USING brin (valid_from)')],
};
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

/** journalStatement's shape for one entry: the lead write, its event, its outbox row — one statement. */
const journal = (lead) => `WITH w AS (${lead}),
  e0 AS (INSERT INTO case_events (case_id, type, actor_id, actor_role, actor_name, from_state, to_state, note, payload, attachments, at)
         SELECT w.id, $3::varchar, NULL, 'grid_worker', 'bench', $4::varchar, $5::varchar, NULL, '{}'::jsonb, '[]'::jsonb, $2::timestamptz FROM w
         RETURNING seq),
  o AS (INSERT INTO outbox (topic, case_id, event_seq, payload) SELECT 'case.event', $1::uuid, e0.seq, '{}'::jsonb FROM e0)
SELECT e0.seq AS seq0 FROM e0`;

/** $1 id, $2 at, $3 type, $4 from, $5 to, $6 version read */
const TRANSITION = journal(
  `UPDATE cases SET state = $5::varchar, step_started_at = $2::timestamptz, updated_at = $2::timestamptz, version = version + 1 WHERE id = $1::uuid AND version = $6::int RETURNING id`,
);
/** $1 id, $2 at, $3 type, $4 from (null), $5 to, $6 number */
const REPORT = journal(
  `INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code, priority, state,
                      step_started_at, reported_at, version, created_at, updated_at)
   SELECT $1::uuid, $6::varchar, 'patrol', category_code, '垃圾满溢，居民反映多次', lat, lng, address, district_code, grid_cell_code, 'P2', $5::varchar,
          $2::timestamptz, $2::timestamptz, 1, $2::timestamptz, $2::timestamptz
     FROM cases WHERE state = 'REPORTED' LIMIT 1
   RETURNING id`,
);

async function main() {
  const results = { machine: machineInfo(), cases: CASES, n: N, rounds: ROUNDS, loadAverage: { start: load() } };
  log(`fresh bench database, ${CASES.toLocaleString('en')} cases…`);
  await freshBenchDb();
  const client = new pg.Client({ connectionString: DATABASE_URL.replace(/\/\/[^@/]*@/, '//postgres@') });
  await client.connect();
  try {
    await growCases(client, CASES, new Date().toISOString().slice(0, 10));
    if (!VARIANTS[VARIANT]) throw new Error(`--variant: one of ${Object.keys(VARIANTS).join(', ')}`);
    for (const apply of VARIANTS[VARIANT]) await apply(client);
    results.variant = VARIANT;
    await client.query('VACUUM ANALYZE case_versions');
    // the open cases, in memory with the version last written (CaseWriter reads it before writing)
    const open = (await client.query(`SELECT id, version, state FROM cases WHERE state NOT IN ('CLOSED', 'VOID') ORDER BY id`)).rows;
    log(`  ${open.length} open cases to move`);
    let next = 0;
    let reportNo = 0;
    const transition = async () => {
      const c = open[next++ % open.length];
      const to = c.state === 'DISPATCHED' ? 'HANDLING' : 'DISPATCHED';
      const r = await client.query({ name: 'transition', text: TRANSITION, values: [c.id, new Date(), 'accept', c.state, to, c.version] });
      if (r.rowCount !== 1) throw new Error(`transition of ${c.id} wrote nothing`);
      c.version += 1;
      c.state = to;
    };
    const report = async () => {
      const r = await client.query({
        name: 'report',
        text: REPORT,
        values: [crypto.randomUUID(), new Date(), 'report', null, 'REPORTED', `BENCH-${process.pid}-${++reportNo}`],
      });
      if (r.rowCount !== 1) throw new Error('report wrote nothing');
    };
    const setTriggers = (on) => client.query(TRIGGERS.map((t) => `ALTER TABLE cases ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`).join('; '));
    const backend = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const zero = () => ({ cpuMs: 0, n: 0 });
    const totals = { transition: { on: zero(), off: zero() }, report: { on: zero(), off: zero() } };
    const samples = { transition: { on: [], off: [] }, report: { on: [], off: [] }, 'SELECT 1': [] };
    // warm-up: both statements prepared, both trigger states seen
    for (const on of [true, false]) {
      await setTriggers(on);
      for (let i = 0; i < 20; i++) await transition(), await report();
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const on of order) {
        await setTriggers(on);
        const side = on ? 'on' : 'off';
        for (const [kind, write] of [['transition', transition], ['report', report]]) {
          const cpu0 = backendCpuMs(backend);
          for (let i = 0; i < N; i++) samples[kind][side].push(await time(write));
          const cpu1 = backendCpuMs(backend);
          totals[kind][side].cpuMs += cpu1 - cpu0;
          totals[kind][side].n += N;
        }
      }
      for (let i = 0; i < N / 4; i++) samples['SELECT 1'].push(await time(() => client.query('SELECT 1')));
      log(`  round ${round + 1}/${ROUNDS} (load ${load().join(' ')})`);
    }
    await setTriggers(true);
    const mean = (xs) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;
    results.statements = {};
    for (const kind of ['transition', 'report']) {
      const on = { ...summarize(samples[kind].on), mean: mean(samples[kind].on) };
      const off = { ...summarize(samples[kind].off), mean: mean(samples[kind].off) };
      const per = (t) => ({ cpuMs: Math.round((t.cpuMs / t.n) * 1000) / 1000 });
      on.backend = per(totals[kind].on);
      off.backend = per(totals[kind].off);
      const ratio = Math.round((on.mean / off.mean) * 100) / 100;
      const ratioP50 = Math.round((on.p50 / off.p50) * 100) / 100;
      const ratioCpu = Math.round((on.backend.cpuMs / off.backend.cpuMs) * 100) / 100;
      results.statements[kind] = { triggersOn: on, triggersOff: off, ratioOfMeans: ratio, ratioOfP50: ratioP50, ratioOfBackendCpu: ratioCpu };
      log(`  ${kind.padEnd(10)} on p50 ${on.p50} p95 ${on.p95} mean ${on.mean} ms | off p50 ${off.p50} p95 ${off.p95} mean ${off.mean} ms | on/off ${ratio} (p50 ${ratioP50})`);
      log(`  ${''.padEnd(10)} backend cpu on ${on.backend.cpuMs} off ${off.backend.cpuMs} ms a statement (on/off ${ratioCpu})`);
    }
    results.baseline = { 'SELECT 1': summarize(samples['SELECT 1']) };
    log(`  pg: SELECT 1 p50 ${results.baseline['SELECT 1'].p50} p95 ${results.baseline['SELECT 1'].p95} ms`);
    const v = await client.query(`SELECT count(*)::int AS versions, pg_size_pretty(pg_total_relation_size('case_versions')) AS size FROM case_versions`);
    results.table = v.rows[0];
    results.loadAverage.end = load();
    const file = resultsPath(`case-versions-cost-${VARIANT}`);
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
