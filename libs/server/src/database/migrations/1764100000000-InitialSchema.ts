import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1764100000000 implements MigrationInterface {
    name = 'InitialSchema1764100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(12) NOT NULL, "key_hash" character varying(64) NOT NULL, "scopes" character varying(30) array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_hash" ON "api_keys"  ("key_hash") `);
        await queryRunner.query(`CREATE TABLE "categories" ("code" character varying(10) NOT NULL, "standard_code" character varying(20) NOT NULL, "kind" character varying(10) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(80) NOT NULL, "priority" character varying(2) NOT NULL, "limit_amount" real NOT NULL, "limit_unit" character varying(20) NOT NULL, "response_limit_amount" real, "response_limit_unit" character varying(20), "self_disposable" boolean NOT NULL, "default_unit_code" character varying(40), "needs_unit" boolean NOT NULL, "after_photo_required" boolean NOT NULL, "auto_file_from_patrol" boolean NOT NULL, "auto_close" boolean NOT NULL, "active" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77d7eff8a7aaa05457a12b8007a" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "districts" ("code" character varying(20) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(50) NOT NULL, "geometry" jsonb NOT NULL, CONSTRAINT "PK_8e9d73424149b43b38244f75528" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "grid_cells" ("code" character varying(30) NOT NULL, "district_code" character varying(20) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(50) NOT NULL, "geometry" jsonb NOT NULL, CONSTRAINT "PK_f627fb28f59cc3f587c76850311" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "idx_grid_cells_district" ON "grid_cells"  ("district_code") `);
        await queryRunner.query(`CREATE TABLE "cases" ("id" uuid NOT NULL, "number" character varying(20) NOT NULL, "source" character varying(20) NOT NULL, "category_code" character varying(10) NOT NULL, "description" character varying(2000) NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "address" character varying(200), "district_code" character varying(20) NOT NULL, "grid_cell_code" character varying(30) NOT NULL, "priority" character varying(2) NOT NULL, "state" character varying(24) NOT NULL, "urgent" boolean NOT NULL DEFAULT false, "supervised" boolean NOT NULL DEFAULT false, "escalated_to_district" boolean NOT NULL DEFAULT false, "assignee_user_id" uuid, "assignee_unit_code" character varying(40), "fixer_user_id" uuid, "checker_user_id" uuid, "requested_from_state" character varying(24), "requested_due_at" TIMESTAMP WITH TIME ZONE, "rework_count" integer NOT NULL DEFAULT '0', "extension_count" integer NOT NULL DEFAULT '0', "return_count" integer NOT NULL DEFAULT '0', "deadline_version" integer NOT NULL DEFAULT '0', "handling_started_at" TIMESTAMP WITH TIME ZONE, "handling_due_at" TIMESTAMP WITH TIME ZONE, "handling_limit_unit" character varying(20), "suspended_remaining_minutes" double precision, "step_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "step_due_at" TIMESTAMP WITH TIME ZONE, "clock_yellow_at" TIMESTAMP WITH TIME ZONE, "clock_due_at" TIMESTAMP WITH TIME ZONE, "void_reason" character varying(30), "return_reason" character varying(30), "duplicate_of" uuid, "callback_satisfied" boolean, "reporter_name" character varying(50), "reporter_phone" character varying(30), "occurred_at" TIMESTAMP WITH TIME ZONE, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE, "dispatched_at" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "handled_at" TIMESTAMP WITH TIME ZONE, "checked_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "reported_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_cases_clock_due" ON "cases"  ("clock_due_at") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_assignee_unit" ON "cases"  ("assignee_unit_code") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_assignee_user" ON "cases"  ("assignee_user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_state" ON "cases"  ("state") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_district_state" ON "cases"  ("district_code", "state") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_reported" ON "cases"  ("reported_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cases_number" ON "cases"  ("number") `);
        await queryRunner.query(`CREATE TABLE "case_events" ("seq" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "type" character varying(24) NOT NULL, "actor_id" uuid, "actor_role" character varying(20) NOT NULL, "actor_name" character varying(50) NOT NULL, "from_state" character varying(24), "to_state" character varying(24) NOT NULL, "note" character varying(2000), "payload" jsonb NOT NULL DEFAULT '{}', "attachments" jsonb NOT NULL DEFAULT '[]', "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1a2401e201a6bd06a2156e3164a" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_events_case" ON "case_events"  ("case_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "case_number_counters" ("day" date NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_d9282e75b219a5ed2e8e4173f73" PRIMARY KEY ("day"))`);
        await queryRunner.query(`CREATE TABLE "calendar_days" ("date" date NOT NULL, "kind" character varying(10) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(80) NOT NULL, CONSTRAINT "PK_1c04d56e8833eb6827f104f17e0" PRIMARY KEY ("date"))`);
        await queryRunner.query(`CREATE TABLE "calendar_settings" ("id" smallint NOT NULL DEFAULT '1', "workday_start" character varying(5) NOT NULL, "workday_end" character varying(5) NOT NULL, "weekend_days" smallint array NOT NULL, "utc_offset_minutes" smallint NOT NULL DEFAULT '480', CONSTRAINT "PK_5276e0ff0747427b978b6aea654" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "duty_roster" ("id" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "grid_cell_code" character varying(30) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_799edd3b86e5b1f514478f61e84" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_duty_roster_cell_time" ON "duty_roster"  ("grid_cell_code", "starts_at", "ends_at") `);
        await queryRunner.query(`CREATE TABLE "units" ("code" character varying(40) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(80) NOT NULL, "phone" character varying(30), CONSTRAINT "PK_47635c1ab22d02fc3ebae3608b8" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(50) NOT NULL, "display_name" character varying(50) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "district_code" character varying(20), "unit_code" character varying(40), "phone" character varying(30), "active" boolean NOT NULL DEFAULT true, "token_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("principal" character varying(60) NOT NULL, "key" character varying(128) NOT NULL, "request_hash" character varying(64) NOT NULL, "case_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_574edfb9ce98100b66a0a2e0f34" PRIMARY KEY ("principal", "key"))`);
        await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "topic" character varying(40) NOT NULL, "case_id" uuid, "event_seq" bigint, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_outbox_unpublished" ON "outbox"  ("id") WHERE published_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_category" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_district" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "fk_cases_grid_cell" FOREIGN KEY ("grid_cell_code") REFERENCES "grid_cells"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_events" ADD CONSTRAINT "fk_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "fk_case_events_case"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_grid_cell"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_district"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_category"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "units"`);
        await queryRunner.query(`DROP INDEX "public"."idx_duty_roster_cell_time"`);
        await queryRunner.query(`DROP TABLE "duty_roster"`);
        await queryRunner.query(`DROP TABLE "calendar_settings"`);
        await queryRunner.query(`DROP TABLE "calendar_days"`);
        await queryRunner.query(`DROP TABLE "case_number_counters"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_events_case"`);
        await queryRunner.query(`DROP TABLE "case_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cases_number"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_reported"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_district_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_assignee_user"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_assignee_unit"`);
        await queryRunner.query(`DROP INDEX "public"."idx_cases_clock_due"`);
        await queryRunner.query(`DROP TABLE "cases"`);
        await queryRunner.query(`DROP INDEX "public"."idx_grid_cells_district"`);
        await queryRunner.query(`DROP TABLE "grid_cells"`);
        await queryRunner.query(`DROP TABLE "districts"`);
        await queryRunner.query(`DROP TABLE "categories"`);
        await queryRunner.query(`DROP INDEX "public"."uq_api_keys_hash"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
    }

}
