import { DataSource } from 'typeorm';
import type { CaseView, SpecialCaseResult } from '@gridops/contracts';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, getCase, sampleInteriorPoint } from './support/fixtures';

/**
 * A 专项 case goes through the pipeline like any report, but sits among the repeats it links on purpose: the
 * pipeline's intake does not flag it as their possible duplicate — while a plain report at the same place is flagged.
 */
describe('a 专项 case in the pipeline', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, worker: string;
  const at = sampleInteriorPoint('meichuan-02', 3);

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [operator, lead, worker] = await Promise.all(['operator', 'lead', 'worker.meichuan'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  /** the pipeline has taken the case's report: its intake job has run */
  const intakeDone = (id: string) =>
    waitFor(
      async () => {
        const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE case_id = $1 AND published_at IS NULL`, [id])) as { n: number }[];
        if (n > 0) return null;
        const res = await t.request<{ waiting: number; active: number }[]>('GET', '/api/v1/queues', { token: operator });
        return res.body.every((q) => q.waiting === 0 && q.active === 0) ? getCase(t, operator, id) : null;
      },
      { what: `the pipeline to take case ${id}` },
    );
  const flagged = (v: CaseView) => v.case.suggestedDuplicateOf !== null || v.timeline.some((e) => JSON.stringify(e).includes('possibleDuplicate'));

  it('does not flag the 专项 case as a duplicate of its repeats; a plain report there is flagged', async () => {
    const repeats = [];
    for (const north of [0, 10, 20]) repeats.push(await createCase(t, operator, { categoryCode: 'E0102', location: { lat: at.lat + north / 110_540, lng: at.lng } }));
    const res = await t.request<SpecialCaseResult>('POST', `/api/v1/hotspots/${repeats[0].id}/special`, { token: lead, body: {} });
    expect(res.status).toBe(201);
    const special = await intakeDone(res.body.specialCase.id);
    expect(special.case.source).toBe('patrol');
    expect(flagged(special)).toBe(false);

    const plain = await createCase(t, worker, { source: 'patrol', categoryCode: 'E0102', location: at, reporter: undefined });
    expect(flagged(await intakeDone(plain.id))).toBe(true);
  });
});
