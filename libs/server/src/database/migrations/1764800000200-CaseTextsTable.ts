import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The triggers that copied a case's text on insert and on a change; CaseTextsAfterReport drops them, its down restores them. */
export async function createCaseTextsTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
      CREATE FUNCTION case_texts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_texts (case_id, text) VALUES (NEW.id, case_search_text(NEW.number, NEW.description, NEW.address))
        ON CONFLICT (case_id) DO UPDATE SET text = EXCLUDED.text;
        RETURN NULL;
      END $$`);
  await queryRunner.query(`CREATE TRIGGER trg_case_texts_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION case_texts_sync()`);
  await queryRunner.query(`
      CREATE TRIGGER trg_case_texts_update AFTER UPDATE OF number, description, address ON cases FOR EACH ROW
      WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.description IS DISTINCT FROM NEW.description OR OLD.address IS DISTINCT FROM NEW.address)
      EXECUTE FUNCTION case_texts_sync()`);
}

/**
 * The text search's indexes move off `cases` into `case_texts`, one row per case with its searchable text
 * (`case_search_text`: number, description, address). On `cases` every step of a case wrote a new row version
 * (its state columns are indexed, so no update is HOT) and with it new entries in both GIN indexes — the trigram
 * extraction and `case_search_grams` ran on every transition, and the pipeline's knee fell by a fifth
 * (docs/benchmarks.md). The text itself is written when the case is reported and almost never after, so here a
 * trigger copies it on insert and only when one of the three fields really changes.
 */
export class CaseTextsTable1764800000200 implements MigrationInterface {
  name = 'CaseTextsTable1764800000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_texts" ("case_id" uuid PRIMARY KEY, "text" text NOT NULL)`);
    await queryRunner.query(`INSERT INTO case_texts (case_id, text) SELECT id, case_search_text(number, description, address) FROM cases`);
    await createCaseTextsTriggers(queryRunner);
    await queryRunner.query(`DROP INDEX "idx_cases_search_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_cases_search_grams"`);
    await queryRunner.query(`CREATE INDEX "idx_case_texts_trgm" ON "case_texts" USING gin ("text" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_case_texts_grams" ON "case_texts" USING gin (case_search_grams("text"))`);
    // a finer sample of the text, so the planner tells a word in 1 % of cases from one in 0.1 %
    await queryRunner.query(`ALTER TABLE "case_texts" ALTER COLUMN "text" SET STATISTICS 1000`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_cases_search_trgm" ON "cases" USING gin (case_search_text(number, description, address) gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_cases_search_grams" ON "cases" USING gin (case_search_grams(case_search_text(number, description, address)))`);
    await queryRunner.query(`DROP TRIGGER trg_case_texts_update ON cases`);
    await queryRunner.query(`DROP TRIGGER trg_case_texts_insert ON cases`);
    await queryRunner.query(`DROP FUNCTION case_texts_sync()`);
    await queryRunner.query(`DROP TABLE "case_texts"`);
  }
}
