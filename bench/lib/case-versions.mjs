// 回放 (replay): benches that write case rows by SQL write their versions the way CaseWriter does — in the same
// statement, one `case_versions` row per case row written (case-version-sql.ts; no trigger does it any more).

/** The columns of `cases` a version keeps, read from the table (the bench holds no copy of the list). */
export async function caseVersionColumns(client) {
  const { rows } = await client.query(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'case_versions' AND column_name NOT IN ('id', 'case_id', 'seq', 'valid_from')
      ORDER BY ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

/** `INSERT INTO case_versions` of the case rows `row` (with every cases column) found by `from`, seq `seq`. */
export const insertCaseVersionsSql = (columns, row, from, seq = 'NULL::bigint') =>
  `INSERT INTO case_versions (case_id, seq, valid_from, ${columns.map((c) => `"${c}"`).join(', ')})
   SELECT ${row}.id, ${seq}, ${row}.updated_at, ${columns.map((c) => `${row}."${c}"`).join(', ')} FROM ${from}`;
