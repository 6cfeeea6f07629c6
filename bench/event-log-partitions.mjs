#!/usr/bin/env node
// The event log's growth: should case_events be partitioned by month? (docs/read-replica.md, "The event log's growth")
//
//   node bench/event-log-partitions.mjs [events=3000000] [--port 5433] [--runs 200]
//
// Makes a scratch Postgres cluster of its own (initdb in a temp directory, pg_ctl on --port, run as the postgres OS
// user when root) so the shared server is not loaded with gigabytes of test rows; fills one database with `events`
// case events of a tenth as many cases over 24 months, twice — as today's plain table and as a table partitioned by
// month on `at` — plus an outbox of as many rows (all relayed but a handful), then times the reads the product makes
// of them with EXPLAIN ANALYZE (planning and execution, median and p95 over --runs random cases) and keeps one plan of
// each. Results: bench/results/event-log-partitions-<time>.json. The cluster is deleted at the end (also on Ctrl-C).
import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const EVENTS = Number(args.find((a) => /^\d+$/.test(a)) ?? 3_000_000);
const PORT = Number(flag('port', 5433));
const RUNS = Number(flag('runs', 200));
const MONTHS = 24;
const EVENTS_PER_CASE = 10;
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const root = process.getuid?.() === 0;

function run(program, argv) {
  const [cmd, a] = root ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, program), ...argv]] : [path.join(BIN, program), argv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, a, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${program} failed (${code}): ${out}`))));
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'gridops-partitions-'));
const data = path.join(dir, 'data');
if (root) {
  const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:')).split(':');
  chownSync(dir, Number(uid), Number(gid));
}
let started = false;
async function cleanup() {
  if (started) await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  started = false;
  rmSync(dir, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

const t0 = Date.now();
const log = (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function main() {
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  writeFileSync(
    path.join(data, 'postgresql.auto.conf'),
    [`port = ${PORT}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off',
      'shared_buffers = 256MB', 'maintenance_work_mem = 256MB', 'work_mem = 64MB', 'max_wal_size = 4GB', 'wal_level = minimal', 'max_wal_senders = 0', ''].join('\n'),
  );
  await run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', 'start']);
  started = true;
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${PORT}/postgres` });
  await c.connect();
  const q = (sql, params) => c.query(sql, params);
  log(`scratch cluster on port ${PORT}; ${EVENTS.toLocaleString()} events, ${(EVENTS / EVENTS_PER_CASE).toLocaleString()} cases, ${MONTHS} months`);

  // the columns of case_events as the migrations make them (InitialSchema)
  const columns = `seq bigint NOT NULL, case_id uuid NOT NULL, type varchar(24) NOT NULL, actor_id uuid, actor_role varchar(20) NOT NULL,
    actor_name varchar(50) NOT NULL, from_state varchar(24), to_state varchar(24) NOT NULL, note varchar(2000),
    payload jsonb NOT NULL DEFAULT '{}', attachments jsonb NOT NULL DEFAULT '[]', at timestamptz NOT NULL`;
  const start = '2025-01-01T00:00:00+08:00';
  await q(`CREATE TABLE cases (id uuid PRIMARY KEY, reported_at timestamptz NOT NULL)`);
  await q(`INSERT INTO cases SELECT gen_random_uuid(), timestamptz '${start}' + (i * (interval '${MONTHS} months' - interval '4 days') / $1) FROM generate_series(0, $1 - 1) i`, [EVENTS / EVENTS_PER_CASE]);
  log('cases written');
  // ten steps per case over its first ~3 days, in commit order: seq follows at, as in the product
  const types = `(ARRAY['report','register','file','dispatch','accept','handle','send-check','check','close','callback'])`;
  await q(`CREATE TABLE ev_plain (${columns})`);
  await q(
    `INSERT INTO ev_plain
     SELECT row_number() OVER (ORDER BY at), case_id, type, gen_random_uuid(), 'operator', '受理员', 'REPORTED', 'CLOSED',
            CASE WHEN k % 3 = 0 THEN '现场已处置，拍照留存 / fixed on site, photo kept' END,
            jsonb_build_object('k', k), '[]', at
       FROM (SELECT c.id AS case_id, k, ${types}[k] AS type, c.reported_at + (k - 1) * interval '7 hours' + (random() * interval '20 minutes') AS at
               FROM cases c, generate_series(1, ${EVENTS_PER_CASE}) k) x`,
  );
  await q(`ALTER TABLE ev_plain ADD PRIMARY KEY (seq)`);
  await q(`CREATE INDEX ON ev_plain (case_id, seq)`);
  // the product's idx_case_events_approve_return_at, on a type that every case has (approved returns are rarer)
  await q(`CREATE INDEX ev_plain_type_at ON ev_plain (at) WHERE type = 'send-check'`);
  log('plain table written and indexed');
  await q(`CREATE TABLE ev_part (${columns}, PRIMARY KEY (seq, at)) PARTITION BY RANGE (at)`);
  for (let m = 0; m <= MONTHS; m++) {
    await q(`CREATE TABLE ev_part_${m} PARTITION OF ev_part FOR VALUES FROM (timestamptz '${start}' + interval '${m} months') TO (timestamptz '${start}' + interval '${m + 1} months')`);
  }
  await q(`INSERT INTO ev_part SELECT * FROM ev_plain`);
  await q(`CREATE INDEX ON ev_part (case_id, seq)`);
  await q(`CREATE INDEX ON ev_part (at) WHERE type = 'send-check'`);
  log('partitioned table written and indexed');
  await q(`CREATE TABLE outbox (id bigint PRIMARY KEY, topic varchar(40) NOT NULL, case_id uuid, event_seq bigint, payload jsonb NOT NULL DEFAULT '{}',
             created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz, attempts int NOT NULL DEFAULT 0)`);
  await q(`INSERT INTO outbox SELECT seq, 'case.updated', case_id, seq, '{}', at, CASE WHEN seq <= $1 - 50 THEN at + interval '5 ms' END, 1 FROM ev_plain`, [EVENTS]);
  await q(`CREATE INDEX idx_outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
  await q(`VACUUM ANALYZE`);
  log('outbox written; vacuumed and analysed');

  const sizes = (
    await q(`SELECT 'plain' AS layout, pg_total_relation_size('ev_plain') AS bytes, pg_indexes_size('ev_plain') AS index_bytes
             UNION ALL SELECT 'partitioned', sum(pg_total_relation_size(inhrelid)), sum(pg_indexes_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'ev_part'::regclass
             UNION ALL SELECT 'outbox', pg_total_relation_size('outbox'), pg_indexes_size('outbox')`)
  ).rows.map((r) => ({ layout: r.layout, mb: Math.round(Number(r.bytes) / 2 ** 20), indexMb: Math.round(Number(r.index_bytes) / 2 ** 20), bytesPerEvent: Math.round(Number(r.bytes) / EVENTS) }));

  const { rows: sample } = await q(`SELECT id, reported_at FROM cases TABLESAMPLE SYSTEM (1) LIMIT $1`, [RUNS]);
  const { rows: [{ max }] } = await q(`SELECT max(seq) AS max FROM ev_plain`);
  const monthFrom = `timestamptz '${start}' + interval '${MONTHS - 2} months'`;
  const monthTo = `timestamptz '${start}' + interval '${MONTHS - 1} months'`;

  /** EXPLAIN ANALYZE of `sql` with each params, inside a rolled-back transaction (the relay's claim writes) */
  async function measure(name, sql, paramsOf) {
    const plan = [];
    const planning = [];
    const execution = [];
    // a read of a second or more says enough in 20 runs
    for (let i = 0; i < RUNS && !(i >= 20 && median(execution) > 100); i++) {
      await q('BEGIN');
      const { rows } = await q(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, paramsOf(i));
      await q('ROLLBACK');
      const r = rows[0]['QUERY PLAN'][0];
      planning.push(r['Planning Time']);
      execution.push(r['Execution Time']);
      if (i === 0) {
        await q('BEGIN');
        const text = await q(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`, paramsOf(i));
        await q('ROLLBACK');
        plan.push(...text.rows.map((x) => x['QUERY PLAN']));
      }
    }
    const m = { name, planningMs: { median: median(planning), p95: p95(planning) }, executionMs: { median: median(execution), p95: p95(execution) }, plan };
    log(`${name}: planning ${m.planningMs.median.toFixed(3)} ms, execution ${m.executionMs.median.toFixed(3)} ms (median; p95 ${m.executionMs.p95.toFixed(3)})`);
    return m;
  }

  const caseParam = (i) => [sample[i % sample.length].id];
  const results = [
    // the case file's timeline (CaseQueryService.view): every event of one case, in order
    await measure('timeline, plain', `SELECT * FROM ev_plain WHERE case_id = $1 ORDER BY seq`, caseParam),
    await measure('timeline, partitioned', `SELECT * FROM ev_part WHERE case_id = $1 ORDER BY seq`, caseParam),
    await measure('timeline, partitioned, pruned from the case\'s reported_at', `SELECT * FROM ev_part WHERE case_id = $1 AND at >= $2 ORDER BY seq`, (i) => [sample[i % sample.length].id, sample[i % sample.length].reported_at]),
    // the live replay (LiveReplayService): the newest events after a board's last seq
    await measure('replay of the last 500 events, plain', `SELECT * FROM ev_plain WHERE seq > $1 ORDER BY seq LIMIT 5001`, () => [String(BigInt(max) - 500n)]),
    await measure('replay of the last 500 events, partitioned', `SELECT * FROM ev_part WHERE seq > $1 ORDER BY seq LIMIT 5001`, () => [String(BigInt(max) - 500n)]),
    // analytics' approved returns of a month (AnalyticsService.returns): events by type and time, through the
    // partial index the product has for it; and without that index, for scale
    await measure('a month of one event type, plain', `SELECT count(*) FROM ev_plain WHERE type = 'send-check' AND at >= ${monthFrom} AND at < ${monthTo}`, () => []),
    await measure('a month of one event type, partitioned', `SELECT count(*) FROM ev_part WHERE type = 'send-check' AND at >= ${monthFrom} AND at < ${monthTo}`, () => []),
    await measure(
      'a month of one event type, plain, without the partial index',
      `SELECT count(*) FROM ev_plain WHERE type || '' = 'send-check' AND at >= ${monthFrom} AND at < ${monthTo}`,
      () => [],
    ),
    // the relay's claim (OutboxRelay): the outbox keeps every relayed row; the claim reads the unpublished ones only
    await measure(
      'relay claim, outbox of every event',
      `UPDATE outbox SET published_at = now(), attempts = attempts + 1
        WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED)
        RETURNING id, case_id, event_seq, payload`,
      () => [],
    ),
  ];
  // one row at a time, as CaseWriter writes them: the cost of routing each insert to its month
  const inserts = {};
  for (const table of ['ev_plain', 'ev_part']) {
    const n = Math.min(2000, RUNS * 10);
    const tInsert = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await q(`INSERT INTO ${table} (seq, case_id, type, actor_role, actor_name, to_state, at) VALUES ($1, $2, 'note', 'system', '系统', 'REPORTED', $3)`, [
        String(BigInt(max) + 1n + BigInt(i)),
        sample[i % sample.length].id,
        new Date(Date.parse(start) + (MONTHS - 1) * 30 * 86_400_000),
      ]);
    }
    inserts[table] = { rows: n, msPerInsert: Number(process.hrtime.bigint() - tInsert) / 1e6 / n };
    log(`${n} single-row inserts into ${table}: ${inserts[table].msPerInsert.toFixed(3)} ms each`);
  }
  await c.end();

  const out = {
    script: 'bench/event-log-partitions.mjs',
    at: new Date().toISOString(),
    events: EVENTS,
    cases: EVENTS / EVENTS_PER_CASE,
    months: MONTHS,
    runs: RUNS,
    postgres: (await run('postgres', ['--version']).catch(() => '')).trim(),
    sizes,
    results,
    inserts,
    wallSeconds: Math.round((Date.now() - t0) / 1000),
  };
  mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const file = path.join(import.meta.dirname, 'results', `event-log-partitions-${out.at.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`sizes: ${JSON.stringify(sizes)}`);
  log(`written ${path.relative(process.cwd(), file)}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(cleanup);
