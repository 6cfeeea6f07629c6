#!/usr/bin/env node
// Grows a gridops database to N cases with realistic two-year timelines, for the stats benchmark (bench/stats.mjs).
//
//   node bench/grow.mjs <database> <cases> [--days 730] [--chunk 50000]
//
// The database must be prepared (scripts/start.mjs --migrate-only with DEMO=true: the town, categories, units, grid
// workers). Cases are written straight into `cases` and `case_events` by SQL, chunk by chunk (no api: a million
// reports through HTTP would take hours), spread over the last `days` days with a day/night rhythm, then the KPI
// rollups are rebuilt and the tables ANALYZEd. What a case went through is drawn at random, in proportions close
// to the demo town's simulator:
//   sources: patrol 40 %, 12345 25 %, citizen app 15 %, IoT 10 %, video 10 %
//   4 % voided at registration; of the rest 10 % of patrol reports self-disposed (自处置), 35 % dispatched to a unit,
//   the others to an on-duty grid worker of the case's 片区; 3 % returned once (回退, then dispatched again),
//   4 % extended (延期), 6 % reworked after a failed check (返工), 1 % escalated to district (上提区级), 1 % of the
//   last 60 days' cases suspended (挂账; older ones were resumed and closed); handling time log-normal around 45 % of the limit (about 12 % late); check and close 1–48 h after the fix.
//   A step whose time has not come yet is not taken: recent cases are open in every state.
// Events: the timeline of each case (report, register, file, dispatch, accept, handle, send-check, check-pass, close,
// with the returns, extensions and reworks), about 9 per case.
import pg from 'pg';
import { caseVersionColumns, insertCaseVersionsSql } from './lib/case-versions.mjs';

const [database, target] = [process.argv[2], Number(process.argv[3])];
const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
if (!database || !Number.isInteger(target) || target <= 0) {
  console.error('usage: node bench/grow.mjs <database> <cases> [--days 730] [--chunk 50000]');
  process.exit(2);
}
const days = opt('days', 730);
const chunk = opt('chunk', 50_000);
const url = (process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, `/${database}`);
const client = new pg.Client({ connectionString: url, application_name: 'gridops-grow' });
await client.connect();
await client.query(`SET synchronous_commit = off`);
await client.query(`SET work_mem = '128MB'`);

const one = async (sql, params) => (await client.query(sql, params)).rows;
const cells = await one(`SELECT code, district_code FROM grid_cells ORDER BY code`);
const categories = (await one(`SELECT code FROM categories ORDER BY code`)).map((r) => r.code);
const units = (await one(`SELECT code FROM units ORDER BY code`)).map((r) => r.code);
const workers = await one(`SELECT id, district_code, display_name FROM users WHERE role = 'grid_worker' AND active ORDER BY id`);
const staff = await one(`SELECT id, unit_code, display_name FROM users WHERE role = 'unit_staff' ORDER BY id`);
const [system] = await one(`SELECT id FROM users WHERE role = 'operator' ORDER BY id LIMIT 1`);
if (!cells.length || !workers.length) throw new Error('prepare the database first (DEMO=true scripts/start.mjs --migrate-only)');
const workersOf = {};
for (const w of workers) (workersOf[w.district_code] ??= []).push(w.id);
const staffOf = {};
for (const s of staff) (staffOf[s.unit_code] ??= []).push(s.id);

const [{ n: existing }] = await one(`SELECT count(*)::int AS n FROM cases`);
console.log(`${database}: ${existing} cases; growing to ${target} over ${days} days, ${chunk} per chunk`);

// the version columns, for each case's one version (replay: case_versions)
const versionColumns = await caseVersionColumns(client);
// one chunk: cases [from, to) of the run; every random draw of a case is a column of `g`, so the timeline is consistent
const CHUNK_SQL = `
WITH g AS (
  SELECT i,
         now() - (($3::float8 * random()) * interval '1 day') AS t0,
         random() AS r_src, random() AS r_void, random() AS r_unit, random() AS r_self, random() AS r_ret, random() AS r_ext,
         random() AS r_rew, random() AS r_esc, random() AS r_sus, random() AS r_lim, random() AS r_cat, random() AS r_cell, random() AS r_who,
         random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6, random() AS u7
    FROM generate_series($1::int, $2::int - 1) i
),
p AS (
  SELECT g.*,
         -- day/night rhythm: fold night hours (22–07 Shanghai) half the time into the day
         CASE WHEN extract(hour FROM g.t0 AT TIME ZONE 'Asia/Shanghai') NOT BETWEEN 7 AND 21 AND g.u7 < 0.6 THEN g.t0 - interval '10 hours' ELSE g.t0 END AS reported_at,
         CASE WHEN g.r_src < 0.40 THEN 'patrol' WHEN g.r_src < 0.65 THEN 'hotline_12345' WHEN g.r_src < 0.80 THEN 'citizen_app' WHEN g.r_src < 0.90 THEN 'iot' ELSE 'video' END AS source,
         ($4::text[])[1 + floor(g.r_cat * array_length($4::text[], 1))::int] AS category_code,
         1 + floor(g.r_cell * array_length($5::text[], 1))::int AS cell_i,
         (ARRAY[4, 24, 72, 168])[1 + floor(g.r_lim * 4)::int] AS limit_h
    FROM g
),
q AS (
  SELECT p.*,
         ($5::text[])[p.cell_i] AS grid_cell_code, ($6::text[])[p.cell_i] AS district_code,
         p.r_void < 0.04 AS voided,
         p.r_void >= 0.04 AND p.source = 'patrol' AND p.r_self < 0.10 AS self_disposed,
         p.r_unit < 0.35 AS to_unit,
         p.r_ret < 0.03 AS returned, p.r_ext < 0.04 AS extended, p.r_rew < 0.06 AS reworked, p.r_esc < 0.01 AS escalated, p.r_sus < 0.01 AND p.reported_at > now() - interval '60 days' AS suspended
    FROM p
),
m AS (
  SELECT q.*,
         ($7::text[])[1 + floor(q.r_who * array_length($7::text[], 1))::int] AS unit_code,
         (($8::jsonb -> q.district_code) ->> floor(q.r_who * jsonb_array_length($8::jsonb -> q.district_code))::int)::uuid AS worker_id,
         q.reported_at + (5 + 55 * q.u1) * interval '1 minute' AS filed_at0,
         (5 + 35 * q.u2) * interval '1 minute' AS to_dispatch,
         (2 + 58 * q.u3) * interval '1 minute' AS to_accept,
         -- log-normal handling time around 45 % of the limit
         q.limit_h * exp(-0.8 + 0.65 * sqrt(-2 * ln(greatest(q.u4, 1e-9))) * cos(2 * pi() * q.u5)) * interval '1 hour' AS to_fix,
         (1 + 47 * q.u6) * interval '1 hour' AS to_close
    FROM q
),
t AS (
  SELECT m.*,
         CASE WHEN m.voided THEN NULL ELSE m.filed_at0 END AS f_at,
         CASE WHEN m.voided OR m.self_disposed THEN NULL ELSE m.filed_at0 + m.to_dispatch + CASE WHEN m.returned THEN interval '3 hours' ELSE interval '0' END END AS d_at
    FROM m
),
u AS (
  SELECT t.*,
         t.d_at + t.to_accept AS a_at,
         CASE WHEN t.d_at IS NULL THEN NULL ELSE t.d_at + t.limit_h * CASE WHEN t.extended THEN 2 ELSE 1 END * interval '1 hour' END AS due_at,
         CASE WHEN t.voided OR t.suspended THEN NULL
              WHEN t.self_disposed THEN t.f_at + (30 + 150 * t.u3) * interval '1 minute'
              ELSE t.d_at + t.to_accept + t.to_fix + CASE WHEN t.reworked THEN interval '1 day' ELSE interval '0' END END AS h_at
    FROM t
),
c AS (
  SELECT u.*, u.h_at + u.to_close AS c_at FROM u
),
s AS (
  -- what has happened by now: a milestone in the future is not there yet
  SELECT c.*,
         CASE WHEN c.f_at <= now() THEN c.f_at END AS filed_at,
         CASE WHEN c.d_at <= now() THEN c.d_at END AS dispatched_at,
         CASE WHEN c.a_at <= now() THEN c.a_at END AS accepted_at,
         CASE WHEN c.h_at <= now() THEN c.h_at END AS handled_at,
         CASE WHEN c.c_at <= now() THEN c.c_at END AS closed_at,
         CASE WHEN c.voided THEN 'VOID'
              WHEN c.c_at <= now() THEN 'CLOSED'
              WHEN c.suspended AND c.a_at <= now() THEN 'SUSPENDED'
              WHEN c.h_at <= now() THEN 'PENDING_CHECK'
              WHEN c.a_at <= now() THEN 'IN_PROGRESS'
              WHEN c.d_at <= now() THEN 'DISPATCHED'
              WHEN c.self_disposed AND c.f_at <= now() THEN 'SELF_DISPOSED'
              WHEN c.f_at <= now() THEN 'PENDING_DISPATCH'
              ELSE 'REPORTED' END AS state
    FROM c
),
ins AS (
  INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code, priority, state,
                     escalated_to_district, assignee_user_id, assignee_unit_code, fixer_user_id, rework_count, extension_count, return_count,
                     deadline_version, handling_started_at, handling_due_at, handling_limit_unit, step_started_at, clock_yellow_at, clock_due_at,
                     void_reason, reported_at, filed_at, dispatched_at, accepted_at, handled_at, checked_at, closed_at, version)
  SELECT gen_random_uuid(), 'G' || to_char(s.reported_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(s.i::text, 9, '0'), s.source, s.category_code,
         '批量生成的案件 ' || s.category_code, 31.24 + 0.02 * s.u1, 121.37 + 0.02 * s.u2, '长征镇 ' || s.grid_cell_code, s.district_code, s.grid_cell_code,
         'P2', s.state, s.escalated AND s.dispatched_at IS NOT NULL,
         CASE WHEN s.dispatched_at IS NOT NULL AND NOT s.to_unit THEN s.worker_id END,
         CASE WHEN s.dispatched_at IS NOT NULL AND s.to_unit THEN s.unit_code END,
         CASE WHEN s.handled_at IS NOT NULL THEN CASE WHEN s.self_disposed OR NOT s.to_unit THEN s.worker_id END END,
         CASE WHEN s.reworked AND s.handled_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.extended AND s.dispatched_at IS NOT NULL THEN 1 ELSE 0 END,
         CASE WHEN s.returned AND s.dispatched_at IS NOT NULL THEN 1 ELSE 0 END,
         CASE WHEN s.dispatched_at IS NOT NULL THEN 1 ELSE 0 END, s.dispatched_at, CASE WHEN s.dispatched_at IS NOT NULL THEN s.due_at END,
         CASE WHEN s.dispatched_at IS NOT NULL THEN 'natural_hours' END,
         coalesce(s.closed_at, s.handled_at, s.accepted_at, s.dispatched_at, s.filed_at, s.reported_at),
         CASE WHEN s.state IN ('DISPATCHED', 'IN_PROGRESS') THEN s.due_at - s.limit_h * interval '12 minutes'
              WHEN s.state IN ('REPORTED', 'PENDING_DISPATCH', 'PENDING_CHECK', 'SELF_DISPOSED') THEN coalesce(s.handled_at, s.filed_at, s.reported_at) + interval '24 minutes' END,
         CASE WHEN s.state IN ('DISPATCHED', 'IN_PROGRESS') THEN s.due_at
              WHEN s.state IN ('REPORTED', 'PENDING_DISPATCH', 'PENDING_CHECK', 'SELF_DISPOSED') THEN coalesce(s.handled_at, s.filed_at, s.reported_at) + interval '30 minutes' END,
         CASE WHEN s.voided THEN 'duplicate' END,
         s.reported_at, s.filed_at, s.dispatched_at, s.accepted_at, s.handled_at, CASE WHEN s.closed_at IS NOT NULL THEN s.closed_at - interval '30 minutes' END, s.closed_at,
         1
    FROM s
  RETURNING *
),
-- each case its one version, as CaseWriter writes a new case's (replay: case_versions)
v AS (${insertCaseVersionsSql(versionColumns, 'ins', 'ins')})
INSERT INTO case_events (case_id, type, actor_id, actor_role, actor_name, from_state, to_state, at)
SELECT ins.id, e.type, $9::uuid, 'operator', '生成', e.from_state, e.to_state, e.at
  FROM ins
  CROSS JOIN LATERAL (VALUES
    ('report', NULL, 'REPORTED', ins.reported_at),
    ('register', 'REPORTED', CASE WHEN ins.state = 'VOID' THEN 'VOID' ELSE 'PENDING_FILE' END, coalesce(ins.filed_at - interval '2 minutes', CASE WHEN ins.state = 'VOID' THEN ins.reported_at + interval '5 minutes' END)),
    ('file', 'PENDING_FILE', 'PENDING_DISPATCH', ins.filed_at),
    ('dispatch', 'PENDING_DISPATCH', 'DISPATCHED', CASE WHEN ins.return_count > 0 THEN ins.dispatched_at - interval '3 hours' ELSE ins.dispatched_at END),
    ('request-return', 'DISPATCHED', 'RETURN_REQUESTED', CASE WHEN ins.return_count > 0 THEN ins.dispatched_at - interval '2 hours' END),
    ('approve-return', 'RETURN_REQUESTED', 'PENDING_DISPATCH', CASE WHEN ins.return_count > 0 THEN ins.dispatched_at - interval '1 hour' END),
    ('dispatch', 'PENDING_DISPATCH', 'DISPATCHED', CASE WHEN ins.return_count > 0 THEN ins.dispatched_at END),
    ('accept', 'DISPATCHED', 'IN_PROGRESS', ins.accepted_at),
    ('request-extension', 'IN_PROGRESS', 'EXTENSION_REQUESTED', CASE WHEN ins.extension_count > 0 THEN ins.accepted_at + interval '10 minutes' END),
    ('approve-extension', 'EXTENSION_REQUESTED', 'IN_PROGRESS', CASE WHEN ins.extension_count > 0 THEN ins.accepted_at + interval '40 minutes' END),
    ('handle', CASE WHEN ins.dispatched_at IS NULL THEN 'PENDING_FILE' ELSE 'IN_PROGRESS' END, CASE WHEN ins.dispatched_at IS NULL THEN 'SELF_DISPOSED' ELSE 'HANDLED' END,
       CASE WHEN ins.rework_count > 0 THEN ins.handled_at - interval '1 day' ELSE ins.handled_at END),
    ('check-fail', 'PENDING_CHECK', 'REWORK', CASE WHEN ins.rework_count > 0 THEN ins.handled_at - interval '20 hours' END),
    ('handle', 'REWORK', 'HANDLED', CASE WHEN ins.rework_count > 0 THEN ins.handled_at END),
    ('send-check', 'HANDLED', 'PENDING_CHECK', ins.handled_at + interval '5 minutes'),
    ('check-pass', 'PENDING_CHECK', 'PENDING_CLOSE', ins.closed_at - interval '30 minutes'),
    ('close', 'PENDING_CLOSE', 'CLOSED', ins.closed_at)
  ) e(type, from_state, to_state, at)
 WHERE e.at IS NOT NULL AND e.at <= now()`;

const cellCodes = cells.map((c) => c.code);
const cellDistricts = cells.map((c) => c.district_code);
const t0 = Date.now();
for (let from = existing; from < target; from += chunk) {
  const to = Math.min(target, from + chunk);
  const t = Date.now();
  await client.query(CHUNK_SQL, [from, to, days, categories, cellCodes, cellDistricts, units, JSON.stringify(workersOf), system.id]);
  const rate = ((to - existing) / ((Date.now() - t0) / 1000)).toFixed(0);
  console.log(`  ${to} cases (${((Date.now() - t) / 1000).toFixed(1)} s for this chunk, ${rate} cases/s overall)`);
}
console.log('ANALYZE…');
await client.query('ANALYZE cases');
await client.query('ANALYZE case_events');
const [{ n: events }] = await one(`SELECT count(*)::bigint AS n FROM case_events`);
const [{ n: cases }] = await one(`SELECT count(*)::bigint AS n FROM cases`);
const [{ size }] = await one(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
console.log(`${cases} cases, ${events} events, database ${size}, ${((Date.now() - t0) / 1000).toFixed(0)} s — now: npm run kpi -- rebuild (MIGRATION_DATABASE_URL=${url.replace(/\/\/[^@]*@/, '//…@')})`);
await client.end();
