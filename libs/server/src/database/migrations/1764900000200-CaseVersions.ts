import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of `cases` a case version keeps: what the board, the open map and the KPI measures read. */
export const VERSION_COLUMNS = [
  'number',
  'source',
  'category_code',
  'lat',
  'lng',
  'district_code',
  'grid_cell_code',
  'priority',
  'state',
  'urgent',
  'supervised',
  'escalated_to_district',
  'assignee_user_id',
  'assignee_unit_code',
  'fixer_user_id',
  'requested_due_at',
  'rework_count',
  'extension_count',
  'handling_due_at',
  'step_started_at',
  'clock_yellow_at',
  'clock_due_at',
  'return_reason',
  'reported_at',
  'filed_at',
  'dispatched_at',
  'accepted_at',
  'handled_at',
  'closed_at',
] as const;

/**
 * 回放 (replay, issue #17): `case_versions` keeps every version a case row has had, each valid from the moment the
 * change was made (the row's `updated_at`, the instant its timeline events carry) until the next change. The board
 * at a past moment T reads the versions valid at T where it reads `cases` live (stats/cases-at.ts).
 *
 * Triggers on `cases` write them — the one writer of case rows (CaseWriter) stays as it is, and so does every other
 * path that writes a case row: a new row starts a version, an update that bumps the row's `version` closes the
 * current one and starts the next (in the same statement: the case row is locked, so versions of a case never
 * overlap). They are statement-level triggers on the transition tables, so a bulk load is one set-based write.
 * `seq` is the timeline event the change wrote (the case's last one stamped with the row's `updated_at`; null for a
 * write without an event). A GiST index on the validity span of the open versions
 * finds the open set at any T; b-trees on `valid_from` find what changed in a window (one for the last event before T, a
 * partial one for the cases closed or voided in a period).
 *
 * History before this migration is not known row by row: each existing case gets one version from its last change
 * on, and `replay_origin` records the moment replay is complete from (earlier moments answer 400).
 */
export class CaseVersions1764900000200 implements MigrationInterface {
  name = 'CaseVersions1764900000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "case_versions" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "case_id" uuid NOT NULL,
        "seq" bigint,
        "valid_from" timestamptz NOT NULL,
        "valid_to" timestamptz,
        ${VERSION_COLUMNS.map((c) => `"${c}" ${COLUMN_TYPES[c]}`).join(',\n        ')},
        CONSTRAINT "chk_case_versions_span" CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_case_versions_current" ON "case_versions" ("case_id") WHERE valid_to IS NULL`);
    await queryRunner.query(
      `CREATE INDEX "idx_case_versions_open_span" ON "case_versions" USING gist (tstzrange(valid_from, valid_to)) WHERE state NOT IN ('CLOSED', 'VOID')`,
    );
    await queryRunner.query(`CREATE INDEX "idx_case_versions_from" ON "case_versions" ("valid_from", "seq")`);
    // the versions a case closed or was voided with, by when: a period's closed cases without the open versions before
    await queryRunner.query(`CREATE INDEX "idx_case_versions_closed_from" ON "case_versions" ("valid_from") WHERE state IN ('CLOSED', 'VOID')`);
    await queryRunner.query(`CREATE TABLE "replay_origin" ("id" smallint PRIMARY KEY CHECK (id = 1), "complete_from" timestamptz NOT NULL)`);
    await queryRunner.query(`INSERT INTO replay_origin (id, complete_from) VALUES (1, now())`);

    await createVersionTriggers(queryRunner);
    const cols = VERSION_COLUMNS.map((c) => `"${c}"`).join(', ');
    await queryRunner.query(`
      INSERT INTO case_versions (case_id, seq, valid_from, ${cols})
      SELECT c.id, (SELECT max(e.seq) FROM case_events e WHERE e.case_id = c.id), c.updated_at, ${VERSION_COLUMNS.map((x) => `c."${x}"`).join(', ')}
        FROM cases c`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_case_versions_update ON cases`);
    await queryRunner.query(`DROP TRIGGER trg_case_versions_insert ON cases`);
    await queryRunner.query(`DROP FUNCTION case_versions_changed()`);
    await queryRunner.query(`DROP FUNCTION case_versions_added()`);
    await queryRunner.query(`DROP TABLE "replay_origin"`);
    await queryRunner.query(`DROP TABLE "case_versions"`);
  }
}

/**
 * The statement-level triggers that write case_versions (this migration's design; CaseVersionSnapshots drops them and
 * its `down` brings them back through here).
 */
export async function createVersionTriggers(queryRunner: QueryRunner): Promise<void> {
  const cols = VERSION_COLUMNS.map((c) => `"${c}"`).join(', ');
  const of = (alias: string) => VERSION_COLUMNS.map((c) => `${alias}."${c}"`).join(', ');
  // the event a change wrote: the case's last one stamped with the row's updated_at (none for a write without one)
  const seqOf = (alias: string) => `(SELECT max(e.seq) FROM case_events e WHERE e.case_id = ${alias}.id AND e.at = ${alias}.updated_at)`;
  // statement-level, on the transition tables: one set-based write per statement, so a bulk load costs what a
  // single report does per row and no more
  await queryRunner.query(`
    CREATE FUNCTION case_versions_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO case_versions (case_id, seq, valid_from, ${cols})
      SELECT n.id, ${seqOf('n')}, n.updated_at, ${of('n')} FROM added n;
      RETURN NULL;
    END $$`);
  await queryRunner.query(`
    CREATE FUNCTION case_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- a change is a new row version (the optimistic version moved); the span of the current one ends where the
      -- next begins, and a clock behind the previous writer's never makes a span run backwards
      WITH changed AS (
        SELECT n.* FROM after_rows n JOIN before_rows o ON o.id = n.id WHERE o.version IS DISTINCT FROM n.version
      ), closed AS (
        UPDATE case_versions v SET valid_to = greatest(c.updated_at, v.valid_from)
          FROM changed c WHERE v.case_id = c.id AND v.valid_to IS NULL
        RETURNING v.case_id, v.valid_from
      )
      INSERT INTO case_versions (case_id, seq, valid_from, ${cols})
      SELECT c.id, ${seqOf('c')}, greatest(c.updated_at, p.valid_from), ${of('c')}
        FROM changed c LEFT JOIN closed p ON p.case_id = c.id;
      RETURN NULL;
    END $$`);
  await queryRunner.query(
    `CREATE TRIGGER trg_case_versions_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION case_versions_added()`,
  );
  await queryRunner.query(
    `CREATE TRIGGER trg_case_versions_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION case_versions_changed()`,
  );
}

export const COLUMN_TYPES: Record<(typeof VERSION_COLUMNS)[number], string> = {
  number: 'varchar(20) NOT NULL',
  source: 'varchar(20) NOT NULL',
  category_code: 'varchar(10) NOT NULL',
  lat: 'double precision NOT NULL',
  lng: 'double precision NOT NULL',
  district_code: 'varchar(20) NOT NULL',
  grid_cell_code: 'varchar(30) NOT NULL',
  priority: 'varchar(2) NOT NULL',
  state: 'varchar(24) NOT NULL',
  urgent: 'boolean NOT NULL',
  supervised: 'boolean NOT NULL',
  escalated_to_district: 'boolean NOT NULL',
  assignee_user_id: 'uuid',
  assignee_unit_code: 'varchar(40)',
  fixer_user_id: 'uuid',
  requested_due_at: 'timestamptz',
  rework_count: 'integer NOT NULL',
  extension_count: 'integer NOT NULL',
  handling_due_at: 'timestamptz',
  step_started_at: 'timestamptz NOT NULL',
  clock_yellow_at: 'timestamptz',
  clock_due_at: 'timestamptz',
  return_reason: 'varchar(30)',
  reported_at: 'timestamptz NOT NULL',
  filed_at: 'timestamptz',
  dispatched_at: 'timestamptz',
  accepted_at: 'timestamptz',
  handled_at: 'timestamptz',
  closed_at: 'timestamptz',
};
