import { MigrationInterface, QueryRunner } from "typeorm";

export class OpenCaseIndexes1764500000000 implements MigrationInterface {
    name = 'OpenCaseIndexes1764500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_cases_open_assignee_user" ON "cases"  ("assignee_user_id") WHERE state NOT IN ('CLOSED', 'VOID')`);
        await queryRunner.query(`CREATE INDEX "idx_cases_open_category_reported" ON "cases"  ("category_code", "reported_at") WHERE state NOT IN ('CLOSED', 'VOID')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_cases_open_category_reported"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_open_assignee_user"`);
    }

}
