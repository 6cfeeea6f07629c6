import { MigrationInterface, QueryRunner } from "typeorm";

/** The day's shift lead (值班长), the calendar revision every process checks, and the milestone indexes the KPIs read. */
export class BoardStatsAndAdmin1764630000000 implements MigrationInterface {
    name = 'BoardStatsAndAdmin1764630000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "duty_shift_leads" ("duty_date" date NOT NULL, "user_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc7ffd312d2f07617db5e9de9a6" PRIMARY KEY ("duty_date"))`);
        await queryRunner.query(`ALTER TABLE "calendar_settings" ADD "revision" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "idx_cases_filed_at" ON "cases"  ("filed_at") WHERE filed_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_cases_handled_at" ON "cases"  ("handled_at") WHERE handled_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_cases_closed_at" ON "cases"  ("closed_at") WHERE closed_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_case_events_approve_return_at" ON "case_events"  ("at") WHERE type = 'approve-return'`);
        await queryRunner.query(`ALTER TABLE "duty_shift_leads" ADD CONSTRAINT "fk_duty_shift_leads_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "duty_shift_leads" DROP CONSTRAINT "fk_duty_shift_leads_user"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_events_approve_return_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_closed_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_handled_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_filed_at"`);
        await queryRunner.query(`ALTER TABLE "calendar_settings" DROP COLUMN "revision"`);
        await queryRunner.query(`DROP TABLE "duty_shift_leads"`);
    }

}
