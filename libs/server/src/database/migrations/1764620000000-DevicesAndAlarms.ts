import { MigrationInterface, QueryRunner } from "typeorm";

/** 物联感知: the device registry (`devices`) and the alarm log (`alarms`), as TypeORM generates them from the entities. */
export class DevicesAndAlarms1764620000000 implements MigrationInterface {
    name = 'DevicesAndAlarms1764620000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "devices" ("id" character varying(64) NOT NULL, "type" character varying(20) NOT NULL, "name" character varying(100) NOT NULL, "category_code" character varying(10), "lat" double precision NOT NULL, "lng" double precision NOT NULL, "district_code" character varying(20) NOT NULL, "grid_cell_code" character varying(30) NOT NULL, "address" character varying(200), "active" boolean NOT NULL DEFAULT true, "last_seen_at" TIMESTAMP WITH TIME ZONE, "last_alarm_id" character varying(128), "last_alarm_event" character varying(10), "last_alarm_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1514758245c12daf43486dd1f0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_devices_district" ON "devices"  ("district_code", "id") `);
        await queryRunner.query(`CREATE TABLE "alarms" ("id" BIGSERIAL NOT NULL, "platform" character varying(40) NOT NULL, "alarm_id" character varying(128) NOT NULL, "device_id" character varying(64) NOT NULL, "device_type" character varying(20) NOT NULL, "event" character varying(10) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "value" double precision, "level" character varying(20), "message" character varying(500), "outcome" character varying(12) NOT NULL, "reason" character varying(30), "case_id" uuid, "api_key_id" uuid, "district_code" character varying(20), CONSTRAINT "PK_b776da486fb19d38b4f7777a6da" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_alarms_district" ON "alarms"  ("district_code", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_alarms_device" ON "alarms"  ("device_id", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_alarms_received" ON "alarms"  ("received_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_alarms_platform_alarm_event" ON "alarms"  ("platform", "alarm_id", "event") WHERE outcome <> 'refused'`);
        await queryRunner.query(`ALTER TABLE "devices" ADD CONSTRAINT "fk_devices_category" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "devices" ADD CONSTRAINT "fk_devices_district" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "devices" ADD CONSTRAINT "fk_devices_grid_cell" FOREIGN KEY ("grid_cell_code") REFERENCES "grid_cells"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "devices" DROP CONSTRAINT "fk_devices_grid_cell"`);
        await queryRunner.query(`ALTER TABLE "devices" DROP CONSTRAINT "fk_devices_district"`);
        await queryRunner.query(`ALTER TABLE "devices" DROP CONSTRAINT "fk_devices_category"`);
        await queryRunner.query(`DROP INDEX "public"."uq_alarms_platform_alarm_event"`);
        await queryRunner.query(`DROP INDEX "public"."idx_alarms_received"`);
        await queryRunner.query(`DROP INDEX "public"."idx_alarms_device"`);
        await queryRunner.query(`DROP INDEX "public"."idx_alarms_district"`);
        await queryRunner.query(`DROP TABLE "alarms"`);
        await queryRunner.query(`DROP INDEX "public"."idx_devices_district"`);
        await queryRunner.query(`DROP TABLE "devices"`);
    }

}
