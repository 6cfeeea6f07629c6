import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approved returns (回退) in the KPI rollups (issue #14): `kpi_rollup.returned` (per day/month × dim × key × 片区, as
 * every measure), and `kpi_return_facts` — what the rollup last counted of each approved return (the approval's
 * instant, who asked for it and their unit), so a case's change (its cell, category …) moves its returns as a delta.
 * Filled by `npm run kpi -- rebuild` (prepareDatabase runs it right after this migration).
 */
export class KpiReturns1764900001100 implements MigrationInterface {
  name = 'KpiReturns1764900001100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE kpi_rollup ADD COLUMN returned bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE TABLE kpi_return_facts (
        case_id uuid NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        person uuid,
        unit varchar(40),
        PRIMARY KEY (case_id, seq)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kpi_return_facts`);
    await queryRunner.query(`ALTER TABLE kpi_rollup DROP COLUMN returned`);
  }
}
