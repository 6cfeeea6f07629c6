import { DataSource } from 'typeorm';
import { SYSTEM } from '@gridops/domain';
import { CaseEntity, CaseTransitionService } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must } from './support/fixtures';

/**
 * 回放 (replay): the one writer of case rows (CaseWriter) writes each changed case's next version in the statement
 * that changes the row — exactly one per changed case per statement, with the seq of the last event it wrote for that
 * case and valid from the row's updated_at — and nothing when the write loses its version check. No trigger does it.
 */
describe('case versions: one per changed case per statement, from the writer', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    operator = await t.login('operator');
  });
  afterAll(() => t.close());

  interface VersionRow {
    seq: string | null;
    valid_from: Date;
    state: string;
  }
  const versions = async (caseId: string): Promise<VersionRow[]> =>
    (await ds.query(`SELECT seq, valid_from, state FROM case_versions WHERE case_id = $1 ORDER BY id`, [caseId])) as VersionRow[];
  const lastSeq = async (caseId: string): Promise<string> =>
    ((await ds.query(`SELECT max(seq)::text AS seq FROM case_events WHERE case_id = $1`, [caseId])) as { seq: string }[])[0].seq;
  const row = async (caseId: string) => ((await ds.query(`SELECT state, updated_at FROM cases WHERE id = $1`, [caseId])) as { state: string; updated_at: Date }[])[0];

  it('no trigger on cases writes versions', async () => {
    const triggers = (await ds.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'cases'::regclass AND tgname LIKE '%version%'`)) as unknown[];
    expect(triggers).toEqual([]);
  });

  it('a report, a chain of steps in one statement, a merge, a lost race: one version per changed case per statement', async () => {
    const c = await createCase(t, operator, { source: 'hotline_12345' });
    const first = await versions(c.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ seq: await lastSeq(c.id), state: 'REPORTED', valid_from: (await row(c.id)).updated_at });

    // register + file: two events, one UPDATE, one version carrying the second event's seq
    const loaded = await ds.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
    const steps = await t.app.get(CaseTransitionService).applySteps(
      loaded,
      [
        { action: 'register', input: { systemNote: { code: 'intake.registered' } } },
        { action: 'file', input: { systemNote: { code: 'intake.filed' } } },
      ],
      { actor: SYSTEM, name: '系统' },
    );
    expect(steps.applied).toEqual(['register', 'file']);
    const events = (await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [c.id])) as { n: number }[];
    expect(events[0].n).toBe(3);
    const second = await versions(c.id);
    expect(second).toHaveLength(2);
    expect(second[1]).toMatchObject({ seq: await lastSeq(c.id), state: (await row(c.id)).state, valid_from: (await row(c.id)).updated_at });

    // a merge writes the merged case's version and a note on the kept one, whose row (and versions) do not change
    const dup = await createCase(t, operator, { source: 'citizen_app' });
    await must(t, operator, dup.id, 'merge', { targetCaseId: c.id, note: '同一问题' });
    const dupVersions = await versions(dup.id);
    expect(dupVersions.map((v) => v.state)).toEqual(['REPORTED', 'VOID']);
    const dupEvents = (await ds.query(`SELECT seq::text FROM case_events WHERE case_id = $1 ORDER BY seq`, [dup.id])) as { seq: string }[];
    expect(dupVersions[1].seq).toBe(dupEvents.at(-1)?.seq);
    expect(await versions(c.id)).toHaveLength(2);

    // a write that lost its version check (planned from the row as read before the chain) changes nothing, and
    // writes no version
    const lost = await t.app.get(CaseTransitionService).applySteps(loaded, [{ action: 'register', input: {} }], { actor: SYSTEM, name: '系统' });
    expect(lost.applied).toEqual([]);
    expect(lost.refused).toMatchObject({ code: 'STALE_VERSION' });
    expect(await versions(c.id)).toHaveLength(2);
  });
});
