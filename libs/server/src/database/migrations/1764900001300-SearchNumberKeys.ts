import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createCaseSearchGrams } from './1764800000140-CaseTextSearch';
import { createCaseSearchProbe, currentSchema } from './1764900001200-SearchOneIndex';

/**
 * The text search's index keeps the case number's keys apart from the description's and the address's (issue #14).
 * `idx_case_texts_grams` held the character pairs of the whole joined text; a number's pairs are digits (100 of them
 * in all), so every pair of a number-shaped text (`CZ-20260315`, `0315`) was in a large share of the cases, and the
 * search intersected long lists and checked thousands of candidates (at 1 M cases the slowest texts: a day's numbers
 * 39 ms p50 on a quiet machine, 130 on a loaded one; docs/benchmarks.md).
 * `case_search_keys` of `case_texts.text` (number, description, address joined by line feeds: `case_search_text`):
 *
 * - every character of the text (a 1-character search, whichever field holds it);
 * - the pairs of description and address (the text after the number's line feed);
 * - the number's pairs, tagged with chr(1) so a description's `20` is not a number's (a 2-character search);
 * - the number's three-character pieces (a longer search: `315` is in 0.4 % of the cases where `31` and `15` were
 *   each in 8–9 %). Three characters never equal a pair or a tagged pair, so they need no tag.
 *
 * A text in the number holds all its pieces (or its tagged pair) there; a text in the description or the address all
 * its pairs there — the index finds a superset of the matches by either arm, and the ILIKEs beside it say which
 * contain the text (case-filters.ts, textSearchIndexSql). `case_search_number_grams` is what the number's arm asks;
 * `case_search_probe` now gives the rarer keys of each arm. A case number has no line feed, so the text's first line
 * is the number. The keys come from a plpgsql loop over the number: as cheap as case_search_grams' regular
 * expressions, where a generate_series per kind cost twice as much (the outbox relay computes them for each report).
 */
export class SearchNumberKeys1764900001300 implements MigrationInterface {
  name = 'SearchNumberKeys1764900001300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`
      CREATE FUNCTION case_search_keys(t text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
      DECLARE
        l text := lower(t);
        n text := split_part(l, chr(10), 1);
        f text := substr(l, char_length(n) + 2);
        k text[] := regexp_split_to_array(l, '')
            || ARRAY(SELECT m[1] FROM regexp_matches(f, '(..)', 'g') AS m)
            || ARRAY(SELECT m[1] FROM regexp_matches(substr(f, 2), '(..)', 'g') AS m);
      BEGIN
        FOR i IN 1 .. char_length(n) - 1 LOOP
          k := k || (chr(1) || substr(n, i, 2));
          IF i < char_length(n) - 1 THEN k := k || substr(n, i, 3); END IF;
        END LOOP;
        RETURN k;
      END $$`);
    // the number's keys a text asks for: its three-character pieces, its tagged pair, none for 1 character (its
    // character is asked by case_search_query_grams, and every character of the number is a key)
    await queryRunner.query(`
      CREATE FUNCTION case_search_number_grams(q text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT CASE WHEN char_length(l) < 2 THEN NULL
                    WHEN char_length(l) = 2 THEN ARRAY[chr(1) || l]
                    ELSE ARRAY(SELECT DISTINCT substr(l, i, 3) FROM generate_series(1, char_length(l) - 2) AS i) END
        FROM (SELECT lower(q) AS l) AS lowered
      $$`);
    await queryRunner.query(`DROP FUNCTION case_search_probe(text)`);
    await queryRunner.query(`DROP INDEX "idx_case_texts_grams"`);
    await queryRunner.query(`DROP FUNCTION case_search_grams(text)`);
    await queryRunner.query(`CREATE INDEX "idx_case_texts_keys" ON "case_texts" USING gin (case_search_keys("text"))`);
    await queryRunner.query(`ALTER INDEX "idx_case_texts_keys" ALTER COLUMN 1 SET STATISTICS 1000`);
    // what the list asks the index for, and whether it walks first (CaseQueryService.list): each arm's rarest keys by
    // the index's statistics — up to five under a half share of the cases, at least the rarest one (a key in most
    // cases costs the index a long read and narrows nothing) — and how many cases can hold the text at most (each
    // arm's rarest key's share, a key the statistics do not list taken at the least they list; null without
    // statistics). The statistics are read once (0.5 ms), as the index's owner (SECURITY DEFINER): the app's role may
    // not read an index's statistics.
    await queryRunner.query(`
      CREATE FUNCTION case_search_probe(q text, OUT fields text[], OUT number text[], OUT cases_at_most real)
      LANGUAGE sql STABLE PARALLEL SAFE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
        WITH stats AS MATERIALIZED (
               SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats
                WHERE schemaname = '${schema}' AND tablename = 'idx_case_texts_keys'),
             listed AS (SELECT x.e, x.freq FROM stats, unnest(stats.elems, stats.freqs) AS x(e, freq)),
             asked AS (SELECT 'fields' AS arm, g FROM unnest("${schema}".case_search_query_grams(q)) AS g
                       UNION SELECT 'number', g FROM unnest("${schema}".case_search_number_grams(q)) AS g),
             scored AS (SELECT a.arm, a.g, coalesce(l.freq, 0) AS share, coalesce(l.freq, (SELECT freqs[cardinality(elems) + 1] FROM stats)) AS bound,
                               row_number() OVER (PARTITION BY a.arm ORDER BY coalesce(l.freq, 0), a.g) AS rank
                          FROM asked AS a LEFT JOIN listed AS l ON l.e = a.g),
             chosen AS (SELECT * FROM scored WHERE rank = 1 OR (rank <= 5 AND share < 0.5))
        SELECT (SELECT array_agg(g ORDER BY rank) FROM chosen WHERE arm = 'fields'),
               (SELECT array_agg(g ORDER BY rank) FROM chosen WHERE arm = 'number'),
               (SELECT sum(least_bound) FROM (SELECT min(bound) AS least_bound FROM scored GROUP BY arm) AS arms)
                 * (SELECT nullif(greatest(reltuples, -1), -1) FROM pg_class WHERE oid = '"${schema}".case_texts'::regclass)
      $$`);
    // the probe reads the new index's statistics: there are none until case_texts is analysed
    await queryRunner.query(`ANALYZE case_texts`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION case_search_probe(text)`);
    await queryRunner.query(`DROP INDEX "idx_case_texts_keys"`);
    await queryRunner.query(`DROP FUNCTION case_search_number_grams(text)`);
    await queryRunner.query(`DROP FUNCTION case_search_keys(text)`);
    // as migrations CaseTextSearch, CaseTextsTable and SearchOneIndex left them
    await createCaseSearchGrams(queryRunner);
    await queryRunner.query(`CREATE INDEX "idx_case_texts_grams" ON "case_texts" USING gin (case_search_grams("text"))`);
    await queryRunner.query(`ALTER INDEX "idx_case_texts_grams" ALTER COLUMN 1 SET STATISTICS 1000`);
    await createCaseSearchProbe(queryRunner);
  }
}
