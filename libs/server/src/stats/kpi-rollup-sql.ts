import {
  DURATIONS,
  MEASURE_NAMES,
  MEASURES,
  MINUTE_MEASURES,
  ROLLUP_MEASURES,
  approvedReturnsSql,
  durationBucketSql,
  townDateSql,
  type DurationKind,
  type Measure,
  type MeasureName,
  type RollupMeasure,
} from '../cases/kpi-measures';
import { openCaseSql } from '../cases/case-state-sql';

/**
 * The day rollups of the KPI measures (kpi-sql.ts) as SQL: how a set of cases rows becomes rollup rows. One row per
 * (grain, period, dim, key, partition — a 片区, or in kpi_unit_rollup a unit: RollupPartition): grain 'd' is a Shanghai day, 'm' a month (the sum of its days, so a year reads
 * about 12 + 60 rows per key, not 365); dim is what a ranking groups by — grid cell, person (the fixer once fixed,
 * else the assignee), unit, category, source — and 'dur', the duration histogram (key `kind:bucket`) medians are
 * read from. Every dim holds every case once, so the town's total is the sum of the grid rows. Approved returns
 * (kpi-measures.ts, `approvedReturnsSql`) add to the same rows, column `returned`: a return keyed by the case's cell,
 * category and source, and by whoever asked for it (person) and their unit.
 */

/** The cases columns a case's measures depend on: what `kpi_case_facts` keeps of each case (the rollup's last view of it). */
export const FACT_COLUMNS = [
  'id', 'state', 'district_code', 'grid_cell_code', 'category_code', 'source', 'assignee_unit_code', 'assignee_user_id', 'fixer_user_id',
  'reported_at', 'filed_at', 'dispatched_at', 'accepted_at', 'handled_at', 'closed_at', 'handling_due_at', 'rework_count', 'extension_count',
  'escalated_to_district',
] as const;

export const ROLLUP_DIMS = ['grid', 'person', 'unit', 'category', 'source', 'dur'] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

/** The key of a case in each dim (null: not in that dim), on the grouped contribution rows `g` below. */
const DIM_KEYS: Record<RollupDim, string> = {
  grid: 'g.grid_cell_code',
  person: 'g.person::text',
  unit: 'g.unit',
  category: 'g.category_code',
  source: 'g.source',
  // the duration's bucket (`bucket` is set only on the contribution row of its instant when its count measure counted)
  dur: 'g.bucket',
};
/** A contribution row `x` is in a duration histogram when one of its duration counts counted. */
const IN_DURATION = Object.values(DURATIONS).map((d) => `x.${d.n} <> 0`).join(' OR ');

const columnType = (name: RollupMeasure) => (MINUTE_MEASURES.includes(name as never) ? 'float8' : 'bigint');

/** The measures grouped by their instant: a case adds one contribution row per distinct instant, not per measure. */
const ANCHORS: { at: string; measures: MeasureName[]; duration: DurationKind | null }[] = (() => {
  const byAt = new Map<string, MeasureName[]>();
  for (const name of MEASURE_NAMES) byAt.set(MEASURES[name].at, [...(byAt.get(MEASURES[name].at) ?? []), name]);
  return [...byAt].map(([at, measures]) => ({
    at,
    measures,
    duration: (Object.keys(DURATIONS) as DurationKind[]).find((k) => measures.includes(DURATIONS[k].n)) ?? null,
  }));
})();

/**
 * The anchors whose instant is a case's handling deadline (应结案, 新增超期 and the overdue-open count). They are the
 * only instants of a case row that can lie ahead of now — every other is a step already taken — so a day's rollup row
 * counts an open case due later that day before its deadline has passed (stats/kpi-counts.service.ts takes those out
 * of a window that reaches past now).
 */
const DEADLINE_ANCHORS = ANCHORS.filter((a) => a.at.includes('c.handling_due_at'));

/**
 * Where a rollup keeps a case's rows: the scope a reader's rows must hold. `kpi_rollup` is per 片区 (the town and 片区
 * scopes: a 片区's rows, or every row); `kpi_unit_rollup` per unit holding the case (处置单位, unit staff's scope: the
 * cases their unit holds — the same measures, dims and keys, only cases with a unit assignee). A case moves between
 * units as it is reassigned: its delta takes it out of one and into the other, as a change of 片区 would.
 */
export interface RollupPartition {
  table: 'kpi_rollup' | 'kpi_unit_rollup';
  /** the table's partition column */
  column: 'district_code' | 'unit_code';
  /** the partition of a case row `c` (FACT_COLUMNS), and of a return row `r` (returnColumns) */
  ofCase: string;
  ofReturn: string;
}
export const BY_DISTRICT: RollupPartition = { table: 'kpi_rollup', column: 'district_code', ofCase: 'c.district_code', ofReturn: 'r.district_code' };
export const BY_UNIT: RollupPartition = { table: 'kpi_unit_rollup', column: 'unit_code', ofCase: 'c.assignee_unit_code', ofReturn: 'r.case_unit' };
export const PARTITIONS: readonly RollupPartition[] = [BY_DISTRICT, BY_UNIT];

/**
 * The day-grain contributions of the cases rows of `source` (a relation aliased `c` with the FACT_COLUMNS and a
 * `sign` column, +1 or −1) and of the approved returns of `returns` (none when null; a relation aliased `r` with `sign` and
 * the columns of returnColumns: the case's 片区, unit, place, category and source, the approval's instant, the requester and
 * their unit), summed per rollup row of `partition` (cases outside every partition of it — no unit — add none). A case adds to each measure whose `when` holds, on the day of its `at`: one row per
 * distinct instant, carrying every measure (0 where it does not count); a return adds 1 to `returned` on the day of
 * its approval; then one row per dim.
 */
export function dayContributionsSql(source: string, returns: string | null, partition: RollupPartition, anchors = ANCHORS): string {
  const values = anchors.map((a, i) => {
    const cols = MEASURE_NAMES.map((name) => {
      if (!a.measures.includes(name)) return '0::float8';
      const m: Measure = MEASURES[name];
      return `CASE WHEN ${m.when} THEN (${m.value ?? '1'})::float8 ELSE 0 END`;
    });
    const bucket = a.duration ? `'${a.duration}:' || ${durationBucketSql(DURATIONS[a.duration].minutes)}` : 'NULL::text';
    return `(${i}, ${townDateSql(a.at)}, ${bucket}, ${cols.join(', ')}, 0::float8)`;
  }).join(',\n            ');
  const dims = ROLLUP_DIMS.map((dim) => `('${dim}', ${DIM_KEYS[dim]})`).join(', ');
  const groupSums = ROLLUP_MEASURES.map((name) => `sum(m.sign * m.${name}) AS ${name}`).join(', ');
  const sums = ROLLUP_MEASURES.map((name) => `coalesce(sum(g.${name}), 0)::${columnType(name)} AS ${name}`).join(',\n       ');
  const keys = 'm.day, m.part, m.grid_cell_code, m.category_code, m.source, m.unit, m.person, m.bucket';
  const noMeasures = MEASURE_NAMES.map(() => '0::float8').join(', ');
  const returnRows = returns
    ? `UNION ALL
          SELECT r.sign, ${partition.ofReturn}, r.grid_cell_code, r.category_code, r.source, r.unit, r.person,
                 ${townDateSql('r.at')}, NULL::text, ${noMeasures}, 1::float8
            FROM ${returns}`
    : '';
  return `
  SELECT 'd'::char(1) AS grain, g.day AS period, k.dim, k.key, g.part AS ${partition.column},
       ${sums}
    FROM (
      -- summed per (day, partition, every dim's key) before each row is fanned out to the dims: a set of cases shares
      -- far fewer of those than it has rows
      SELECT ${keys}, ${groupSums}
        FROM (
          SELECT c.sign, ${partition.ofCase} AS part, c.grid_cell_code, c.category_code, c.source, c.assignee_unit_code AS unit,
                 CASE WHEN c.handled_at IS NOT NULL THEN c.fixer_user_id ELSE c.assignee_user_id END AS person,
                 x.day, CASE WHEN ${IN_DURATION} THEN x.bucket END AS bucket, ${ROLLUP_MEASURES.map((n) => `x.${n}`).join(', ')}
            FROM ${source}
            CROSS JOIN LATERAL (VALUES
                ${values}
            ) x(anchor, day, bucket, ${ROLLUP_MEASURES.join(', ')})
           WHERE x.day IS NOT NULL
          ${returnRows}
        ) m
       WHERE m.part IS NOT NULL
       GROUP BY ${keys}
    ) g
    CROSS JOIN LATERAL (VALUES ${dims}) k(dim, key)
   WHERE k.key IS NOT NULL
   GROUP BY g.day, k.dim, k.key, g.part`;
}

/** Measure columns, in order, for INSERT lists. */
export const MEASURE_COLUMN_LIST = ROLLUP_MEASURES.join(', ');
/** `coalesce(sum(x), 0)` of every measure (or those named) over rollup rows `r`, each times `factor` when given. */
export const sumMeasuresSql = (alias = 'r', factor?: string, names: readonly RollupMeasure[] = ROLLUP_MEASURES) =>
  names.map((n) => `coalesce(sum(${factor ? `${factor} * ` : ''}${alias}.${n}), 0)::${columnType(n)} AS ${n}`).join(', ');

/**
 * Adds the day rows of `dayRowsSql` (grain 'd') and their month sums to the partition's table. Rows whose every
 * measure is 0 (most of a delta: an accept changes only the accept measures) are not written.
 */
export function addToRollupSql(dayRowsSql: string, partition: RollupPartition): string {
  const part = partition.column;
  const nonZero = ROLLUP_MEASURES.map((n) => `coalesce(${n}, 0) <> 0`).join(' OR ');
  const monthSums = ROLLUP_MEASURES.map((n) => `coalesce(sum(${n}), 0)`).join(', ');
  const coalesced = ROLLUP_MEASURES.map((n) => `coalesce(${n}, 0)`).join(', ');
  const update = ROLLUP_MEASURES.map((n) => `${n} = ${partition.table}.${n} + excluded.${n}`).join(', ');
  return `
  WITH d AS (${dayRowsSql}),
  rows AS (
    SELECT grain, period, dim, key, ${part}, ${coalesced} FROM d WHERE ${nonZero}
    UNION ALL
    SELECT 'm', date_trunc('month', period)::date, dim, key, ${part}, ${monthSums}
      FROM d GROUP BY 2, dim, key, ${part} HAVING ${ROLLUP_MEASURES.map((n) => `coalesce(sum(${n}), 0) <> 0`).join(' OR ')}
  )
  INSERT INTO ${partition.table} (grain, period, dim, key, ${part}, ${MEASURE_COLUMN_LIST})
  SELECT * FROM rows
  ON CONFLICT (grain, period, dim, ${part}, key) DO UPDATE SET ${update}`;
}

const factColumns = (alias: string) => FACT_COLUMNS.map((col) => `${alias}.${col}`).join(', ');
/** The 片区, unit, place, category and source of a case row `c`, then its return `ret`'s instant, requester and unit: a row of dayContributionsSql's returns. */
const returnColumns = (c: string, ret: string) => `${c}.district_code, ${c}.assignee_unit_code AS case_unit, ${c}.grid_cell_code, ${c}.category_code, ${c}.source, ${ret}.at, ${ret}.person, ${ret}.unit`;

/**
 * The approved returns of the cases in `ids` (a uuid[] expression) as they are now. `cases.return_count` counts a
 * case's approved returns (transition.ts), so only the few cases with one are looked up in the timeline.
 */
const currentReturnsSql = (ids: string) => approvedReturnsSql(`a.case_id = ANY(ARRAY(SELECT id FROM cases WHERE id = ANY(${ids}) AND return_count > 0))`);

/** The day rows of the cases in `ids` (a uuid[] expression): minus what the facts tables last counted, plus what they are now. */
const deltaDayRowsSql = (ids: string, partition: RollupPartition) =>
  dayContributionsSql(
    `(
      SELECT -1 AS sign, ${factColumns('f')} FROM kpi_case_facts f WHERE f.id = ANY(${ids})
      UNION ALL
      SELECT 1, ${factColumns('x')} FROM cases x WHERE x.id = ANY(${ids})
    ) c`,
    `(
      SELECT -1 AS sign, ${returnColumns('f', 'rf')} FROM kpi_return_facts rf JOIN kpi_case_facts f ON f.id = rf.case_id WHERE rf.case_id = ANY(${ids})
      UNION ALL
      SELECT 1, ${returnColumns('x', 'ret')} FROM (${currentReturnsSql(ids)}) ret JOIN cases x ON x.id = ret.case_id
    ) r`,
    partition,
  );

/** The rollup delta of the cases in `$1` (uuid[]), a statement per partition: minus what the facts tables last counted, plus what they are now. */
export const REFRESH_ROLLUP_SQL: readonly string[] = PARTITIONS.map((partition) => addToRollupSql(deltaDayRowsSql('$1::uuid[]', partition), partition));

/**
 * The cases the rollup has not yet counted as they are now: marked for the worker's next drain (kpi_dirty), or
 * changed and not yet relayed (an unpublished outbox row: the relay marks them). Every other case's facts are its
 * row (`check` proves it), so the rollup plus these cases' delta is every case as it is now.
 */
const PENDING_CASE_IDS = `ARRAY(SELECT case_id FROM kpi_dirty UNION SELECT case_id FROM outbox WHERE published_at IS NULL AND case_id IS NOT NULL)`;

/**
 * Past this many rows waiting (kpi_dirty and unrelayed outbox rows) a read adds none of them: it reads the rollup as
 * the last drain left it. A second's changes are a few dozen cases; a backlog — a worker away for long, every open
 * case re-relayed after Redis came back empty (51,000 at 10 M cases) — would make every board read compute its
 * delta (17 s a statement, measured), where the drain folds it in at 2,000 cases a second. One drain batch's worth.
 */
export const KPI_PENDING_LIMIT = 2000;
const waitingRows = (from: string) => `(SELECT count(*) FROM (SELECT 1 FROM ${from} LIMIT ${KPI_PENDING_LIMIT + 1}) w)`;
const PENDING_OR_NONE = `CASE WHEN ${waitingRows('kpi_dirty')} + ${waitingRows('outbox WHERE published_at IS NULL')} > ${KPI_PENDING_LIMIT}
  THEN '{}'::uuid[] ELSE ${PENDING_CASE_IDS} END`;

/**
 * The day rows a partition's rollup lacks right now: the pending cases' delta (what the next drain will add). A read
 * of the rollup plus these rows is exact at its snapshot, however far behind the worker is — up to KPI_PENDING_LIMIT.
 */
export const pendingDayRowsSql = (partition: RollupPartition) =>
  // the ids read once (the delta reads them four times): after a burst, kpi_dirty is a table of dead rows until vacuumed
  `WITH pending AS MATERIALIZED (SELECT ${PENDING_OR_NONE} AS ids) ${deltaDayRowsSql('(SELECT ids FROM pending)::uuid[]', partition)}`;

/**
 * The day rows that take out what the rollup counts ahead of `now`: the deadline contributions (DEADLINE_ANCHORS) of
 * the open cases due in [now, end) — placeholders — negated. A window [first, last] read from the rollup and these
 * rows, with `end` the start of the day after `last`, counts a deadline only once it has passed.
 */
export function notYetDueDayRowsSql(now: string, end: string, partition: RollupPartition): string {
  return dayContributionsSql(
    `(SELECT -1 AS sign, ${factColumns('x')} FROM cases x WHERE ${openCaseSql('x')} AND x.handling_due_at >= ${now} AND x.handling_due_at < ${end}) c`,
    // an approval is a step taken, never ahead of now
    null,
    partition,
    DEADLINE_ANCHORS,
  );
}

/** The facts table catches up with the cases in `$1`. */
export const REFRESH_FACTS_SQL = `
  INSERT INTO kpi_case_facts (${FACT_COLUMNS.join(', ')})
  SELECT ${factColumns('c')} FROM cases c WHERE c.id = ANY($1::uuid[])
  ON CONFLICT (id) DO UPDATE SET ${FACT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** The returns' facts catch up with the cases in `$1`: what they held of them goes, what they are now comes (two statements, in this order). */
export const CLEAR_RETURN_FACTS_SQL = `DELETE FROM kpi_return_facts WHERE case_id = ANY($1::uuid[])`;
export const ADD_RETURN_FACTS_SQL = `INSERT INTO kpi_return_facts (case_id, seq, at, person, unit) SELECT case_id, seq, at, person, unit FROM (${currentReturnsSql('$1::uuid[]')}) ret`;

/**
 * A person's unit changed (`$1`: the user): the returns they asked for are charged to their unit, read when a case is
 * refreshed, so those cases are marked for a refresh.
 */
export const MARK_RETURNS_OF_SQL = `INSERT INTO kpi_dirty (case_id) SELECT DISTINCT case_id FROM kpi_return_facts WHERE person = $1`;

/** Every approved return, from the timeline (what a rebuild counts and `check` compares the facts with). */
export const ALL_RETURNS_SQL = approvedReturnsSql('TRUE');

/** The day rows from scratch, from every case and every approved return. */
export const fromScratchDayRowsSql = (partition: RollupPartition) => dayContributionsSql(
  `(SELECT 1 AS sign, ${factColumns('x')} FROM cases x) c`,
  `(SELECT 1 AS sign, ${returnColumns('x', 'ret')} FROM (${ALL_RETURNS_SQL}) ret JOIN cases x ON x.id = ret.case_id) r`,
  partition,
);

/** The day rows from what the facts tables last counted (what `check` compares the rollup with). */
export const fromFactsDayRowsSql = (partition: RollupPartition) => dayContributionsSql(
  `(SELECT 1 AS sign, ${factColumns('f')} FROM kpi_case_facts f) c`,
  `(SELECT 1 AS sign, ${returnColumns('f', 'rf')} FROM kpi_return_facts rf JOIN kpi_case_facts f ON f.id = rf.case_id) r`,
  partition,
);
