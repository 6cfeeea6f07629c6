import type { Actor } from '@gridops/domain';
import { openCaseSql } from './case-state-sql';
import { caseScopeSql } from './case-scope';
import { SqlParams } from '../platform/database/sql-params';

/** What counts as "nearby" for a possible duplicate (疑似重复): configurable through the environment. */
export const DUPLICATE_RADIUS_M = Number(process.env.GRIDOPS_DUPLICATE_RADIUS_M ?? 50);
export const DUPLICATE_WINDOW_H = Number(process.env.GRIDOPS_DUPLICATE_WINDOW_H ?? 24);
/** Open cases inside the search box considered at most (the nearest of them are returned). */
const DUPLICATE_CANDIDATES = 200;

/** A report (made, or about to be made) to compare with the open cases around it. */
export interface DuplicateProbe {
  categoryCode: string;
  lat: number;
  lng: number;
  /** when it was (or is being) reported: the window reaches back DUPLICATE_WINDOW_H from here */
  at: Date;
  /** the report's own case, once it exists */
  excludeId?: string | null;
}

export interface NearbyCaseRow {
  id: string;
  number: string;
  metres: number;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The one duplicate search: open cases of the same category within DUPLICATE_RADIUS_M and DUPLICATE_WINDOW_H of a
 * report, nearest first (equirectangular distance). The pipeline's intake links the nearest as a suggested duplicate;
 * the desk's intake form shows them before an operator saves a call (`GET /cases/nearby`, in the caller's read
 * scope). The latitude band is what the index narrows (idx_cases_open_category_lat); longitude, time and distance
 * filter the few rows inside it. A spot with more open cases of one category than DUPLICATE_CANDIDATES (a flood of
 * 12345 calls about one place) gets the nearest of the first ones found: any of them is a fair "possible
 * duplicate", and the search stays bounded.
 */
export async function nearbyOpenCases(db: Queryable, probe: DuplicateProbe, limit: number, scope: Actor | null = null): Promise<NearbyCaseRow[]> {
  const p = new SqlParams();
  const lngScale = 111_320 * Math.cos((probe.lat * Math.PI) / 180);
  const dLat = DUPLICATE_RADIUS_M / 110_540;
  const dLng = DUPLICATE_RADIUS_M / lngScale;
  const since = new Date(probe.at.getTime() - DUPLICATE_WINDOW_H * 3600_000);
  const [category, lat, lng, scale] = [p.add(probe.categoryCode), p.add(probe.lat), p.add(probe.lng), p.add(lngScale)];
  const conditions = [
    `c.category_code = ${category}`,
    openCaseSql('c'),
    `c.lat BETWEEN ${lat} - ${p.add(dLat)} AND ${lat} + ${p.add(dLat)}`,
    `c.lng BETWEEN ${lng} - ${p.add(dLng)} AND ${lng} + ${p.add(dLng)}`,
    `c.reported_at BETWEEN ${p.add(since)} AND ${p.add(probe.at)}`,
  ];
  if (probe.excludeId) conditions.push(`c.id <> ${p.add(probe.excludeId)}`);
  if (scope) conditions.push(caseScopeSql(scope, 'c', p));
  const rows = (await db.query(
    `SELECT id, number, metres FROM (
       SELECT c.id, c.number, sqrt(power((c.lat - ${lat}) * 110540, 2) + power((c.lng - ${lng}) * ${scale}, 2)) AS metres
         FROM cases c
        WHERE ${conditions.join(' AND ')}
        LIMIT ${DUPLICATE_CANDIDATES}
     ) near
     WHERE metres <= ${p.add(DUPLICATE_RADIUS_M)}
     ORDER BY metres, id
     LIMIT ${p.add(limit)}`,
    p.values,
  )) as NearbyCaseRow[];
  return rows.map((r) => ({ id: r.id, number: r.number, metres: Number(r.metres) }));
}
