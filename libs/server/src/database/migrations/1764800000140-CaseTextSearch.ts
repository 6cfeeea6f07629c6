import { MigrationInterface, QueryRunner } from "typeorm";

/** `case_search_grams`: a text's characters and character pairs; SearchNumberKeys drops it, its down restores it. */
export async function createCaseSearchGrams(queryRunner: QueryRunner): Promise<void> {
    // every character, then the pairs at odd and at even offsets: regular expressions do the walking (in C), a
    // loop over the characters in plpgsql cost twice as much on a 300-character description
    await queryRunner.query(`CREATE FUNCTION case_search_grams(t text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
        AS $$
        DECLARE
          l text := lower(t);
        BEGIN
          RETURN regexp_split_to_array(l, '')
              || ARRAY(SELECT m[1] FROM regexp_matches(l, '(..)', 'g') AS m)
              || ARRAY(SELECT m[1] FROM regexp_matches(substr(l, 2), '(..)', 'g') AS m);
        END $$`);
}

/**
 * The desk's text search (`q=`: number, description or address contains the text, case-insensitively — ILIKE) at a
 * million cases (docs/benchmarks.md "Text search"). Two GIN indexes over one expression, `case_search_text` (the
 * three fields joined by line feeds), read by the list's condition (libs/server cases/case-filters.ts):
 *
 * - `idx_cases_search_trgm`: pg_trgm trigrams, for a text of 3 characters or more (Chinese needs no segmenter:
 *   trigrams are taken over the characters): the list's condition becomes one ILIKE on the joined text, which holds
 *   exactly where one of the three does when the text has no line feed;
 * - `idx_cases_search_grams`: every single character and every pair of the lower-cased text, for a text of 1 or 2
 *   characters (垃圾), which has no trigram pg_trgm could look up.
 *
 * pg_trgm is created by the migrate step when it runs as a superuser (prepareDatabase), else by hand
 * (docs/operations.md); `IF NOT EXISTS` then finds it without needing the right to create it.
 */
export class CaseTextSearch1764800000140 implements MigrationInterface {
    name = 'CaseTextSearch1764800000140'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE FUNCTION case_search_text(number text, description text, address text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT number || chr(10) || description || chr(10) || coalesce(address, '') $$`);
        await createCaseSearchGrams(queryRunner);
        await queryRunner.query(`CREATE INDEX "idx_cases_search_trgm" ON "cases" USING gin (case_search_text(number, description, address) gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "idx_cases_search_grams" ON "cases" USING gin (case_search_grams(case_search_text(number, description, address)))`);
        // a finer sample of the joined text, so the planner tells a word in 1 % of cases from one in 0.1 % (walk the
        // report-time index, or gather the index's matches)
        await queryRunner.query(`ALTER INDEX "idx_cases_search_trgm" ALTER COLUMN 1 SET STATISTICS 1000`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_cases_search_grams"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_search_trgm"`);
        await queryRunner.query(`DROP FUNCTION case_search_grams(text)`);
        await queryRunner.query(`DROP FUNCTION case_search_text(text, text, text)`);
    }

}
