import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Today's live KPIs read the open cases dispatched or accepted today or whose deadline passed today (kpi-sql.ts,
 * `touchedSince`). Found through an open-set index without these columns, every open case's row was read — long
 * 挂账 and deadlines ahead included (4,140 heap pages at 1 M cases, for 311 rows of the day). One small partial index
 * on the open set's three instants: each is a range scan of it (the deadline) or a scan of its entries alone (the
 * dispatch and the acceptance), and only the day's rows are visited.
 */
export class OpenMilestonesIndex1764900001101 implements MigrationInterface {
  name = 'OpenMilestonesIndex1764900001101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_cases_open_milestones" ON "cases" ("handling_due_at", "dispatched_at", "accepted_at") WHERE state NOT IN ('CLOSED', 'VOID')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_cases_open_milestones"`);
  }
}
