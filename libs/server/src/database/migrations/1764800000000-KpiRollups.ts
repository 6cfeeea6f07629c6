import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI day rollups (libs/server/src/stats/kpi-rollup-sql.ts): `kpi_rollup` (one row per grain × period × dim × key ×
 * 片区, a column per measure of kpi-sql.ts), `kpi_case_facts` (what the rollup last counted of each case, so a change
 * is applied as a delta) and `kpi_dirty` (cases changed since, filled by the outbox relay, drained by the worker; a case may be in it
 * more than once — no unique key, so the relay's insert never waits on a drain).
 * Filled by `npm run kpi -- rebuild` (prepareDatabase runs it right after this migration).
 */
const COUNTS = [
  'new', 'filed', 'closed', 'handled', 'reworked', 'due', 'due_closed', 'due_on_time', 'due_extended', 'gr_base', 'gr_solved', 'became_overdue',
  'dispatched', 'voided', 'self_closed', 'filed_closed', 'overdue_open', 'open_now', 'suspended_now', 'escalated', 'reworks', 'accept_n', 'handle_n', 'close_n',
];
const MINUTES = ['accept_min', 'handle_min', 'close_min'];

export class KpiRollups1764800000000 implements MigrationInterface {
  name = 'KpiRollups1764800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const measures = [...COUNTS.map((c) => `"${c}" bigint NOT NULL DEFAULT 0`), ...MINUTES.map((c) => `"${c}" float8 NOT NULL DEFAULT 0`)].join(', ');
    await queryRunner.query(`
      CREATE TABLE kpi_rollup (
        grain char(1) NOT NULL CHECK (grain IN ('d', 'm')),
        period date NOT NULL,
        dim varchar(10) NOT NULL,
        key varchar(80) NOT NULL,
        district_code varchar(20) NOT NULL,
        ${measures},
        -- period before dim: a window is one contiguous range of the key per grain
        PRIMARY KEY (grain, period, dim, district_code, key)
      )`);
    await queryRunner.query(`
      CREATE TABLE kpi_case_facts (
        id uuid PRIMARY KEY,
        state varchar(24) NOT NULL,
        district_code varchar(20) NOT NULL,
        grid_cell_code varchar(30) NOT NULL,
        category_code varchar(10) NOT NULL,
        source varchar(20) NOT NULL,
        assignee_unit_code varchar(40),
        assignee_user_id uuid,
        fixer_user_id uuid,
        reported_at timestamptz NOT NULL,
        filed_at timestamptz,
        dispatched_at timestamptz,
        accepted_at timestamptz,
        handled_at timestamptz,
        closed_at timestamptz,
        handling_due_at timestamptz,
        rework_count integer NOT NULL,
        extension_count integer NOT NULL,
        escalated_to_district boolean NOT NULL
      )`);
    await queryRunner.query(`CREATE TABLE kpi_dirty (id bigserial PRIMARY KEY, case_id uuid NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kpi_dirty`);
    await queryRunner.query(`DROP TABLE kpi_case_facts`);
    await queryRunner.query(`DROP TABLE kpi_rollup`);
  }
}
