import { DataSource } from 'typeorm';
import { jobIdOf, type CaseView } from '@gridops/contracts';
import { effectsOf, type OutboxPayload } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { act, createCase, getCase, must, sampleInteriorPoint, userId } from './support/fixtures';
import { uploadPhoto } from './support/uploads';

/** The closed loop (工作闭环) over HTTP, by the people who do each step, with the timeline as the record. */
describe('closed loop over HTTP', () => {
  let t: TestApp;
  let operator: string, lead: string, worker: string, worker2: string, unit: string;

  beforeAll(async () => {
    t = await startTestApp();
    [operator, lead, worker, worker2, unit] = await Promise.all(
      ['operator', 'lead', 'worker.xincheng', 'worker2.xincheng', 'unit.shirong'].map((u) => t.login(u)),
    );
  });
  afterAll(() => t.close());

  const types = (v: CaseView) => v.timeline.map((e) => e.type);
  const xincheng = () => sampleInteriorPoint('xincheng-01');
  /** a 新城 report registered and filed by the desk, dispatched to worker.xincheng */
  const dispatchedToWorker = async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    const wid = await userId(t, 'worker.xincheng');
    const d = await must(t, operator, c.id, 'dispatch', { assignee: { userId: wid } });
    return { c, d, wid };
  };

  it('carries a report through verify, file, dispatch, handle, a failed check, rework, a passed check and close', async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    expect(c).toMatchObject({ state: 'REPORTED', districtCode: 'xincheng', gridCellCode: 'xincheng-01', version: 1 });
    expect(c.number).toMatch(/^CZ-\d{8}-\d{4}$/);

    await must(t, operator, c.id, 'send-verify');
    await must(t, worker, c.id, 'confirm', { note: '现场核实属实' });
    await must(t, lead, c.id, 'file', { priority: 'P2' });
    const unitId = await userId(t, 'unit.shirong');
    const dispatched = await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'shirong' } });
    expect(dispatched.case.handlingDueAt).not.toBeNull();
    expect(dispatched.case.milestones.dispatchedAt).not.toBeNull();
    await must(t, unit, c.id, 'accept');
    await must(t, unit, c.id, 'handle', { note: '已清运', attachmentIds: [await uploadPhoto(t, unit)] });
    await must(t, operator, c.id, 'send-check');
    const failed = await must(t, worker, c.id, 'check-fail', { note: '仍有残留' });
    expect(failed.case).toMatchObject({ state: 'REWORK', reworkCount: 1 });
    await must(t, unit, c.id, 'handle', { note: '二次清运', attachmentIds: [await uploadPhoto(t, unit)] });
    await must(t, operator, c.id, 'send-check');
    await must(t, worker2, c.id, 'check-pass');
    const closed = await must(t, lead, c.id, 'close');

    expect(closed.case).toMatchObject({ state: 'CLOSED', reworkCount: 1, returnCount: 0, extensionCount: 0 });
    expect(types(closed)).toEqual([
      'report', 'send-verify', 'confirm', 'file', 'dispatch', 'accept', 'handle', 'send-check', 'check-fail',
      'handle', 'send-check', 'check-pass', 'close',
    ]);
    const seqs = closed.timeline.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(closed.timeline[1]).toMatchObject({ fromState: 'REPORTED', toState: 'PENDING_VERIFY', actor: { role: 'operator' } });
    expect(closed.timeline.find((e) => e.type === 'handle')?.actor.id).toBe(unitId);
    expect(closed.allowedActions).toEqual(expect.arrayContaining(['callback', 'comment']));
    expect(closed.allowedActions).not.toContain('close');
  });

  it('returns a case: the unit asks, the lead approves, it waits for dispatch again and the return is counted', async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'chengguan' } });
    const chengguan = await t.login('unit.chengguan');
    const refused = await act(t, chengguan, c.id, 'request-return', { note: '不属于我单位' });
    expect(refused.status).toBe(400); // a return needs a reason code
    await must(t, chengguan, c.id, 'request-return', { reasonCode: 'not_our_responsibility', note: '不属于我单位' });
    const approved = await must(t, lead, c.id, 'approve-return', { note: '改派' });
    expect(approved.case).toMatchObject({ state: 'PENDING_DISPATCH', returnCount: 1, assigneeUnitCode: null, handlingDueAt: null });
    // the unit no longer holds it, so it no longer sees it
    expect((await t.request('GET', `/api/v1/cases/${c.id}`, { token: chengguan })).status).toBe(404);
  });

  it("plans the assignee's notice from the dispatch's committed outbox row, and a stale dispatch commits nothing to plan from", async () => {
    const { c, d, wid } = await dispatchedToWorker();
    const ds = t.app.get(DataSource);
    const outboxOf = async () =>
      (await ds.query(`SELECT case_id, event_seq, payload FROM outbox WHERE case_id = $1 AND payload->>'type' = 'dispatch'`, [c.id])) as { case_id: string; event_seq: string; payload: OutboxPayload }[];
    const rows = await outboxOf();
    expect(rows).toHaveLength(1);
    // the one table says what the relay will do with it: the deadline's three timers by fixed ids, and the notice
    const planned = effectsOf({ ...rows[0].payload, caseId: rows[0].case_id, seq: rows[0].event_seq });
    const v = d.case.deadlineVersion;
    expect(planned.jobs.map(jobIdOf)).toEqual([`sla-${c.id}-yellow-${v}`, `sla-${c.id}-red-${v}`, `sla-${c.id}-escalate-${v}`]);
    expect(planned.notices).toEqual([{ kind: 'case.dispatched', caseId: c.id, about: d.case.version }]);

    // a stale dispatch writes nothing: no event, so no notice either
    const again = await act(t, operator, c.id, 'dispatch', { assignee: { userId: wid }, version: d.case.version - 1 });
    expect(again.status).toBe(409);
    expect(await outboxOf()).toHaveLength(1);
  });

  it('extends a deadline once with the lead, a second time only with leadership', async () => {
    const { c, d } = await dispatchedToWorker();
    await must(t, worker, c.id, 'accept');
    const due = new Date(d.case.handlingDueAt as string);
    const later = new Date(due.getTime() + 2 * 24 * 3600_000).toISOString();
    await must(t, worker, c.id, 'request-extension', { dueAt: later, note: '需协调物业' });
    const ext = await must(t, lead, c.id, 'approve-extension');
    expect(ext.case).toMatchObject({ state: 'IN_PROGRESS', extensionCount: 1, handlingDueAt: later });
    expect(ext.case.deadlineVersion).toBeGreaterThan(d.case.deadlineVersion);

    const evenLater = new Date(due.getTime() + 5 * 24 * 3600_000).toISOString();
    await must(t, worker, c.id, 'request-extension', { dueAt: evenLater, note: '仍需协调' });
    expect((await act(t, lead, c.id, 'approve-extension')).status).toBe(403);
    const supervisor = await t.login('supervisor');
    const second = await must(t, supervisor, c.id, 'approve-extension');
    expect(second.case.extensionCount).toBe(2);
  });

  it('suspends and resumes: no clock while suspended, a deadline again after', async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    const wid = await userId(t, 'worker.xincheng');
    await must(t, operator, c.id, 'dispatch', { assignee: { userId: wid } });
    await must(t, worker, c.id, 'accept');
    await must(t, worker, c.id, 'request-suspend', { note: '等待施工队' });
    const suspended = await must(t, lead, c.id, 'approve-suspend');
    expect(suspended.case).toMatchObject({ state: 'SUSPENDED', light: null, clockDueAt: null });
    const resumed = await must(t, worker, c.id, 'resume');
    expect(resumed.case.state).toBe('IN_PROGRESS');
    expect(resumed.case.clockDueAt).not.toBeNull();
    expect(resumed.case.light).toBe('green');
    expect(types(resumed).slice(-3)).toEqual(['request-suspend', 'approve-suspend', 'resume']);
  });

  it('self-disposes on patrol, is checked by another worker and closed', async () => {
    const c = await createCase(t, worker, { source: 'patrol', location: xincheng(), reporter: undefined });
    await must(t, worker, c.id, 'self-dispose', { note: '已当场清理', attachmentIds: [await uploadPhoto(t, worker, 'before'), await uploadPhoto(t, worker)] });
    await must(t, operator, c.id, 'send-check');
    expect((await act(t, worker, c.id, 'check-pass')).status).toBe(403); // the fixer may not check the fix
    await must(t, worker2, c.id, 'check-pass');
    const closed = await must(t, lead, c.id, 'close');
    expect(closed.case.state).toBe('CLOSED');
    expect(closed.case.milestones.filedAt).not.toBeNull();
  });

  it('voids with a reason code and refuses one without', async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    expect((await act(t, operator, c.id, 'void', {})).status).toBe(400);
    const v = await must(t, operator, c.id, 'void', { reasonCode: 'invalid', note: '恶意举报' });
    expect(v.case).toMatchObject({ state: 'VOID', voidReason: 'invalid' });
    expect((await act(t, operator, c.id, 'register')).status).toBe(422);
  });

  it('merges a duplicate into the case that carries on, and notes it on both timelines', async () => {
    const keep = await createCase(t, operator, { location: xincheng() });
    const dup = await createCase(t, operator, { location: xincheng(), source: 'citizen_app' });
    const merged = await must(t, operator, dup.id, 'merge', { targetCaseId: keep.id, note: '同一问题' });
    expect(merged.case).toMatchObject({ state: 'VOID', voidReason: 'duplicate', duplicateOf: keep.id });
    const kept = await getCase(t, operator, keep.id);
    expect(kept.timeline.at(-1)).toMatchObject({ type: 'comment', payload: { mergedFrom: dup.id } });
    expect((await act(t, operator, keep.id, 'merge', { targetCaseId: dup.id })).status).toBe(422); // not into a void case
  });

  it('answers a stale version with 409 and lets exactly one of two concurrent actions win', async () => {
    const c = await createCase(t, operator, { location: xincheng() });
    const stale = await act(t, operator, c.id, 'register', {}, 0);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'CONFLICT' } });

    const results = await Promise.all([
      act(t, operator, c.id, 'register', {}, c.version),
      act(t, lead, c.id, 'send-verify', {}, c.version),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await getCase(t, operator, c.id);
    expect(after.case.version).toBe(c.version + 1);
    expect(after.timeline).toHaveLength(2);
  });
});
