import { Injectable } from '@nestjs/common';
import { OPEN_MAP_CAP, OPEN_MAP_FIELDS, type OpenMap, type OpenMapRow } from '@gridops/contracts';
import type { Actor, DistrictCode } from '@gridops/domain';
import { OPEN } from './kpi-sql';
import { LAST_EVENT_SEQ_SQL } from '../cases/case-event-seq';
import { lightSql } from '../cases/case-filters';
import { caseScopeSql } from '../cases/case-scope';
import { LIVE_CASES, seqAtSql, type CaseRows } from '../cases/cases-at';
import { SqlParams } from '../platform/database/sql-params';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { resolveDistrict } from './stats-scope';

/** An instant as JSON text in the shape of Date.toISOString(). */
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every open case the caller may see (and the seq it was read at, in the same statement), as compact rows for a map of thousands of pins (one array per case, field
 * names once). Past the cap the most urgent are kept (earliest running deadline first) and `truncated` says so.
 * Postgres builds the rows as one JSON array: parsing thousands of rows of timestamps in Node cost ten times the
 * query.
 */
@Injectable()
export class OpenMapService {
  constructor(private readonly reads: ReadDatabase) {}

  /** 回放: the open map as it was at `rows.at` (checked by ReplayWindow), its lights at that moment. */
  replay(actor: Actor, district: DistrictCode | undefined, rows: CaseRows & { at: Date }): Promise<OpenMap> {
    return this.openMap(actor, district, rows.at, OPEN_MAP_CAP, rows);
  }

  async openMap(actor: Actor, district: DistrictCode | undefined, now = new Date(), cap = OPEN_MAP_CAP, rows: CaseRows = LIVE_CASES): Promise<OpenMap> {
    const p = new SqlParams();
    const at = p.add(now);
    const cases = rows.from(p, 'c');
    // replayed: the last event at or before the moment (live: the last committed, in the same snapshot)
    const seq = rows.at ? seqAtSql(at) : LAST_EVENT_SEQ_SQL;
    const scope = caseScopeSql(actor, 'c', p, resolveDistrict(actor, district));
    const limit = p.add(cap);
    const light = lightSql('c', at);
    const [row] = (await this.reads.query(
      // the count and the capped page apart, each a read of idx_cases_open_set alone (its order is the page's):
      // shared in one CTE they made Postgres hold and sort every open case first
      `WITH picked AS (
         SELECT c.id, c.number, c.lng, c.lat, c.state, c.category_code, c.district_code, c.grid_cell_code, c.priority, c.supervised,
                c.reported_at, c.clock_yellow_at, c.clock_due_at
           FROM ${cases} WHERE ${OPEN} AND ${scope}
          ORDER BY c.clock_due_at ASC NULLS LAST, c.reported_at ASC, c.id
          LIMIT ${limit}
       )
       SELECT (SELECT count(*) FROM ${cases} WHERE ${OPEN} AND ${scope})::int AS total, ${seq} AS seq,
              coalesce((SELECT json_agg(json_build_array(c.id, c.number, c.lng, c.lat, ${light}, c.state, c.category_code, c.district_code,
                                                         c.grid_cell_code, c.priority, c.supervised, ${isoSql('c.reported_at')},
                                                         ${isoSql('c.clock_due_at')}) ORDER BY c.clock_due_at ASC NULLS LAST, c.reported_at ASC, c.id)
                          FROM picked c), '[]'::json) AS rows`,
      p.values,
    )) as { total: number; seq: string; rows: OpenMapRow[] }[];
    return {
      generatedAt: now.toISOString(),
      seq: row.seq,
      fields: OPEN_MAP_FIELDS,
      rows: row.rows,
      total: row.total,
      truncated: row.total > row.rows.length,
    };
  }
}
