// The statements of bench/multiply.mjs: copies of every case of a grown database, with what the stats and the KPI
// rollups read about it, by set-based SQL. Built from the tables' columns as the catalogue has them, so a column added
// by a later migration is copied as it is (timestamps shifted with the rest of the case) without touching this file.

/** The tables whose every row is copied factor − 1 times; their indexes are dropped during the load and rebuilt after. */
export const bulkTables = (texts) => ['cases', 'case_events', 'kpi_case_facts', ...(texts ? ['case_texts'] : [])];

/** The town's local time of an instant (Asia/Shanghai, UTC+8 all year — as kpi-measures.ts's townDateSql). */
const local = (instant) => `((${instant}) AT TIME ZONE 'UTC' + interval '480 minutes')`;
const townDate = (instant) => `${local(instant)}::date`;
/** Seconds since the town's midnight. */
const sinceMidnight = (instant) => `extract(epoch FROM ${local(instant)} - date_trunc('day', ${local(instant)}))::float8`;
/** The whole seconds an instant can move back (`lo`, ≤ 0) and on (`hi`, ≥ 0) and stay on its town day. */
const lo = (instant) => `-floor(${sinceMidnight(instant)})`;
const hi = (instant) => `ceil(86400 - ${sinceMidnight(instant)}) - 1`;

/** `{ name: data_type }` of a table's columns, in order. */
export async function columnsOf(db, table) {
  const { rows } = await db.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ name: r.column_name, type: r.data_type }));
}

/**
 * The select list copying a row `x` of `columns`: `special[name]` where given, every other timestamp moved by
 * `shift` (one interval per copy, so each copied timeline keeps its steps, clocks and deadlines apart as they were),
 * anything else as it is.
 */
function copyList(columns, x, shift, special) {
  return columns
    .map(({ name, type }) => {
      if (name in special) return special[name];
      if (type === 'timestamp with time zone') return `${x}.${name} + ${shift}`;
      return `${x}.${name}`;
    })
    .join(', ');
}

/**
 * multiply_map: one row per copy of each case — its fresh id, its shift, its point moved by a few metres, its town
 * day and its case number. The shift is whole seconds, uniform in ±jitter but within the window that keeps every
 * instant the KPI rollups count on its town day (`instants`: the facts' timestamps, and the approvals of returns)
 * and never past now (a copy's last step must not lie in the future): a copy then adds to every rollup row exactly
 * what its original adds (durations do not move), so the rollups of the copies are the source's times the factor.
 * Numbers go on from each day's counter (case_number_counters), in the order of the copies' report instants, so they
 * are unique beside the originals'. $1 factor, $2 jitter seconds, $3 jitter metres, $4 now.
 */
export function mapSql(instants) {
  const los = instants.map((i) => lo(`c.${i}`)).join(', ');
  const his = instants.map((i) => hi(`c.${i}`)).join(', ');
  // the window once per case (materialized: inlined, it would be computed again for each copy and each use)
  return `
  CREATE UNLOGGED TABLE multiply_map AS
  WITH win AS MATERIALIZED (
    SELECT c.id, c.reported_at, c.lat, ${townDate('c.reported_at')} AS day,
           greatest(-$2::float8, ${los}, r.lo)::float8 AS lo,
           least($2::float8, ${his}, r.hi, floor(extract(epoch FROM $4::timestamptz - c.updated_at)))::float8 AS hi
      FROM cases c
      LEFT JOIN (SELECT case_id, max(${lo('at')}) AS lo, min(${hi('at')}) AS hi FROM case_events
                  WHERE type = 'approve-return' GROUP BY case_id) r ON r.case_id = c.id
  )
  SELECT s.old_id, s.k, s.new_id, s.shift, s.dlat, s.dlng, s.day, s.n,
         'CZ-' || to_char(s.day, 'YYYYMMDD') || '-' || lpad(s.n::text, greatest(4, length(s.n::text)), '0') AS number
    FROM (
      SELECT w.*, coalesce(cnt.last, 0) + row_number() OVER (PARTITION BY w.day ORDER BY w.reported_at + w.shift, w.new_id) AS n
        FROM (
          SELECT win.id AS old_id, k, gen_random_uuid() AS new_id, win.reported_at, win.day,
                 make_interval(secs => CASE WHEN win.hi >= win.lo THEN win.lo + floor(random() * (win.hi - win.lo + 1)) ELSE 0 END) AS shift,
                 (random() * 2 - 1) * $3::float8 / 111320 AS dlat,
                 (random() * 2 - 1) * $3::float8 / (111320 * cos(radians(win.lat))) AS dlng
            FROM win CROSS JOIN generate_series(1, $1::int - 1) AS k
        ) w
        LEFT JOIN case_number_counters cnt ON cnt.day = w.day
    ) s`;
}

/**
 * The copies whose rollup instants (as mapSql's `instants`, and their approved returns) are not on their original's
 * town day — none, or multiplying the rollups would be wrong. Read from the originals and the map's shifts.
 */
export function daysMovedSql(instants) {
  const moved = (x) => `${townDate(`${x} + m.shift`)} IS DISTINCT FROM ${townDate(x)}`;
  return `
  SELECT count(*)::bigint AS moved FROM multiply_map m JOIN cases c ON c.id = m.old_id
   WHERE ${instants.map((i) => moved(`c.${i}`)).join(' OR ')}
      OR EXISTS (SELECT 1 FROM case_events a WHERE a.case_id = m.old_id AND a.type = 'approve-return' AND ${moved('a.at')})`;
}

/** The day counters go on past the copies' numbers. */
export const COUNTERS_SQL = `
  INSERT INTO case_number_counters (day, last)
  SELECT day, max(n) FROM multiply_map GROUP BY day
  ON CONFLICT (day) DO UPDATE SET last = greatest(case_number_counters.last, excluded.last)`;

/**
 * The copies' case rows, written in the order of their report instants (a table filled as reports arrive is in that
 * order; a day's cases sit together as they would). Reads the originals only: the map names originals.
 */
export function casesSql(columns) {
  const list = copyList(columns, 'c', 'm.shift', {
    id: 'm.new_id',
    number: 'm.number',
    lat: 'c.lat + m.dlat',
    lng: 'c.lng + m.dlng',
  });
  return `INSERT INTO cases (${columns.map((c) => c.name).join(', ')})
          SELECT ${list} FROM cases c JOIN multiply_map m ON m.old_id = c.id ORDER BY c.reported_at + m.shift, m.new_id`;
}

/** The copies' search texts, as the case row's trigger (case_texts_sync) would have written them. */
export const TEXTS_SQL = `
  INSERT INTO case_texts (case_id, text)
  SELECT m.new_id, case_search_text(m.number, c.description, c.address) FROM cases c JOIN multiply_map m ON m.old_id = c.id`;

/**
 * Copy `$1` of every original event: seq moved by copy × `$2` (the originals' highest seq), so each copied timeline
 * keeps its events' order (the approved returns' look-up reads the request before the approval by seq). Reads the
 * pages before tid `$3` only (a TID range scan) — the originals; the copies are appended after them, and a copy
 * that landed among them would not be copied again (the map names originals only).
 */
export function eventsSql(columns) {
  const list = copyList(columns, 'e', 'm.shift', { seq: 'e.seq + m.k * $2::bigint', case_id: 'm.new_id' });
  return `INSERT INTO case_events (${columns.map((c) => c.name).join(', ')})
          SELECT ${list} FROM case_events e JOIN multiply_map m ON m.old_id = e.case_id AND m.k = $1::int
           WHERE e.ctid < $3::tid`;
}

/**
 * The open cases' outbox rows, already published as the grown ones are (a worker whose Redis starts empty re-relays
 * the open cases' rows: jobs-rebuild.ts). Ids and event seqs moved by copy × the originals' highest. The closed cases'
 * rows are not copied: nothing reads a published row of a closed case.
 */
export function outboxSql(columns) {
  const list = copyList(columns, 'o', 'm.shift', { id: 'o.id + m.k * $1::bigint', case_id: 'm.new_id', event_seq: 'o.event_seq + m.k * $2::bigint' });
  return `INSERT INTO outbox (${columns.map((c) => c.name).join(', ')})
          SELECT ${list} FROM outbox o JOIN cases c ON c.id = o.case_id AND c.state NOT IN ('CLOSED', 'VOID')
            JOIN multiply_map m ON m.old_id = o.case_id`;
}

/** The open cases' notices, for the copy's id and number (dedupe keys name the case). */
export function notificationsSql(columns) {
  const list = copyList(columns, 'n', 'm.shift', {
    id: `nextval(pg_get_serial_sequence('notifications', 'id'))`,
    case_id: 'm.new_id',
    dedupe_key: 'replace(n.dedupe_key, n.case_id::text, m.new_id::text)',
    params: `CASE WHEN n.params ? 'number' THEN jsonb_set(n.params, '{number}', to_jsonb(m.number)) ELSE n.params END`,
  });
  return `INSERT INTO notifications (${columns.map((c) => c.name).join(', ')})
          SELECT ${list} FROM notifications n JOIN multiply_map m ON m.old_id = n.case_id`;
}

/** The copies' facts (what the rollups last counted of a case: its row's values, shifted as the row was). */
export function caseFactsSql(columns) {
  return `INSERT INTO kpi_case_facts (${columns.map((c) => c.name).join(', ')})
          SELECT ${copyList(columns, 'f', 'm.shift', { id: 'm.new_id' })} FROM kpi_case_facts f JOIN multiply_map m ON m.old_id = f.id`;
}
/** The copies' approved returns, as their copied events have them. `$1`: the originals' highest event seq. */
export function returnFactsSql(columns) {
  return `INSERT INTO kpi_return_facts (${columns.map((c) => c.name).join(', ')})
          SELECT ${copyList(columns, 'r', 'm.shift', { case_id: 'm.new_id', seq: 'r.seq + m.k * $1::bigint' })}
            FROM kpi_return_facts r JOIN multiply_map m ON m.old_id = r.case_id`;
}
/**
 * Every rollup row of `table` (kpi_rollup per 片区, kpi_unit_rollup per unit) holds `factor` times what it held: each
 * copy adds what its original adds, on the same rows.
 */
export const multiplyRollupSql = (table, measures, factor) =>
  `UPDATE ${table} SET ${measures.map((n) => `${n} = ${n} * ${Number(factor)}`).join(', ')}`;

/**
 * Whether the source's rollups are current — rebuilt or drained, nothing waiting — so that multiplying them is
 * right (`npm run kpi -- check` proves the rest).
 */
export const ROLLUPS_CURRENT_SQL = `
  SELECT (SELECT count(*) FROM kpi_case_facts) = (SELECT count(*) FROM cases)
         AND NOT EXISTS (SELECT 1 FROM kpi_dirty) AND NOT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS current`;

/** Sequences go on past the highest value of their column. */
export const SEQUENCES = [
  ['case_events', 'seq'],
  ['outbox', 'id'],
  ['notifications', 'id'],
];
export const setvalSql = (table, column) =>
  `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), greatest((SELECT max(${column}) FROM ${table}), 1))`;

/**
 * What is dropped before the load and rebuilt after, as DDL: the foreign keys pointing at the bulk tables, their
 * primary keys and unique constraints, their other indexes. Returns `{ drop, create }`, in the order to run them.
 */
export async function indexDdl(db, tables) {
  const q = (sql) => db.query(sql, [tables]).then((r) => r.rows);
  const fks = await q(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND confrelid::regclass::text = ANY($1) ORDER BY conname`,
  );
  const keys = await q(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype IN ('p', 'u') AND conrelid::regclass::text = ANY($1) ORDER BY conname`,
  );
  const indexes = await q(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
      WHERE i.indrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
  );
  const quote = (name) => `"${name.replace(/"/g, '""')}"`;
  return {
    drop: [
      ...fks.map((f) => `ALTER TABLE ${f.tbl} DROP CONSTRAINT ${quote(f.conname)}`),
      ...keys.map((k) => `ALTER TABLE ${k.tbl} DROP CONSTRAINT ${quote(k.conname)}`),
      ...indexes.map((i) => `DROP INDEX ${i.name}`),
    ],
    create: [
      ...keys.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT ${quote(k.conname)} ${k.def}`),
      ...indexes.map((i) => i.def),
      // validated here: every copied event must name a copied case
      ...fks.map((f) => `ALTER TABLE ${f.tbl} ADD CONSTRAINT ${quote(f.conname)} ${f.def}`),
    ],
  };
}
