import type { TrendPoint } from '@gridops/contracts';
import { TOWN_UTC_OFFSET_MINUTES, addDays, datesBetween, townDayStart, type Actor, type DistrictCode } from '@gridops/domain';
import { caseScopeSql } from '../cases/case-scope';
import { SqlParams } from '../platform/database/sql-params';
import type { ReadDatabase } from '../platform/read-replica/read-database';

/** Created (reported) and closed per Shanghai day from `first` to `last`, zeros included; closed counts cases still closed. */
export async function trendByDay(reads: ReadDatabase, actor: Actor, district: DistrictCode | null, first: string, last: string, now: Date): Promise<TrendPoint[]> {
  const p = new SqlParams();
  const from = p.add(townDayStart(first));
  const to = p.add(new Date(Math.min(townDayStart(addDays(last, 1)).getTime(), now.getTime() + 1)));
  const scope = caseScopeSql(actor, 'c', p, district);
  // group on the shifted date (cheap per row), format the ≤ 366 groups only
  const day = (column: string) => `(${column} AT TIME ZONE 'UTC' + interval '${TOWN_UTC_OFFSET_MINUTES} minutes')::date`;
  const rows = (await reads.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(created)::int AS created, sum(closed)::int AS closed FROM (
       SELECT ${day('c.reported_at')} AS day, count(*) AS created, 0 AS closed
         FROM cases c WHERE c.reported_at >= ${from} AND c.reported_at < ${to} AND ${scope} GROUP BY 1
       UNION ALL
       SELECT ${day('c.closed_at')}, 0, count(*)
         FROM cases c WHERE c.state = 'CLOSED' AND c.closed_at >= ${from} AND c.closed_at < ${to} AND ${scope} GROUP BY 1
     ) x GROUP BY day`,
    p.values,
  )) as { day: string; created: number; closed: number }[];
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return datesBetween(first, last).map((date) => ({ date, created: Number(byDay.get(date)?.created ?? 0), closed: Number(byDay.get(date)?.closed ?? 0) }));
}
