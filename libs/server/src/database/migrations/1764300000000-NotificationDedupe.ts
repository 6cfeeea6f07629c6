import { MigrationInterface, QueryRunner } from "typeorm";

export class NotificationDedupe1764300000000 implements MigrationInterface {
    name = 'NotificationDedupe1764300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // existing rows each get a key of their own, then the column becomes required
        await queryRunner.query(`ALTER TABLE "notifications" ADD "dedupe_key" character varying(120)`);
        await queryRunner.query(`UPDATE "notifications" SET "dedupe_key" = 'legacy-' || "id"`);
        await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "dedupe_key" SET NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications"  ("user_id", "dedupe_key") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_notifications_dedupe"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "dedupe_key"`);
    }

}
