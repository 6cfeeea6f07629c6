import { DURATIONS, MEASURE_NAMES, MEASURES, MINUTE_MEASURES, durationBucketSql, townDateSql, type DurationKind, type Measure, type MeasureName } from '../cases/kpi-measures';

/**
 * The day rollups of the KPI measures (kpi-sql.ts) as SQL: how a set of cases rows becomes rollup rows. One row per
 * (grain, period, dim, key, 片区): grain 'd' is a Shanghai day, 'm' a month (the sum of its days, so a year reads
 * about 12 + 60 rows per key, not 365); dim is what a ranking groups by — grid cell, person (the fixer once fixed,
 * else the assignee), unit, category, source — and 'dur', the duration histogram (key `kind:bucket`) medians are
 * read from. Every dim holds every case once, so the town's total is the sum of the grid rows.
 */

/** The cases columns a case's measures depend on: what `kpi_case_facts` keeps of each case (the rollup's last view of it). */
export const FACT_COLUMNS = [
  'id', 'state', 'district_code', 'grid_cell_code', 'category_code', 'source', 'assignee_unit_code', 'assignee_user_id', 'fixer_user_id',
  'reported_at', 'filed_at', 'dispatched_at', 'accepted_at', 'handled_at', 'closed_at', 'handling_due_at', 'rework_count', 'extension_count',
  'escalated_to_district',
] as const;

export const ROLLUP_DIMS = ['grid', 'person', 'unit', 'category', 'source', 'dur'] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

/** The key of a case in each dim (null: not in that dim), on the contribution rows `m` below. */
const DIM_KEYS: Record<RollupDim, string> = {
  grid: 'm.grid_cell_code',
  person: 'm.person::text',
  unit: 'm.assignee_unit_code',
  category: 'm.category_code',
  source: 'm.source',
  // the duration's bucket, on the contribution row of its instant when its count measure counted
  dur: `CASE WHEN ${Object.values(DURATIONS).map((d) => `m.${d.n} <> 0`).join(' OR ')} THEN m.bucket END`,
};

const columnType = (name: string) => (MINUTE_MEASURES.includes(name as never) ? 'float8' : 'bigint');

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
 * The day-grain contributions of the cases rows of `source` (a relation aliased `c` with the FACT_COLUMNS and a
 * `sign` column, +1 or −1), summed per rollup row. A case adds to each measure whose `when` holds, on the day of its
 * `at`: one row per distinct instant, carrying every measure (0 where it does not count), then one per dim.
 */
export function dayContributionsSql(source: string): string {
  const values = ANCHORS.map((a, i) => {
    const cols = MEASURE_NAMES.map((name) => {
      if (!a.measures.includes(name)) return '0::float8';
      const m: Measure = MEASURES[name];
      return `CASE WHEN ${m.when} THEN (${m.value ?? '1'})::float8 ELSE 0 END`;
    });
    const bucket = a.duration ? `'${a.duration}:' || ${durationBucketSql(DURATIONS[a.duration].minutes)}` : 'NULL::text';
    return `(${i}, ${townDateSql(a.at)}, ${bucket}, ${cols.join(', ')})`;
  }).join(',\n            ');
  const dims = ROLLUP_DIMS.map((dim) => `('${dim}', ${DIM_KEYS[dim]})`).join(', ');
  const sums = MEASURE_NAMES.map((name) => `coalesce(sum(m.sign * m.${name}), 0)::${columnType(name)} AS ${name}`).join(',\n       ');
  return `
  SELECT 'd'::char(1) AS grain, m.day AS period, k.dim, k.key, m.district_code,
       ${sums}
    FROM (
      SELECT c.sign, c.district_code, c.grid_cell_code, c.category_code, c.source, c.assignee_unit_code,
             CASE WHEN c.handled_at IS NOT NULL THEN c.fixer_user_id ELSE c.assignee_user_id END AS person,
             x.*
        FROM ${source}
        CROSS JOIN LATERAL (VALUES
            ${values}
        ) x(anchor, day, bucket, ${MEASURE_NAMES.join(', ')})
       WHERE x.day IS NOT NULL
    ) m
    CROSS JOIN LATERAL (VALUES ${dims}) k(dim, key)
   WHERE k.key IS NOT NULL
   GROUP BY m.day, k.dim, k.key, m.district_code`;
}

/** Measure columns, in order, for INSERT lists. */
export const MEASURE_COLUMN_LIST = MEASURE_NAMES.join(', ');
/** `coalesce(sum(x), 0)` of every measure over rollup rows `r`. */
export const sumMeasuresSql = (alias = 'r') => MEASURE_NAMES.map((n) => `coalesce(sum(${alias}.${n}), 0)::${columnType(n)} AS ${n}`).join(', ');

/**
 * Adds the day rows of `dayRowsSql` (grain 'd') and their month sums to kpi_rollup. Rows whose every measure is 0
 * (most of a delta: an accept changes only the accept measures) are not written.
 */
export function addToRollupSql(dayRowsSql: string): string {
  const nonZero = MEASURE_NAMES.map((n) => `coalesce(${n}, 0) <> 0`).join(' OR ');
  const monthSums = MEASURE_NAMES.map((n) => `coalesce(sum(${n}), 0)`).join(', ');
  const coalesced = MEASURE_NAMES.map((n) => `coalesce(${n}, 0)`).join(', ');
  const update = MEASURE_NAMES.map((n) => `${n} = kpi_rollup.${n} + excluded.${n}`).join(', ');
  return `
  WITH d AS (${dayRowsSql}),
  rows AS (
    SELECT grain, period, dim, key, district_code, ${coalesced} FROM d WHERE ${nonZero}
    UNION ALL
    SELECT 'm', date_trunc('month', period)::date, dim, key, district_code, ${monthSums}
      FROM d GROUP BY 2, dim, key, district_code HAVING ${MEASURE_NAMES.map((n) => `coalesce(sum(${n}), 0) <> 0`).join(' OR ')}
  )
  INSERT INTO kpi_rollup (grain, period, dim, key, district_code, ${MEASURE_COLUMN_LIST})
  SELECT * FROM rows
  ON CONFLICT (grain, period, dim, district_code, key) DO UPDATE SET ${update}`;
}

const factColumns = (alias: string) => FACT_COLUMNS.map((col) => `${alias}.${col}`).join(', ');

/** The rollup delta of the cases in `$1` (uuid[]): minus what the facts table last counted, plus what they are now. */
export const REFRESH_ROLLUP_SQL = addToRollupSql(
  dayContributionsSql(`(
      SELECT -1 AS sign, ${factColumns('f')} FROM kpi_case_facts f WHERE f.id = ANY($1::uuid[])
      UNION ALL
      SELECT 1, ${factColumns('x')} FROM cases x WHERE x.id = ANY($1::uuid[])
    ) c`),
);

/** The facts table catches up with the cases in `$1`. */
export const REFRESH_FACTS_SQL = `
  INSERT INTO kpi_case_facts (${FACT_COLUMNS.join(', ')})
  SELECT ${factColumns('c')} FROM cases c WHERE c.id = ANY($1::uuid[])
  ON CONFLICT (id) DO UPDATE SET ${FACT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** The day rows from scratch, from every case. */
export const FROM_SCRATCH_DAY_ROWS_SQL = dayContributionsSql(`(SELECT 1 AS sign, ${factColumns('x')} FROM cases x) c`);
