import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only trigger (CaseEventsAppendOnly) fires per row, so TRUNCATE passed it. A statement trigger refuses
 * TRUNCATE too — even for the owner role; the app role has no TRUNCATE right at all (roles.ts).
 */
export class CaseEventsNoTruncate1764700000000 implements MigrationInterface {
  name = 'CaseEventsNoTruncate1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TRIGGER trg_case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_case_events_no_truncate ON case_events`);
  }
}
