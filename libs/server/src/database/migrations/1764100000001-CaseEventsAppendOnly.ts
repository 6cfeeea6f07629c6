import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The timeline is the audit log: refuse UPDATE and DELETE on case_events at the database itself. */
export class CaseEventsAppendOnly1764100000001 implements MigrationInterface {
  name = 'CaseEventsAppendOnly1764100000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_case_events_append_only ON case_events`);
    await queryRunner.query(`DROP FUNCTION case_events_append_only()`);
  }
}
