import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The duplicate search looks for an open case of the same category within 50 m: by latitude band, not by report
 * time — a day of one category is thousands of rows to filter, a 100 m band a handful (docs/benchmarks.md).
 */
export class DuplicateSearchByPlace1764640000000 implements MigrationInterface {
    name = 'DuplicateSearchByPlace1764640000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_cases_open_category_reported"`);
        await queryRunner.query(`CREATE INDEX "idx_cases_open_category_lat" ON "cases"  ("category_code", "lat") WHERE state NOT IN ('CLOSED', 'VOID')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_cases_open_category_lat"`);
        await queryRunner.query(`CREATE INDEX "idx_cases_open_category_reported" ON "cases"  ("category_code", "reported_at") WHERE state NOT IN ('CLOSED', 'VOID')`);
    }

}
