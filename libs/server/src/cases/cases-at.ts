import type { BindParams } from '../platform/database/sql-params';
import { closedCaseSql, openCaseSql } from './case-state-sql';

/**
 * 回放 (replay): the `cases` rows as they were at a past moment, read from `case_versions` (append-only: one row per
 * change of a case row, valid from its `valid_from` until the case's next version) and `case_snapshots` (which
 * version of each open case was valid at a slot time; CaseSnapshots). A case's row at T is its latest version with
 * valid_from ≤ T — the one its last timeline event at or before T left — so the board's SQL (kpi-sql.ts,
 * kpi-measures.ts, the light of case-filters.ts, the read scope) runs unchanged on it: one home for each rule, with a
 * time parameter.
 */

/** The case_versions columns that stand for a `cases` row (the versions keep what the board reads). */
const ROW = `v.case_id AS id, v.number, v.source, v.category_code, v.lat, v.lng, v.district_code, v.grid_cell_code, v.priority,
       v.state, v.urgent, v.supervised, v.escalated_to_district, v.assignee_user_id, v.assignee_unit_code, v.fixer_user_id,
       v.requested_due_at, v.rework_count, v.extension_count, v.handling_due_at, v.step_started_at, v.clock_yellow_at,
       v.clock_due_at, v.return_reason, v.reported_at, v.filed_at, v.dispatched_at, v.accepted_at, v.handled_at, v.closed_at`;

/**
 * The versions a moment's rows are chosen from: those of the latest snapshot at or before `at` (strictly before with
 * `before`: what the next snapshot is built from), those begun after it up to `at`, and `more` (further candidates).
 * Without a snapshot (a moment before the first) every version up to `at`.
 */
function candidatesSql(at: string, before: boolean, more: string[]): string {
  const snapshot = `(SELECT max(s.taken_at) FROM case_snapshots s WHERE s.taken_at ${before ? '<' : '<='} ${at}::timestamptz)`;
  return [
    `SELECT v.* FROM case_snapshots s CROSS JOIN LATERAL unnest(s.version_ids) AS k(id) JOIN case_versions v ON v.id = k.id WHERE s.taken_at = ${snapshot}`,
    `SELECT v.* FROM case_versions v WHERE v.valid_from > coalesce(${snapshot}, '-infinity') AND v.valid_from <= ${at}::timestamptz`,
    ...more,
  ].join('\n       UNION ALL\n       ');
}

/**
 * Each case's latest version among the candidates (versions of a case begin in the order they were written). A case's
 * 片区 and cell never change, so naming them in DISTINCT ON changes nothing but lets Postgres push a 片区 or cell
 * filter of the statement around it below the dedupe (a 片区 board sorts its 片区's rows only: half the time at 1 M).
 */
const latestSql = (candidates: string): string =>
  `SELECT DISTINCT ON (v.case_id, v.district_code, v.grid_cell_code) v.* FROM (\n       ${candidates}\n     ) v
   ORDER BY v.case_id, v.district_code, v.grid_cell_code, v.valid_from DESC, v.id DESC`;

/**
 * The versions of the cases open at `at` (placeholder) — `before`: at the latest snapshot before it and the versions
 * since, which is how a snapshot is taken (CaseSnapshots). All columns of case_versions.
 */
export function openVersionsAtSql(at: string, before = false): string {
  return `SELECT v.* FROM (${latestSql(candidatesSql(at, before, []))}) v WHERE ${openCaseSql('v')}`;
}

/**
 * The rows of the cases that are open at `at`, and — when `since` is given — of those closed or void at `at` whose
 * version at `at` began at or after `since` (every case with a milestone in [since, at]: a closed version begins with
 * the case's last milestone). Those are found among the closed versions begun in [since, at]
 * (idx_case_versions_closed_from): a case's latest version is among the candidates whenever it is open at `at` or
 * closed since `since`, and any other version of it there is older. Placeholders, not values.
 */
export function casesAtSql(at: string, since: string | null): string {
  if (!since) return `SELECT ${ROW} FROM (${openVersionsAtSql(at)}) v`;
  const closed = `SELECT v.* FROM case_versions v WHERE v.valid_from >= ${since}::timestamptz AND v.valid_from <= ${at}::timestamptz AND ${closedCaseSql('v')}`;
  return `SELECT ${ROW} FROM (${latestSql(candidatesSql(at, false, [closed]))}) v
   WHERE ${openCaseSql('v')} OR v.valid_from >= ${since}::timestamptz`;
}

/**
 * Where a statement reads its case rows: `cases` now, or the versions valid at a past moment. `from(p, alias, since)`
 * is the FROM item under `alias`; `since` widens a past moment's rows from the open set to every case with a milestone
 * since then (what a period's measures need). Live, it is the table itself (since is the statement's own business).
 */
export interface CaseRows {
  /** the past moment, or null for live */
  readonly at: Date | null;
  from(p: BindParams, alias: string, since?: Date): string;
}

export const LIVE_CASES: CaseRows = { at: null, from: (_p, alias) => `cases ${alias}` };

export function casesAt(at: Date): CaseRows {
  return { at, from: (p, alias, since) => `(${casesAtSql(p.add(at), since ? p.add(since) : null)}) ${alias}` };
}

/** The last timeline event at or before `at` (placeholder): the seq a replayed answer was taken at. */
export const seqAtSql = (at: string): string =>
  `(SELECT coalesce((SELECT v.seq FROM case_versions v WHERE v.valid_from <= ${at}::timestamptz AND v.seq IS NOT NULL ORDER BY v.valid_from DESC, v.seq DESC LIMIT 1), 0)::text)`;

/** The moment replay is complete from (migration CaseVersions: history before it is not kept row by row). */
export const REPLAY_ORIGIN_SQL = `SELECT complete_from FROM replay_origin WHERE id = 1`;
