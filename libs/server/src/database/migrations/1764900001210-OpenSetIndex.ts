import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open set (在办: every case not closed or void) as one covering partial index, so the board's live state, its
 * action lists' totals and the open-case map read the index alone (an index-only scan) instead of a heap row per
 * open case. At 10 M cases the open set's 51,000 rows lay on ~35,000 heap pages of a 6 GB table — more than
 * Postgres's default shared_buffers holds — and every board read them all several times (docs/benchmarks.md, #14).
 * Keyed in the open map's order (earliest running deadline first, then report time and id), so the map's capped
 * page is a range of it; the rest are what those reads filter, group and show. The supervised (督办) open cases, a
 * few, have their own in the same order: their list and its total are read from it alone (the planner, guessing at
 * a boolean, otherwise walked every open case's heap row for a list that was empty).
 */
export class OpenSetIndex1764900001210 implements MigrationInterface {
  name = 'OpenSetIndex1764900001210';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_cases_open_set" ON "cases" ("clock_due_at", "reported_at", "id")
         INCLUDE ("district_code", "grid_cell_code", "state", "supervised", "clock_yellow_at", "assignee_unit_code", "assignee_user_id",
                  "category_code", "priority", "number", "lng", "lat")
         WHERE state NOT IN ('CLOSED', 'VOID')`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_cases_open_supervised" ON "cases" ("clock_due_at", "reported_at", "id") WHERE supervised AND state NOT IN ('CLOSED', 'VOID')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_cases_open_supervised"`);
    await queryRunner.query(`DROP INDEX "public"."idx_cases_open_set"`);
  }
}
