import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createVersionTriggers } from './1764900000200-CaseVersions';

/**
 * 回放 (replay, issues #12 and #17): case versions become append-only, and snapshots find the open set.
 *
 * The triggers of CaseVersions closed the current version (UPDATE valid_to) and inserted the next on every write of a
 * case row, upkeeping a GiST on the open spans and a unique partial index: they halved the pipeline's knee
 * (docs/benchmarks.md). Now the one writer of case rows (CaseWriter) inserts the next version in the statement that
 * changes the row — nothing else — and a case's row at T is its latest version begun at or before T. `valid_to`, its
 * check, the GiST and the unique index on the current version go, with the triggers and their functions.
 *
 * What the GiST answered (the open set at T) is now the latest snapshot at or before T plus the versions since:
 * `case_snapshots` holds, per slot time, the ids of the versions valid then for every open case (CaseSnapshots, a
 * scheduled job). Two are taken here, from the versions as they stand — at `replay_origin` (the earliest replayable
 * moment) and now — so replay stays complete from the origin and no read scans all versions. The b-trees stay: on
 * (valid_from, seq) for the versions after a snapshot and the last event before a moment, the partial one for the
 * cases closed in a period.
 */
export class CaseVersionSnapshots1764900001000 implements MigrationInterface {
  name = 'CaseVersionSnapshots1764900001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_case_versions_update ON cases`);
    await queryRunner.query(`DROP TRIGGER trg_case_versions_insert ON cases`);
    await queryRunner.query(`DROP FUNCTION case_versions_changed()`);
    await queryRunner.query(`DROP FUNCTION case_versions_added()`);
    await queryRunner.query(`DROP INDEX "idx_case_versions_open_span"`);
    await queryRunner.query(`DROP INDEX "uq_case_versions_current"`);
    await queryRunner.query(`ALTER TABLE "case_versions" DROP CONSTRAINT "chk_case_versions_span", DROP COLUMN "valid_to"`);
    // one row a slot: 8 bytes an open case, where a row per (slot, version) would cost ~60 with its index
    await queryRunner.query(`CREATE TABLE "case_snapshots" ("taken_at" timestamptz PRIMARY KEY, "version_ids" bigint[] NOT NULL)`);
    // each case's latest version begun at or before the moment, kept when open (the read rule of cases-at.ts)
    const snapshot = (at: string) => `
      INSERT INTO case_snapshots (taken_at, version_ids)
      SELECT ${at}, coalesce(array_agg(v.id ORDER BY v.id), '{}') FROM (
        SELECT DISTINCT ON (v.case_id) v.id, v.state FROM case_versions v WHERE v.valid_from <= ${at}
         ORDER BY v.case_id, v.valid_from DESC, v.id DESC) v
       WHERE v.state NOT IN ('CLOSED', 'VOID')
      ON CONFLICT (taken_at) DO NOTHING`;
    await queryRunner.query(snapshot(`(SELECT complete_from FROM replay_origin WHERE id = 1)`));
    await queryRunner.query(snapshot(`now()`));
  }

  /** Back to the triggers: each version's span ends where its case's next begins. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_snapshots"`);
    await queryRunner.query(`ALTER TABLE "case_versions" ADD "valid_to" timestamptz`);
    await queryRunner.query(`
      UPDATE case_versions v SET valid_to = n.valid_to
        FROM (SELECT id, lead(valid_from) OVER (PARTITION BY case_id ORDER BY valid_from, id) AS valid_to FROM case_versions) n
       WHERE n.id = v.id AND n.valid_to IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "case_versions" ADD CONSTRAINT "chk_case_versions_span" CHECK (valid_to IS NULL OR valid_to >= valid_from)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_case_versions_current" ON "case_versions" ("case_id") WHERE valid_to IS NULL`);
    await queryRunner.query(
      `CREATE INDEX "idx_case_versions_open_span" ON "case_versions" USING gist (tstzrange(valid_from, valid_to)) WHERE state NOT IN ('CLOSED', 'VOID')`,
    );
    await createVersionTriggers(queryRunner);
  }
}
