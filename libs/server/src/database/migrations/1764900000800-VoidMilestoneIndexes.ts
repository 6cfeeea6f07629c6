import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A void case (作废) has no closing instant, so today's live KPIs found its dispatch or accept of today only while it
 * was open: a case reported yesterday, dispatched today and voided today dropped out of today's 派遣 and MTTA until
 * the rollup took the day (the KPI property test found it). Two small partial indexes let the live read find them.
 */
export class VoidMilestoneIndexes1764900000800 implements MigrationInterface {
  name = 'VoidMilestoneIndexes1764900000800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_cases_void_dispatched_at" ON "cases" ("dispatched_at") WHERE state = 'VOID'`);
    await queryRunner.query(`CREATE INDEX "idx_cases_void_accepted_at" ON "cases" ("accepted_at") WHERE state = 'VOID'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_cases_void_accepted_at"`);
    await queryRunner.query(`DROP INDEX "public"."idx_cases_void_dispatched_at"`);
  }
}
