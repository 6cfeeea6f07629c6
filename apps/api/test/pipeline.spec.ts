import { DataSource } from 'typeorm';
import type { CaseView } from '@gridops/contracts';
import { CaseQueryService, CaseTransitionService, IntakeService } from '@gridops/server';
import { SYSTEM } from '@gridops/domain';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, getCase, must, sampleInteriorPoint, userId } from './support/fixtures';
import { uploadPhoto } from './support/uploads';

/**
 * The queue pipeline in this process (relay + processors on the real Postgres and Redis): cases move by themselves
 * where the rules allow, and wait for people where they don't. Tests wait for effects, never for a guessed time.
 */
describe('the pipeline moves cases by itself', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, worker: string, worker2: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [operator, lead, worker, worker2] = await Promise.all(['operator', 'lead', 'worker.xincheng', 'worker2.xincheng'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  const types = (v: CaseView) => v.timeline.map((e) => `${e.type}:${e.actor.role}`);
  const caseIn = (id: string, states: string[]) =>
    waitFor(
      async () => {
        const v = await getCase(t, operator, id);
        return states.includes(v.case.state) ? v : null;
      },
      { what: `case ${id} in ${states.join('|')}` },
    );
  /** every outbox row relayed and every job finished: the pipeline has nothing left to do */
  const settled = () =>
    waitFor(
      async () => {
        const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
        if (n > 0) return false;
        const res = await t.request<{ waiting: number; active: number }[]>('GET', '/api/v1/queues', { token: operator });
        return res.body.every((q) => q.waiting === 0 && q.active === 0);
      },
      { what: 'the pipeline to settle' },
    );

  /** the `case.dispatched` notification of a case, as its reader sees it, once it is there */
  const toldOfDispatch = (token: string, caseId: string) =>
    waitFor(
      async () => {
        const res = await t.request<{ kind: string; caseId: string }[]>('GET', '/api/v1/notifications', { token });
        return res.body.find((n) => n.caseId === caseId && n.kind === 'case.dispatched');
      },
      { what: `the dispatch notification of ${caseId}` },
    );

  it('files a patrol report and dispatches it to an on-duty grid worker of its cell', async () => {
    const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-02') });
    const v = await caseIn(c.id, ['DISPATCHED']);
    expect(types(v)).toEqual(['report:grid_worker', 'register:system', 'file:system', 'dispatch:system']);
    // register, file and dispatch are written together, yet each is its own step: seqs in order, one version each,
    // and one outbox row per event carrying the version that event produced
    const seqs = v.timeline.map((e) => Number(e.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(v.case.version).toBe(4);
    const outbox = (await ds.query(`SELECT event_seq, payload FROM outbox WHERE case_id = $1 ORDER BY id`, [c.id])) as { event_seq: string; payload: { type: string; caseVersion: number } }[];
    expect(outbox.map((o) => [Number(o.event_seq), o.payload.type, o.payload.caseVersion])).toEqual([
      [seqs[0], 'report', 1],
      [seqs[1], 'register', 2],
      [seqs[2], 'file', 3],
      [seqs[3], 'dispatch', 4],
    ]);
    const onDuty = [await userId(t, 'worker.xincheng'), await userId(t, 'worker2.xincheng')];
    expect(onDuty).toContain(v.case.assigneeUserId);
    expect(v.case.handlingDueAt).not.toBeNull();
    // the assignee is told
    const me = v.case.assigneeUserId === onDuty[0] ? worker : worker2;
    expect(await toldOfDispatch(me, c.id)).toBeTruthy();
  });

  it("applies an admin's new category limit to the worker's very next dispatch", async () => {
    const admin = await t.login('admin');
    const categories = (await t.request<{ code: string; handlingLimit: { amount: number; unit: string } }[]>('GET', '/api/v1/categories', { token: admin })).body;
    const before = categories.find((c) => c.code === 'E0102')?.handlingLimit;
    if (!before) throw new Error('category E0102 is missing');
    const handlingMs = (v: CaseView) => new Date(String(v.case.handlingDueAt)).getTime() - new Date(String(v.case.milestones.dispatchedAt)).getTime();
    // a dispatch with the current limit first, so the worker holds the category table when the edit lands
    const first = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-01', 7) });
    await caseIn(first.id, ['DISPATCHED']);
    const patched = await t.request('PATCH', '/api/v1/categories/E0102', { token: admin, body: { handlingLimit: { amount: 3, unit: 'natural_hours' } } });
    expect(patched.status).toBe(200);
    try {
      const second = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-01', 8) });
      expect(handlingMs(await caseIn(second.id, ['DISPATCHED']))).toBe(3 * 3_600_000);
    } finally {
      await t.request('PATCH', '/api/v1/categories/E0102', { token: admin, body: { handlingLimit: before } });
    }
  });

  it('balances dispatch by open load between the workers on duty', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-03', i) })).id);
      await caseIn(ids[i], ['DISPATCHED']);
    }
    const assignees = await Promise.all(ids.map(async (id) => (await getCase(t, operator, id)).case.assigneeUserId));
    expect(new Set(assignees).size).toBe(2);
  });

  it('sends a category that needs a unit to that unit', async () => {
    // 违法搭建 E0101 is not auto-filed from patrol: the lead files it, the pipeline dispatches it to 城管
    const c = await createCase(t, operator, { categoryCode: 'E0101', location: sampleInteriorPoint('jinsha-01') });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    const v = await caseIn(c.id, ['DISPATCHED']);
    expect(v.case.assigneeUnitCode).toBe('chengguan');
    // a unit holds the case: its staff are told
    const unit = await t.login('unit.chengguan');
    expect(await toldOfDispatch(unit, c.id)).toBeTruthy();
  });

  it('leaves citizen and 12345 reports for an operator', async () => {
    const c = await createCase(t, operator, { source: 'hotline_12345', location: sampleInteriorPoint('nujiang-01') });
    await settled();
    const v = await getCase(t, operator, c.id);
    expect(v.case.state).toBe('REPORTED');
    expect(types(v)).toEqual(['report:operator']);
  });

  it('takes a chain of system steps up to the first the rules refuse, keeps those, and writes nothing for a stale case', async () => {
    const c = await createCase(t, operator, { source: 'hotline_12345', location: sampleInteriorPoint('nujiang-02') });
    await settled();
    const transitions = t.app.get(CaseTransitionService);
    const system = { actor: SYSTEM, name: '系统 system' };
    const loaded = await t.app.get(CaseQueryService).findVisible(c.id, SYSTEM);
    const result = await transitions.applySteps(
      loaded,
      [
        { action: 'register', input: {} },
        { action: 'file', input: {} },
        // a case waiting for dispatch cannot be closed
        { action: 'close', input: {} },
      ],
      system,
    );
    expect(result.applied).toEqual(['register', 'file']);
    expect(result.refused?.code).toBe('INVALID_STATE');
    // the pipeline is running: the filed case may already have gone on to its own dispatch job, never to a close
    await settled();
    const v = await getCase(t, operator, c.id);
    expect(types(v).slice(0, 3)).toEqual(['report:operator', 'register:system', 'file:system']);
    expect(['', 'dispatch:system']).toContain(types(v).slice(3).join());
    expect(v.case.version).toBe(v.timeline.length);

    // the same chain on the case as it was read before: the version check refuses it, nothing is written
    expect(await transitions.applySteps(loaded, [{ action: 'register', input: {} }], system)).toMatchObject({ applied: [], refused: { code: 'STALE_VERSION' } });
    expect(types(await getCase(t, operator, c.id))).toEqual(types(v));
  });

  it('links a report within 50 m and 24 h of an open case of the same category as a suggested duplicate', async () => {
    const first = await createCase(t, operator, { source: 'citizen_app', categoryCode: 'E0506', location: { lat: 31.2426, lng: 121.3982 } });
    const near = await createCase(t, operator, { source: 'citizen_app', categoryCode: 'E0506', location: { lat: 31.2428, lng: 121.3983 } });
    const far = await createCase(t, operator, { source: 'citizen_app', categoryCode: 'E0506', location: { lat: 31.2446, lng: 121.3983 } });
    const other = await createCase(t, operator, { source: 'citizen_app', categoryCode: 'E0102', location: { lat: 31.2428, lng: 121.3983 } });
    await settled();
    const rows = (await ds.query(`SELECT id, suggested_duplicate_of FROM cases WHERE id = ANY($1::uuid[])`, [[first.id, near.id, far.id, other.id]])) as {
      id: string;
      suggested_duplicate_of: string | null;
    }[];
    const dupOf = Object.fromEntries(rows.map((r) => [r.id, r.suggested_duplicate_of]));
    expect(dupOf).toEqual({ [first.id]: null, [near.id]: first.id, [far.id]: null, [other.id]: null });
    const v = await getCase(t, operator, near.id);
    expect(v.timeline.at(-1)).toMatchObject({ type: 'comment', actor: { role: 'system' } });
    // the desk decides: merge the suggestion
    await must(t, operator, near.id, 'merge', { targetCaseId: first.id });
  });

  it('merges repeated IoT alarms of one device into its open case', async () => {
    // only the alarm channel binds a case to a device (POST /reports refuses a deviceId): report as the ingest does,
    // for a registered sensor at its own place — here as a racer that got past the ingest's own open-case check
    const admin = await t.login('admin');
    const location = sampleInteriorPoint('nujiang-04');
    const device = await t.request('POST', '/api/v1/devices', { token: admin, body: { id: 'smoke-nj-0042', type: 'smoke', name: '烟感 0042', location } });
    expect(device.status).toBe(201);
    const intake = t.app.get(IntakeService);
    const by = { actor: SYSTEM, name: '物联平台 test', principal: 'iot:test' };
    const alarm = { source: 'iot' as const, categoryCode: 'E0411', description: '烟感告警 / smoke alarm', location };
    const first = { id: (await intake.report(alarm, by, undefined, new Date(), { deviceId: 'smoke-nj-0042' })).caseId };
    await caseIn(first.id, ['DISPATCHED']);
    const repeat = { id: (await intake.report({ ...alarm, description: '烟感再次告警 / alarm again' }, by, undefined, new Date(), { deviceId: 'smoke-nj-0042' })).caseId };
    const merged = await caseIn(repeat.id, ['VOID']);
    expect(merged.case).toMatchObject({ voidReason: 'duplicate', duplicateOf: first.id });
    const kept = await getCase(t, operator, first.id);
    expect(kept.timeline.some((e) => e.type === 'comment' && e.payload.mergedFrom === repeat.id)).toBe(true);
  });

  it('flags a case no one is on duty for, and tells the desk', async () => {
    await ds.query(`UPDATE duty_roster SET ends_at = now() WHERE grid_cell_code = 'meichuan-02'`);
    const c = await createCase(t, operator, { location: sampleInteriorPoint('meichuan-02') });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    const held = await waitFor(
      async () => {
        const v = await getCase(t, operator, c.id);
        return v.timeline.some((e) => e.type === 'comment' && e.actor.role === 'system') ? v : null;
      },
      { what: 'the no-one-on-duty flag' },
    );
    expect(held.case.state).toBe('PENDING_DISPATCH');
    const [row] = (await ds.query(`SELECT dispatch_hold FROM cases WHERE id = $1`, [c.id])) as { dispatch_hold: string }[];
    expect(row.dispatch_hold).toBe('no_one_on_duty');
    await waitFor(
      async () => (await t.request<{ kind: string; caseId: string }[]>('GET', '/api/v1/notifications', { token: operator })).body.find((n) => n.caseId === c.id && n.kind === 'case.unassigned'),
      { what: 'the unassigned notification' },
    );
    // the desk dispatches by hand; the flag clears
    const wid = await userId(t, 'worker.meichuan');
    await must(t, operator, c.id, 'dispatch', { assignee: { userId: wid } });
    const [after] = (await ds.query(`SELECT dispatch_hold FROM cases WHERE id = $1`, [c.id])) as { dispatch_hold: string | null }[];
    expect(after.dispatch_hold).toBeNull();
  });

  it('assigns a checker who is not the fixer, and closes after a passed check where the category allows', async () => {
    const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-04') });
    const d = await caseIn(c.id, ['DISPATCHED']);
    const fixer = d.case.assigneeUserId === (await userId(t, 'worker.xincheng')) ? worker : worker2;
    await must(t, fixer, c.id, 'accept');
    await must(t, fixer, c.id, 'handle', { note: '已清理', attachmentIds: [await uploadPhoto(t, fixer)] });
    const check = await caseIn(c.id, ['PENDING_CHECK']);
    expect(check.case.checkerUserId).not.toBeNull();
    expect(check.case.checkerUserId).not.toBe(check.case.fixerUserId);
    const checker = fixer === worker ? worker2 : worker;
    await must(t, checker, c.id, 'check-pass');
    const closed = await caseIn(c.id, ['CLOSED']);
    expect(types(closed).slice(-3)).toEqual(['send-check:system', 'check-pass:grid_worker', 'close:system']);
  });

  it('waits for the shift lead to close where the category says so, and asks the desk to call a 12345 reporter back', async () => {
    // 违法搭建 E0101: an enforcement case, never closed automatically
    const c = await createCase(t, operator, { source: 'hotline_12345', categoryCode: 'E0101', location: sampleInteriorPoint('jinsha-03') });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    await caseIn(c.id, ['DISPATCHED']);
    const unit = await t.login('unit.chengguan');
    const dispatched = await getCase(t, operator, c.id);
    expect(dispatched.case.assigneeUnitCode).toBe('chengguan');
    const staff = unit;
    await must(t, staff, c.id, 'accept');
    await must(t, staff, c.id, 'handle', { note: '已修复', attachmentIds: [await uploadPhoto(t, staff)] });
    await caseIn(c.id, ['PENDING_CHECK']);
    await must(t, await t.login('worker.jinsha'), c.id, 'check-pass');
    await settled();
    expect((await getCase(t, operator, c.id)).case.state).toBe('PENDING_CLOSE');
    await must(t, lead, c.id, 'close');
    await waitFor(
      async () => (await t.request<{ kind: string; caseId: string }[]>('GET', '/api/v1/notifications', { token: operator })).body.find((n) => n.caseId === c.id && n.kind === 'case.callback-due'),
      { what: 'the callback task' },
    );
  });

  it('plans the 80% / 100% / 200% timers of a dispatched case with the deadline version in their ids', async () => {
    const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-01', 2) });
    const v = await caseIn(c.id, ['DISPATCHED']);
    await settled();
    const { Queue } = await import('bullmq');
    const { Redis } = await import('ioredis');
    const connection = new Redis(t.config.REDIS_URL);
    const sla = new Queue('sla', { connection, prefix: t.config.REDIS_PREFIX });
    try {
      const jobs = await Promise.all(['yellow', 'red', 'escalate'].map((k) => sla.getJob(`sla-${c.id}-${k}-${v.case.deadlineVersion}`)));
      const [yellow, red, escalate] = jobs;
      if (!yellow || !red || !escalate) throw new Error(`missing timers: ${jobs.map((j) => j?.id ?? 'none').join(', ')}`);
      const due = new Date(v.case.handlingDueAt as string).getTime();
      expect(Math.abs(red.timestamp + red.delay - due)).toBeLessThan(5_000);
      expect(await yellow.isDelayed()).toBe(true);
      expect(escalate.timestamp + escalate.delay).toBeGreaterThan(due);
    } finally {
      await sla.close();
      connection.disconnect();
    }
  });
});
