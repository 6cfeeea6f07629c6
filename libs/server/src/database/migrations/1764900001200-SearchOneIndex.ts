import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text search keeps one GIN index instead of two (issue #12: intake). Every report wrote its text into both
 * `idx_case_texts_trgm` (pg_trgm trigrams, for 3+ characters) and `idx_case_texts_grams` (each character and
 * character pair, for 1–2): 5.3 KB of the 8.8 KB of WAL a report wrote, 2.3 KB of it the trigrams
 * (bench/wal-per-report.mjs), and intake waits on WAL. A text of 3+ characters is found by its character pairs as
 * well: every pair of the text is among the case's pairs (the index), and an ILIKE on the few candidates checks the
 * pairs are there, in order (case-filters.ts, textSearchIndexSql). `case_search_query_grams` is what the index is asked
 * for: the lower-cased character of a 1-character text, else its distinct pairs — lower-cased by Postgres, as the
 * index's `case_search_grams` lower-cases the case's text (JavaScript's lower case differs for a few letters).
 */
export async function currentSchema(queryRunner: QueryRunner): Promise<string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return schema;
}

/** `case_search_probe` over `idx_case_texts_grams`; SearchNumberKeys replaces it, its down restores it. */
export async function createCaseSearchProbe(queryRunner: QueryRunner): Promise<void> {
  const schema = await currentSchema(queryRunner);
  // The pairs worth asking the index for: a pair in most cases (the cz, z-, 20 of every case number) costs the
  // index a long read and narrows nothing, so up to five of the text's rarest pairs under a half share of the cases
  // (at least the rarest one), by the index's own statistics — read as the index's owner (SECURITY DEFINER): the
  // app's role may not read an index's statistics. The ILIKEs beside the index check the rest.
  await queryRunner.query(`
    CREATE FUNCTION case_search_probe(q text) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
      SELECT array_agg(g ORDER BY share, g) FROM (
        SELECT g, share, row_number() OVER (ORDER BY share, g) AS rank
          FROM (SELECT g, coalesce(max(s.freq), 0) AS share
                  FROM unnest("${schema}".case_search_query_grams(q)) AS g
                  LEFT JOIN (SELECT x.e, x.freq FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS x(e, freq)
                              WHERE schemaname = '${schema}' AND tablename = 'idx_case_texts_grams') AS s ON s.e = g
                 GROUP BY g) AS scored) AS ranked
       WHERE rank = 1 OR (rank <= 5 AND share < 0.5)
    $$`);
}

export class SearchOneIndex1764900001200 implements MigrationInterface {
  name = 'SearchOneIndex1764900001200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION case_search_query_grams(q text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT CASE WHEN char_length(l) < 2 THEN ARRAY[l]
                    ELSE ARRAY(SELECT DISTINCT substr(l, i, 2) FROM generate_series(1, char_length(l) - 1) AS i) END
        FROM (SELECT lower(q) AS l) AS lowered
      $$`);
    await createCaseSearchProbe(queryRunner);
    await queryRunner.query(`DROP INDEX "idx_case_texts_trgm"`);
    // the planner's estimate of a pair's share of the cases: most common elements of the index's arrays, finely sampled
    await queryRunner.query(`ALTER INDEX "idx_case_texts_grams" ALTER COLUMN 1 SET STATISTICS 1000`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "idx_case_texts_grams" ALTER COLUMN 1 SET STATISTICS -1`);
    await queryRunner.query(`CREATE INDEX "idx_case_texts_trgm" ON "case_texts" USING gin ("text" gin_trgm_ops)`);
    await queryRunner.query(`DROP FUNCTION case_search_probe(text)`);
    await queryRunner.query(`DROP FUNCTION case_search_query_grams(text)`);
  }
}
