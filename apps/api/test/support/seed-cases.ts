import { Client } from 'pg';
import { addCaseTextsSql } from '@gridops/server';

/**
 * Plain cases written straight into a test database (as its owner) by one INSERT … SELECT generate_series — for
 * tests that need many rows (exports, search), not a closed loop. Numbers are `<tag>-<i, 7 digits>`; reported one
 * minute apart, newest first from `i = 1`; the 16 grid cells (and their 片区) in turn; every fifth one closed.
 */
export async function seedCases(ownerUrl: string, opts: { tag: string; count: number; description: string; address?: string | null }): Promise<void> {
  if (!/^[A-Z]{2,8}$/.test(opts.tag)) throw new Error('a tag is 2–8 capital letters');
  const pg = new Client({ connectionString: ownerUrl });
  await pg.connect();
  try {
    await pg.query(
      `WITH cells AS (SELECT array_agg(code ORDER BY code) AS code, array_agg(district_code ORDER BY code) AS district FROM grid_cells)
       INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code,
                          priority, state, step_started_at, reported_at, version, closed_at)
       SELECT gen_random_uuid(), $1 || '-' || lpad(i::text, 7, '0'), 'patrol', 'C0101', $2 || ' #' || i, 31.245, 121.38, $3,
              cells.district[1 + i % 16], cells.code[1 + i % 16], 'P2',
              CASE WHEN i % 5 = 0 THEN 'CLOSED' ELSE 'PENDING_DISPATCH' END,
              now() - i * interval '1 minute', now() - i * interval '1 minute', 1,
              CASE WHEN i % 5 = 0 THEN now() END
         FROM generate_series(1, $4::int) AS i, cells`,
      [opts.tag, opts.description, opts.address ?? null, opts.count],
    );
    // their searchable texts, as the relay adds a reported case's (these were never reported)
    await pg.query(addCaseTextsSql(`SELECT id FROM cases WHERE number LIKE $1 || '-%'`), [opts.tag]);
    await pg.query('ANALYZE cases');
  } finally {
    await pg.end();
  }
}

/**
 * Every case's searchable text that is not there yet, as the outbox relay adds a reported case's (cases/case-texts-sql.ts):
 * for a test app without the worker that searches for cases it reported, or wrote by SQL.
 */
export async function addSearchTexts(ownerUrl: string): Promise<void> {
  const pg = new Client({ connectionString: ownerUrl });
  await pg.connect();
  try {
    await pg.query(addCaseTextsSql('SELECT id FROM cases'));
  } finally {
    await pg.end();
  }
}
