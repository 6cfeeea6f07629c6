import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A window reads a range of `kpi_rollup`'s periods: the rebuild writes the rows in the key's order, and room left on
 * each page (fillfactor 80) lets the drain's updates of a row stay on its page (HOT: no key column changes), so a
 * month of day rows stays on a few hundred pages, not one page a row.
 */
export class KpiRollupLayout1764900001102 implements MigrationInterface {
  name = 'KpiRollupLayout1764900001102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE kpi_rollup SET (fillfactor = 80)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE kpi_rollup RESET (fillfactor)`);
  }
}
