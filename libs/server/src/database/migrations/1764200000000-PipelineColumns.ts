import { MigrationInterface, QueryRunner } from "typeorm";

export class PipelineColumns1764200000000 implements MigrationInterface {
    name = 'PipelineColumns1764200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "case_id" uuid, "title" character varying(200) NOT NULL, "body" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_user" ON "notifications"  ("user_id", "id") `);
        await queryRunner.query(`ALTER TABLE "cases" ADD "suggested_duplicate_of" uuid`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "dispatch_hold" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "device_id" character varying(64)`);
        await queryRunner.query(`CREATE INDEX "idx_cases_category_reported" ON "cases"  ("category_code", "reported_at") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_device" ON "cases"  ("device_id") WHERE device_id IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_cases_device"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_category_reported"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "device_id"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "dispatch_hold"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "suggested_duplicate_of"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_user"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
