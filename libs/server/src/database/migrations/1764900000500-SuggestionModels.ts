import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `suggestion_models`: the category (类别) and 片区 suggestion models trained from closed cases (docs/suggestions.md),
 * one row per version, with the held-out figures beside each. Written only by the worker's retrain job, read by the
 * api (latest version). `data_checksum` is the SHA-256 of the training rows: the same history never makes two
 * versions; `data_until` is the last closing time it read (the next retrain counts closings after it). No entity maps it (raw SQL in libs/server/src/suggest), like the KPI rollups.
 */
export class SuggestionModels1764900000500 implements MigrationInterface {
  name = 'SuggestionModels1764900000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE suggestion_models (
        version integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trained_at timestamptz NOT NULL DEFAULT now(),
        n_train integer NOT NULL,
        n_test integer NOT NULL,
        top1 double precision NOT NULL,
        top3 double precision NOT NULL,
        district_top1 double precision,
        district_top3 double precision,
        data_until timestamptz NOT NULL,
        data_checksum char(64) NOT NULL CONSTRAINT uq_suggestion_models_checksum UNIQUE,
        model jsonb NOT NULL
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE suggestion_models`);
  }
}
