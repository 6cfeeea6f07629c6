import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ADD_RETURN_FACTS_SQL,
  ALL_RETURNS_SQL,
  CLEAR_RETURN_FACTS_SQL,
  FACT_COLUMNS,
  MEASURE_COLUMN_LIST,
  PARTITIONS,
  REFRESH_FACTS_SQL,
  REFRESH_ROLLUP_SQL,
  fromFactsDayRowsSql,
  fromScratchDayRowsSql,
  sumMeasuresSql,
} from './kpi-rollup-sql';
import { MINUTE_MEASURES, ROLLUP_MEASURES } from '../cases/kpi-measures';

/** Cases taken from kpi_dirty per transaction. */
export const KPI_DRAIN_BATCH = 2000;
/** Rollup writers (drains, rebuild, check) take turns on this lock, so a delta never reads facts another is changing. */
const ROLLUP_LOCK = `SELECT pg_advisory_xact_lock(hashtext('gridops:kpi-rollup'))`;

export interface RollupCheck {
  /** rollup rows that differ from a from-scratch computation over the facts (day and month rows) */
  rowsDiffering: number;
  /**
   * cases whose facts differ from their row or whose returns' facts from their timeline, and that are not waiting to
   * be refreshed (in kpi_dirty or unrelayed in the outbox)
   */
  casesStale: number;
  /** a few of the differences, for the operator */
  examples: Record<string, unknown>[];
}

/**
 * Keeps the KPI rollups (kpi-rollup-sql.ts; one per partition: per 片区 and per unit, RollupPartition) current: the outbox relay marks each changed case in `kpi_dirty` (in the
 * statement that claims the outbox rows); the worker drains it in batches, each a delta — minus what the rollup last
 * counted of the case (`kpi_case_facts`, and `kpi_return_facts` for its approved returns), plus what it is now. A delta from the case's current row is idempotent and
 * order-free: refreshing a case twice, or late, changes nothing. `rebuild` recomputes everything from the cases table
 * (after a formula change or a restore); `check` compares the rollup with a from-scratch computation.
 */
@Injectable()
export class KpiRollupsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Brings the rollup up to date for these cases (any order, any repeat). */
  async refresh(caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await this.ds.transaction(async (m) => {
      await m.query(ROLLUP_LOCK);
      await this.applyDelta(m, caseIds);
    });
  }

  /** Marks cases changed behind the outbox's back (tests that move clocks, data repairs) for the next drain. */
  async markDirty(caseIds: string[]): Promise<void> {
    await this.ds.query(`INSERT INTO kpi_dirty (case_id) SELECT unnest($1::uuid[])`, [caseIds]);
  }

  /** Drains one batch of kpi_dirty; returns how many cases it refreshed. */
  async drainBatch(): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query(ROLLUP_LOCK);
      const rows = (await m.query(
        `DELETE FROM kpi_dirty WHERE id IN (SELECT id FROM kpi_dirty ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING case_id`,
        [KPI_DRAIN_BATCH],
      )) as [{ case_id: string }[], number] | { case_id: string }[];
      const ids = (Array.isArray(rows[0]) ? rows[0] : rows) as { case_id: string }[];
      await this.applyDelta(m, [...new Set(ids.map((r) => r.case_id))]);
      return ids.length;
    });
  }

  /** Drains kpi_dirty until it is empty. */
  async drainAll(): Promise<number> {
    let total = 0;
    for (let n = KPI_DRAIN_BATCH; n === KPI_DRAIN_BATCH; ) total += n = await this.drainBatch();
    return total;
  }

  private async applyDelta(m: EntityManager, caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    for (const statement of REFRESH_ROLLUP_SQL) await m.query(statement, [caseIds]);
    await m.query(REFRESH_FACTS_SQL, [caseIds]);
    await m.query(CLEAR_RETURN_FACTS_SQL, [caseIds]);
    await m.query(ADD_RETURN_FACTS_SQL, [caseIds]);
  }

  /**
   * Recomputes the rollup and the facts from the cases table in one transaction (readers see the old figures until
   * it commits; writers are not blocked). Cases changed while it runs stay in kpi_dirty and are refreshed after.
   */
  async rebuild(): Promise<{ cases: number; rows: number }> {
    const counts = await this.rebuildInTransaction();
    // the old rows are dead tuples now: a window read would wade through them until autovacuum came by
    await this.ds.query(`VACUUM (ANALYZE) ${PARTITIONS.map((r) => r.table).join(', ')}, kpi_case_facts, kpi_return_facts`);
    return counts;
  }

  private rebuildInTransaction(): Promise<{ cases: number; rows: number }> {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      await m.query(`SET LOCAL work_mem = '256MB'`);
      await m.query(ROLLUP_LOCK);
      await m.query(`DELETE FROM kpi_dirty`);
      for (const { table } of PARTITIONS) await m.query(`DELETE FROM ${table}`);
      await m.query(`DELETE FROM kpi_case_facts`);
      await m.query(`DELETE FROM kpi_return_facts`);
      // written in the key's order: a window reads a range of periods, and rows written in hash order put each of
      // them on its own page (18,200 day rows on 12,148 pages at 1 M cases); fillfactor (KpiRollupLayout) keeps the
      // drain's updates on their page
      for (const partition of PARTITIONS) {
        const { table, column } = partition;
        await m.query(
          `INSERT INTO ${table} (grain, period, dim, key, ${column}, ${MEASURE_COLUMN_LIST})
           SELECT * FROM (${fromScratchDayRowsSql(partition)}) d ORDER BY grain, period, dim, ${column}, key`,
        );
        await m.query(
          `INSERT INTO ${table} (grain, period, dim, key, ${column}, ${MEASURE_COLUMN_LIST})
           SELECT 'm', date_trunc('month', r.period)::date, r.dim, r.key, r.${column}, ${sumMeasuresSql('r')}
             FROM ${table} r WHERE r.grain = 'd' GROUP BY 2, r.dim, r.key, r.${column} ORDER BY 2, r.dim, r.${column}, r.key`,
        );
      }
      await m.query(`INSERT INTO kpi_case_facts (${FACT_COLUMNS.join(', ')}) SELECT ${FACT_COLUMNS.join(', ')} FROM cases`);
      await m.query(`INSERT INTO kpi_return_facts (case_id, seq, at, person, unit) SELECT case_id, seq, at, person, unit FROM (${ALL_RETURNS_SQL}) ret`);
      const [counts] = (await m.query(`SELECT (SELECT count(*) FROM kpi_case_facts)::int AS cases, (${PARTITIONS.map((r) => `(SELECT count(*) FROM ${r.table})`).join(' + ')})::int AS rows`)) as {
        cases: number;
        rows: number;
      }[];
      return counts;
    });
  }

  /**
   * Compares the rollup with a from-scratch computation over what it last saw of each case (the delta arithmetic),
   * and the facts with the cases (nothing missed: a case that differs must be waiting for its refresh).
   */
  async check(): Promise<RollupCheck> {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      await m.query(`SET LOCAL work_mem = '256MB'`);
      await m.query(ROLLUP_LOCK);
      const nonZero = ROLLUP_MEASURES.map((n) => `${n} <> 0`).join(' OR ');
      // minutes are float sums: equal to a micro-minute
      const differs = ROLLUP_MEASURES.map((n) =>
        MINUTE_MEASURES.includes(n as never) ? `abs(coalesce(a.${n}, 0) - coalesce(b.${n}, 0)) > 1e-6` : `coalesce(a.${n}, 0) <> coalesce(b.${n}, 0)`,
      ).join(' OR ');
      const rows: Record<string, unknown>[] = [];
      for (const partition of PARTITIONS) {
        const { table, column } = partition;
        const key = `grain, period, dim, key, ${column}`;
        rows.push(
          ...((await m.query(
            `WITH scratch_d AS (${fromFactsDayRowsSql(partition)}),
                  scratch AS (
                    SELECT ${key}, ${MEASURE_COLUMN_LIST} FROM scratch_d
                    UNION ALL
                    SELECT 'm', date_trunc('month', r.period)::date, r.dim, r.key, r.${column}, ${sumMeasuresSql('r')} FROM scratch_d r GROUP BY 2, r.dim, r.key, r.${column}
                  ),
                  a AS (SELECT * FROM scratch WHERE ${nonZero}),
                  b AS (SELECT ${key}, ${MEASURE_COLUMN_LIST} FROM ${table} WHERE ${nonZero})
             SELECT '${table}' AS "table", coalesce(a.grain, b.grain) AS grain, coalesce(a.period, b.period)::text AS period, coalesce(a.dim, b.dim) AS dim,
                    coalesce(a.key, b.key) AS key, coalesce(a.${column}, b.${column}) AS ${column},
                    to_jsonb(a) AS expected, to_jsonb(b) AS actual
               FROM a FULL JOIN b USING (${key})
              WHERE a.grain IS NULL OR b.grain IS NULL OR ${differs}`,
          )) as Record<string, unknown>[]),
        );
      }
      const differing = FACT_COLUMNS.filter((c) => c !== 'id')
        .map((c) => `f.${c} IS DISTINCT FROM c.${c}`)
        .join(' OR ');
      const waiting = (c: string) =>
        `NOT EXISTS (SELECT 1 FROM kpi_dirty d WHERE d.case_id = ${c}) AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = ${c} AND o.published_at IS NULL)`;
      const [stale] = (await m.query(
        `SELECT count(DISTINCT id)::int AS n FROM (
           SELECT c.id FROM cases c LEFT JOIN kpi_case_facts f ON f.id = c.id
            WHERE (f.id IS NULL OR ${differing}) AND ${waiting('c.id')}
           UNION ALL
           SELECT coalesce(a.case_id, b.case_id) FROM (${ALL_RETURNS_SQL}) a FULL JOIN kpi_return_facts b ON b.case_id = a.case_id AND b.seq = a.seq
            WHERE (a.case_id IS NULL OR b.case_id IS NULL OR a.at IS DISTINCT FROM b.at OR a.person IS DISTINCT FROM b.person OR a.unit IS DISTINCT FROM b.unit)
              AND ${waiting('coalesce(a.case_id, b.case_id)')}
         ) s`,
      )) as { n: number }[];
      return { rowsDiffering: rows.length, casesStale: stale.n, examples: rows.slice(0, 5) };
    });
  }
}
