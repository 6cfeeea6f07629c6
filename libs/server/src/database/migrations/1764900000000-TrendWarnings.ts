import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 趋势预警 trend warnings (issue #17): one open warning per 片区 × category × window (`uq_trend_warnings_open`). */
export class TrendWarnings1764900000000 implements MigrationInterface {
    name = 'TrendWarnings1764900000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "trend_warnings" ("id" BIGSERIAL NOT NULL, "district_code" character varying(20) NOT NULL, "category_code" character varying(10) NOT NULL, "time_window" character varying(8) NOT NULL, "observed" integer NOT NULL, "expected" double precision NOT NULL, "baseline_days" smallint NOT NULL, "day_kind" character varying(10) NOT NULL, "p_value" double precision NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cleared_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ba200b8d38c47fef782c10c287b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_trend_warnings_raised" ON "trend_warnings"  ("raised_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_trend_warnings_open" ON "trend_warnings"  ("district_code", "category_code", "time_window") WHERE cleared_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_trend_warnings_open"`);
        await queryRunner.query(`DROP INDEX "public"."idx_trend_warnings_raised"`);
        await queryRunner.query(`DROP TABLE "trend_warnings"`);
    }

}
