import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The relay is now woken by a NOTIFY sent after commit (outbox-notifier.service.ts), not by a trigger inside it. */
export class OutboxNotifyAfterCommit1764400000000 implements MigrationInterface {
  name = 'OutboxNotifyAfterCommit1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS trg_outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gridops_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER trg_outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }
}
