import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text the software writes for people is stored as codes with values, worded by the reader's screen in the reader's
 * language: timeline notes of the system (`case_events.system_note`) and notification titles (`notifications.params`
 * with the kind). Earlier timeline events keep the bilingual text they were written with — the timeline is an
 * append-only audit log —; notifications, which are not, are converted.
 */
export class CodedTexts1764710000000 implements MigrationInterface {
  name = 'CodedTexts1764710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_events" ADD "system_note" jsonb`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "params" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`UPDATE notifications n SET params = jsonb_build_object('number', c.number) FROM cases c WHERE c.id = n.case_id`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "title"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "title" character varying(200) NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE notifications SET title = kind || ' ' || coalesce(params->>'number', '')`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "title" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "params"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "system_note"`);
  }
}
