import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The KPI rollups per unit (处置单位): `kpi_unit_rollup`, `kpi_rollup`'s rows keyed by the unit holding the case
 * instead of its 片区 (stats/kpi-rollup-sql.ts, RollupPartition), so unit staff's board — their unit's cases — reads
 * rollup rows as the town's and a 片区's do, instead of counting a month of their unit's cases (885 ms p50 at 10 M
 * cases, docs/benchmarks.md, #14). Kept by the same deltas from the same facts. Filled by the rollup rebuild
 * (prepareDatabase runs it right after this migration).
 */
export class KpiUnitRollup1764900001211 implements MigrationInterface {
  name = 'KpiUnitRollup1764900001211';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE kpi_unit_rollup (LIKE kpi_rollup INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (fillfactor = 80)`);
    await queryRunner.query(`ALTER TABLE kpi_unit_rollup RENAME COLUMN district_code TO unit_code`);
    await queryRunner.query(`ALTER TABLE kpi_unit_rollup ALTER COLUMN unit_code TYPE varchar(40)`);
    await queryRunner.query(`ALTER TABLE kpi_unit_rollup ADD CONSTRAINT kpi_unit_rollup_pkey PRIMARY KEY (grain, period, dim, unit_code, key)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kpi_unit_rollup`);
  }
}
