interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Whether the case is a 专项 case (it links repeats of a hotspot: case_links). */
export async function isSpecialCase(db: Queryable, caseId: string): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM case_links WHERE special_case_id = $1 LIMIT 1`, [caseId])) as unknown[];
  return rows.length > 0;
}
