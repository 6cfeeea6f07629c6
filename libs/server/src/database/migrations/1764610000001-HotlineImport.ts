import { MigrationInterface, QueryRunner } from "typeorm";

/** 12345 hotline import: saved column mappings, work orders taken in (idempotent on 工单号), import history. */
export class HotlineImport1764610000001 implements MigrationInterface {
    name = 'HotlineImport1764610000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "hotline_import_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(50) NOT NULL, "columns" jsonb NOT NULL, "categories" jsonb NOT NULL DEFAULT '{}', "coordinate_system" character varying(10) NOT NULL, "address_hints" jsonb NOT NULL DEFAULT '[]', "is_default" boolean NOT NULL DEFAULT false, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_84e5c7ec36239c94a7ce0c01912" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_hotline_import_mappings_default" ON "hotline_import_mappings"  ("is_default") WHERE is_default`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_hotline_import_mappings_name" ON "hotline_import_mappings"  ("name") `);
        await queryRunner.query(`CREATE TABLE "hotline_orders" ("external_ref" character varying(64) NOT NULL, "case_id" uuid NOT NULL, "row_hash" character varying(64) NOT NULL, "located_by" character varying(12) NOT NULL, "first_import_id" uuid, "last_import_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_39256062d4edda6f5d21ac75cda" PRIMARY KEY ("external_ref"))`);
        await queryRunner.query(`CREATE INDEX "idx_hotline_orders_case" ON "hotline_orders"  ("case_id") `);
        await queryRunner.query(`CREATE TABLE "hotline_imports" ("id" uuid NOT NULL, "file_name" character varying(200), "file_type" character varying(4) NOT NULL, "file_size" integer NOT NULL, "file_sha256" character varying(64) NOT NULL, "mapping_id" uuid, "mapping_name" character varying(50) NOT NULL, "imported_by" uuid NOT NULL, "importer_name" character varying(50) NOT NULL, "total" integer NOT NULL, "created" integer NOT NULL, "merged" integer NOT NULL, "unchanged" integer NOT NULL, "refused" integer NOT NULL, "rows" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f1696882e5874a10de340362cb4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_hotline_imports_started" ON "hotline_imports"  ("started_at", "id") `);
        await queryRunner.query(`ALTER TABLE "hotline_orders" ADD CONSTRAINT "fk_hotline_orders_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "hotline_orders" DROP CONSTRAINT "fk_hotline_orders_case"`);
        await queryRunner.query(`DROP INDEX "public"."idx_hotline_imports_started"`);
        await queryRunner.query(`DROP TABLE "hotline_imports"`);
        await queryRunner.query(`DROP INDEX "public"."idx_hotline_orders_case"`);
        await queryRunner.query(`DROP TABLE "hotline_orders"`);
        await queryRunner.query(`DROP INDEX "public"."uq_hotline_import_mappings_name"`);
        await queryRunner.query(`DROP INDEX "public"."uq_hotline_import_mappings_default"`);
        await queryRunner.query(`DROP TABLE "hotline_import_mappings"`);
    }

}
