import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wake the outbox relay when rows are written: one NOTIFY per statement (not per row), delivered at commit, so a
 * burst of reports wakes the relay once. The relay also polls slowly, in case a notification is missed.
 */
export class OutboxNotify1764200000001 implements MigrationInterface {
  name = 'OutboxNotify1764200000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gridops_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER trg_outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
  }
}
