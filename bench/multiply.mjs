#!/usr/bin/env node
// Multiplies a grown database (bench/grow.mjs) into a new one `factor` times its size, for the stats benchmark at
// ten million cases (bench/stats.mjs) without growing them one by one (grow.mjs: ~10 min a million).
//
//   node bench/multiply.mjs <source-db> <target-db> <factor> [--jitter-minutes 20] [--jitter-metres 15] [--texts]
//                           [--rebuild-rollups] [--pause-file <path>] [--skip-vacuum]
//
// The source's rollups must be current (`npm run kpi -- rebuild` on it after growing). The target is created as a
// copy of the source (CREATE DATABASE … TEMPLATE, file copy: the source must have no other connection), then gets
// factor − 1 copies of every case with what the stats and the KPI rollups read about it: its row (fresh id; a number
// that goes on from its day's counter; its point moved by up to --jitter-metres), its timeline events, its rollup
// facts, and for the open cases their outbox rows and notices; with --texts its search text too (the search's two
// GIN indexes then take ~20 min more at 10 M). Every timestamp of a copy moves by one shift of whole seconds, uniform
// in ±--jitter-minutes but within what keeps each instant the rollups count on its town day, and never past now:
// each copied timeline keeps its order, clocks and deadlines, and adds to the rollups exactly what its original adds
// — so the rollups are the source's times the factor (`npm run kpi -- check` agrees), instead of a rebuild that
// takes ~5 min a million. --rebuild-rollups runs `npm run kpi -- rebuild` instead (needs a build). Case versions
// (回放) are not copied, nor the closed cases' published outbox rows. The bulk tables' keys and indexes are dropped
// for the load and rebuilt after (the foreign keys validated again), then VACUUM (ANALYZE). With --pause-file, each
// step waits while that file exists. Each step's time, the load average and the sizes:
// bench/results/multiply-<time>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, ROOT, arg, flag, log, machineInfo, resultsPath, sleep } from './lib/common.mjs';
import {
  COUNTERS_SQL,
  ROLLUPS_CURRENT_SQL,
  SEQUENCES,
  TEXTS_SQL,
  bulkTables,
  caseFactsSql,
  casesSql,
  columnsOf,
  daysMovedSql,
  eventsSql,
  indexDdl,
  mapSql,
  multiplyRollupSql,
  notificationsSql,
  outboxSql,
  returnFactsSql,
  setvalSql,
} from './lib/multiply-sql.mjs';

const require = createRequire(import.meta.url);
const { FACT_COLUMNS } = require(path.join(ROOT, 'libs/server/dist/stats/kpi-rollup-sql.js'));
const { ROLLUP_MEASURES } = require(path.join(ROOT, 'libs/server/dist/cases/kpi-measures.js'));

const [source, target, factor] = [process.argv[2], process.argv[3], Number(process.argv[4])];
if (!source || !target || source.startsWith('--') || target.startsWith('--') || !Number.isInteger(factor) || factor < 2) {
  console.error('usage: node bench/multiply.mjs <source-db> <target-db> <factor ≥ 2> [--jitter-minutes 20] [--jitter-metres 15] [--texts] [--rebuild-rollups] [--pause-file <path>] [--skip-vacuum]');
  process.exit(2);
}
const jitterSeconds = Number(arg('jitter-minutes', 20)) * 60;
const jitterMetres = Number(arg('jitter-metres', 15));
const pauseFile = arg('pause-file', null);
const texts = flag('texts');
const rebuildRollups = flag('rebuild-rollups');
const tables = bulkTables(texts);
const targetUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${target}`);
const quote = (name) => `"${name.replace(/"/g, '""')}"`;

const result = { machine: machineInfo(), source, target, factor, jitterSeconds, jitterMetres, texts, rebuildRollups, started: new Date().toISOString(), steps: [] };
const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

/** Runs one step, timed, after waiting (if asked) until the pause file is gone. */
async function step(name, fn) {
  if (pauseFile && existsSync(pauseFile)) {
    log(`paused: ${pauseFile} exists`);
    const p = Date.now();
    while (existsSync(pauseFile)) await sleep(5000);
    result.pausedSeconds = (result.pausedSeconds ?? 0) + Math.round((Date.now() - p) / 1000);
  }
  const loadBefore = load();
  const t = Date.now();
  log(`${name}…`);
  const detail = await fn();
  const seconds = Number(((Date.now() - t) / 1000).toFixed(1));
  result.steps.push({ name, seconds, loadBefore, loadAfter: load(), ...(detail && typeof detail === 'object' ? detail : {}) });
  log(`${name}: ${seconds} s${detail && typeof detail === 'object' ? ` ${JSON.stringify(detail)}` : ''}`);
}

const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
await admin.connect();
const exists = async (db) => (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [db])).rowCount > 0;
if (!(await exists(source))) throw new Error(`no database ${source}`);
if (await exists(target)) throw new Error(`${target} exists already: drop it first (this script never overwrites a database)`);
if (!rebuildRollups) {
  const src = new pg.Client({ connectionString: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${source}`) });
  await src.connect();
  const { current } = (await src.query(ROLLUPS_CURRENT_SQL)).rows[0];
  await src.end();
  if (!current) throw new Error(`${source}'s rollups are not current: MIGRATION_DATABASE_URL=…/${source} npm run kpi -- rebuild first (or --rebuild-rollups)`);
}
const t0 = Date.now();

// a file copy of the source's directory: no WAL for every page (the default strategy's), two checkpoints instead
await step('create the target from the source (TEMPLATE, FILE_COPY)', async () => {
  await admin.query(`CREATE DATABASE ${quote(target)} TEMPLATE ${quote(source)} STRATEGY FILE_COPY`);
});

const db = new pg.Client({ connectionString: targetUrl, application_name: 'gridops-bench-multiply' });
await db.connect();
const one = async (sql, params) => (await db.query(sql, params)).rows[0];
await db.query(`SET synchronous_commit = off`);
await db.query(`SET work_mem = '512MB'`);
await db.query(`SET maintenance_work_mem = '1GB'`);

const before = await one(
  `SELECT (SELECT count(*) FROM cases)::bigint AS cases, (SELECT max(seq) FROM case_events)::bigint AS max_seq,
          (SELECT coalesce(max(id), 0) FROM outbox)::bigint AS max_outbox,
          (pg_relation_size('case_events') / current_setting('block_size')::int)::bigint AS event_pages`,
);
result.source = { cases: Number(before.cases) };
log(`${source}: ${before.cases} cases, events up to seq ${before.max_seq} on ${before.event_pages} pages`);

const caseColumns = await columnsOf(db, 'cases');
const instants = FACT_COLUMNS.filter((c) => caseColumns.find((x) => x.name === c)?.type === 'timestamp with time zone');
await step('map: fresh ids, shifts, numbers of every copy', async () => {
  await db.query(mapSql(instants), [factor, jitterSeconds, jitterMetres, new Date().toISOString()]);
  await db.query(`ANALYZE multiply_map`);
  return one(
    `SELECT count(*)::bigint AS copies, round(avg(abs(extract(epoch FROM shift))) / 60, 1)::float8 AS mean_abs_shift_min,
            count(*) FILTER (WHERE shift = interval '0')::bigint AS unshifted FROM multiply_map`,
  );
});

// if the run stops half-way, this is what the target's bulk tables are missing
const ddl = await indexDdl(db, tables);
const ddlFile = path.join(os.tmpdir(), `multiply-${target}-indexes.sql`);
writeFileSync(ddlFile, ddl.create.map((s) => `${s};\n`).join(''));
log(`the bulk tables' keys and indexes, to rebuild by hand if this run stops: ${ddlFile}`);
await step(`drop ${ddl.drop.length} keys and indexes of ${tables.join(', ')}`, async () => {
  for (const sql of ddl.drop) await db.query(sql);
});

// the rows are copies of rows that passed every trigger and foreign key already: none of them fires for the load
// (case_texts is written by its own statement, not by the cases trigger row by row)
await db.query(`SET session_replication_role = replica`);
if (texts) await step('search texts', async () => ({ rows: (await db.query(TEXTS_SQL)).rowCount }));
await step('outbox rows of the open cases', async () => ({ rows: (await db.query(outboxSql(await columnsOf(db, 'outbox')), [before.max_outbox, before.max_seq])).rowCount }));
await step('notices of the open cases', async () => ({ rows: (await db.query(notificationsSql(await columnsOf(db, 'notifications')))).rowCount }));
const eventColumns = await columnsOf(db, 'case_events');
for (let k = 1; k < factor; k++) {
  await step(`timeline events, copy ${k}`, async () => ({
    rows: (await db.query(eventsSql(eventColumns), [k, before.max_seq, `(${before.event_pages},0)`])).rowCount,
  }));
}
await step('case rows', async () => ({ rows: (await db.query(casesSql(caseColumns))).rowCount }));
if (!rebuildRollups) {
  await step('rollups: the copies\' facts, every rollup row times the factor', async () => {
    const facts = (await db.query(caseFactsSql(await columnsOf(db, 'kpi_case_facts')))).rowCount;
    const returns = (await db.query(returnFactsSql(await columnsOf(db, 'kpi_return_facts')), [before.max_seq])).rowCount;
    let rows = 0;
    for (const table of ['kpi_rollup', 'kpi_unit_rollup']) {
      rows += (await db.query(multiplyRollupSql(table, ROLLUP_MEASURES, factor))).rowCount;
      // back in key order, as the rebuild writes them (fillfactor kept): the update left the rows that did not fit
      // their page at the end — at 10 M a 365-day window's day rows sat on 25,046 pages, 14,495 as rebuilt
      await db.query(`CLUSTER ${table} USING ${table}_pkey`);
    }
    return { facts, returns, rows };
  });
}
await step('day counters and sequences', async () => {
  await db.query(COUNTERS_SQL);
  for (const [table, column] of SEQUENCES) await db.query(setvalSql(table, column));
});
await db.query(`RESET session_replication_role`);

await step('rebuild the keys and indexes', async () => {
  const each = {};
  for (const sql of ddl.create) {
    const t = Date.now();
    await db.query(sql);
    const name = sql.match(/(?:INDEX|CONSTRAINT) ("?[\w]+"?)/)?.[1] ?? sql.slice(0, 40);
    each[name] = Number(((Date.now() - t) / 1000).toFixed(1));
    log(`  ${name} ${each[name]} s`);
  }
  return { each };
});
if (!rebuildRollups) {
  await step('check: every copy\'s rollup instants on its original\'s town day', async () => {
    const { moved } = await one(daysMovedSql(instants));
    if (Number(moved) !== 0) throw new Error(`${moved} copies moved a rollup instant to another day: the multiplied rollups are wrong`);
    return { moved: Number(moved) };
  });
}
await step('drop the map', () => db.query(`DROP TABLE multiply_map`).then(() => undefined));
// the rebuild plans on the statistics; otherwise the VACUUM (ANALYZE) at the end gathers them
if (rebuildRollups || flag('skip-vacuum')) await step('ANALYZE', () => db.query(`ANALYZE`).then(() => undefined));
await db.end();
result.loadSeconds = Number(((Date.now() - t0) / 1000).toFixed(1));

if (rebuildRollups) {
  await step('npm run kpi -- rebuild', async () => {
    const env = { ...process.env, MIGRATION_DATABASE_URL: targetUrl, DATABASE_URL: targetUrl, LOG_LEVEL: 'warn' };
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/kpi.mjs'), 'rebuild'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`kpi rebuild failed (${run.status}): ${run.stdout}`);
    return { output: run.stdout.trim() };
  });
}
if (!flag('skip-vacuum')) {
  const v = new pg.Client({ connectionString: targetUrl, application_name: 'gridops-bench-multiply' });
  await v.connect();
  await v.query(`SET maintenance_work_mem = '1GB'`);
  await step('VACUUM (ANALYZE)', async () => {
    await v.query(`VACUUM (ANALYZE)`);
  });
  await v.end();
}

result.totalSeconds = Number(((Date.now() - t0) / 1000).toFixed(1));
const sizes = await admin.query(`SELECT datname, pg_database_size(datname)::bigint AS bytes FROM pg_database WHERE datname = ANY($1)`, [[source, target]]);
result.sizes = Object.fromEntries(sizes.rows.map((r) => [r.datname, Number(r.bytes)]));
await admin.end();
const check = new pg.Client({ connectionString: targetUrl });
await check.connect();
result.target = (
  await check.query(
    `SELECT (SELECT count(*) FROM cases)::bigint AS cases, (SELECT count(*) FROM cases WHERE state NOT IN ('CLOSED', 'VOID'))::bigint AS open,
            (SELECT count(*) FROM case_events)::bigint AS events, (SELECT count(*) FROM case_texts)::bigint AS texts,
            (SELECT count(*) FROM kpi_rollup)::bigint AS rollup_rows`,
  )
).rows[0];
result.tables = (
  await check.query(
    `SELECT relname AS table, pg_total_relation_size(oid)::bigint AS bytes FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
      ORDER BY 2 DESC LIMIT 8`,
  )
).rows;
await check.end();
const file = resultsPath('multiply');
writeFileSync(file, JSON.stringify(result, null, 2));
const gb = (b) => `${(b / 1024 ** 3).toFixed(1)} GB`;
console.log(`\n| step | s |\n| --- | ---: |`);
for (const s of result.steps) console.log(`| ${s.name} | ${s.seconds} |`);
console.log(
  `\n${target}: ${result.target.cases} cases (${result.target.open} open), ${result.target.events} events, ${result.target.rollup_rows} rollup rows; ` +
    `${gb(result.sizes[target])} (${source}: ${gb(result.sizes[source])}); ${result.totalSeconds} s in all\n${file}`,
);
