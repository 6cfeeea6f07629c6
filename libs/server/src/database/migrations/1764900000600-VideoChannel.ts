import { MigrationInterface, QueryRunner } from "typeorm";

export class VideoChannel1764900000600 implements MigrationInterface {
    name = 'VideoChannel1764900000600'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "cameras" ("id" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "district_code" character varying(20) NOT NULL, "grid_cell_code" character varying(30) NOT NULL, "address" character varying(200), "categories" character varying(10) array NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_seen_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_88b40b9817f9f422121f861e1e8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_cameras_district" ON "cameras"  ("district_code", "id") `);
        await queryRunner.query(`CREATE TABLE "video_detections" ("id" BIGSERIAL NOT NULL, "platform" character varying(40) NOT NULL, "event_id" character varying(128) NOT NULL, "camera_id" character varying(64) NOT NULL, "district_code" character varying(20) NOT NULL, "category_code" character varying(10) NOT NULL, "confidence" double precision NOT NULL, "threshold" double precision NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "message" character varying(200), "attachment_id" uuid NOT NULL, "status" character varying(12) NOT NULL, "case_id" uuid, "api_key_id" uuid, "decided_by" uuid, "decided_by_name" character varying(50), "decided_at" TIMESTAMP WITH TIME ZONE, "reason" character varying(200), CONSTRAINT "PK_96720177f23a11a24623431295d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_video_detections_camera" ON "video_detections"  ("camera_id", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_video_detections_status" ON "video_detections"  ("status", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_video_detections_event" ON "video_detections"  ("platform", "event_id") `);
        await queryRunner.query(`CREATE TABLE "video_thresholds" ("category_code" character varying(10) NOT NULL, "confirm_below" double precision NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d385a3c68b8afbbea9a763dd2e0" PRIMARY KEY ("category_code"))`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "camera_id" character varying(64)`);
        await queryRunner.query(`ALTER TABLE "attachments" ADD "retained" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`CREATE INDEX "idx_cases_camera" ON "cases"  ("camera_id", "category_code") WHERE camera_id IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "cameras" ADD CONSTRAINT "fk_cameras_district" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cameras" ADD CONSTRAINT "fk_cameras_grid_cell" FOREIGN KEY ("grid_cell_code") REFERENCES "grid_cells"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "video_detections" ADD CONSTRAINT "fk_video_detections_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "video_detections" ADD CONSTRAINT "fk_video_detections_attachment" FOREIGN KEY ("attachment_id") REFERENCES "attachments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "video_detections" ADD CONSTRAINT "fk_video_detections_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "video_thresholds" ADD CONSTRAINT "fk_video_thresholds_category" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "video_thresholds" DROP CONSTRAINT "fk_video_thresholds_category"`);
        await queryRunner.query(`ALTER TABLE "video_detections" DROP CONSTRAINT "fk_video_detections_case"`);
        await queryRunner.query(`ALTER TABLE "video_detections" DROP CONSTRAINT "fk_video_detections_attachment"`);
        await queryRunner.query(`ALTER TABLE "video_detections" DROP CONSTRAINT "fk_video_detections_camera"`);
        await queryRunner.query(`ALTER TABLE "cameras" DROP CONSTRAINT "fk_cameras_grid_cell"`);
        await queryRunner.query(`ALTER TABLE "cameras" DROP CONSTRAINT "fk_cameras_district"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_camera"`);
        await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "retained"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "camera_id"`);
        await queryRunner.query(`DROP TABLE "video_thresholds"`);
        await queryRunner.query(`DROP INDEX "public"."uq_video_detections_event"`);
        await queryRunner.query(`DROP INDEX "public"."idx_video_detections_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_video_detections_camera"`);
        await queryRunner.query(`DROP TABLE "video_detections"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cameras_district"`);
        await queryRunner.query(`DROP TABLE "cameras"`);
    }

}
