/**
 * 回放 (replay): what a case version is made of. `case_versions` (migrations CaseVersions, CaseVersionSnapshots) is
 * append-only: one row per change of a case row, written by the statement that changes it (CaseWriter), valid from
 * the row's `updated_at` until the case's next version.
 */

/** The columns of `cases` a version keeps: what the board, the open map and the KPI measures read. */
export const CASE_VERSION_COLUMNS = [
  'number',
  'source',
  'category_code',
  'lat',
  'lng',
  'district_code',
  'grid_cell_code',
  'priority',
  'state',
  'urgent',
  'supervised',
  'escalated_to_district',
  'assignee_user_id',
  'assignee_unit_code',
  'fixer_user_id',
  'requested_due_at',
  'rework_count',
  'extension_count',
  'handling_due_at',
  'step_started_at',
  'clock_yellow_at',
  'clock_due_at',
  'return_reason',
  'reported_at',
  'filed_at',
  'dispatched_at',
  'accepted_at',
  'handled_at',
  'closed_at',
] as const;

const quoted = CASE_VERSION_COLUMNS.map((c) => `"${c}"`).join(', ');

/** What a write of `cases` returns for its versions: `RETURNING ${CASE_VERSION_RETURNING}`. */
export const CASE_VERSION_RETURNING = `id, updated_at, ${quoted}`;

/**
 * `INSERT INTO case_versions` of the case rows `row` (an alias with the CASE_VERSION_RETURNING columns) found by
 * `from`, each with the timeline event `seq` (an expression; NULL for a change without one).
 */
export function insertCaseVersionsSql(row: string, from: string, seq: string): string {
  return `INSERT INTO case_versions (case_id, seq, valid_from, ${quoted})
    SELECT ${row}.id, ${seq}, ${row}.updated_at, ${CASE_VERSION_COLUMNS.map((c) => `${row}."${c}"`).join(', ')} FROM ${from}`;
}
