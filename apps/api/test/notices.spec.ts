import { DataSource } from 'typeorm';
import { NoticeWriter } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, sampleInteriorPoint, userId } from './support/fixtures';

/**
 * The one writer of notifications (站内消息): who reads each notice comes from the rules and the case as it is when
 * the notice is written, a whole batch in one statement, each reader once however often it is written.
 */
describe('the notice writer', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string;
  const writer = new NoticeWriter();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    operator = await t.login('operator');
  });
  afterAll(() => t.close());

  /** a case in the state and hands a test needs (the writer reads the case row, whatever brought it there) */
  async function caseWith(fields: Record<string, unknown>, over: Parameters<typeof createCase>[2] = {}): Promise<string> {
    const c = await createCase(t, operator, { location: sampleInteriorPoint('jinsha-01'), ...over });
    const cols = Object.keys(fields);
    await ds.query(`UPDATE cases SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [c.id, ...Object.values(fields)]);
    return c.id;
  }
  const readers = async (caseId: string, kind: string) =>
    ((await ds.query(`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1 AND n.kind = $2 ORDER BY 1`, [caseId, kind])) as { username: string }[]).map(
      (r) => r.username,
    );
  const usernamesWhere = async (where: string) => ((await ds.query(`SELECT username FROM users WHERE active AND ${where} ORDER BY 1`)) as { username: string }[]).map((r) => r.username);

  it("tells a case's assignee of its dispatch once, however often the notice is written", async () => {
    const worker = await userId(t, 'worker.jinsha');
    const id = await caseWith({ state: 'DISPATCHED', assignee_user_id: worker });
    const first = await writer.write(ds.manager, [{ kind: 'case.dispatched', caseId: id, about: 7 }]);
    expect(first).toEqual([expect.objectContaining({ userId: worker, kind: 'case.dispatched', caseId: id })]);
    // stored as a code and the case number, worded by the reader's screen
    expect(first[0].params).toEqual({ number: expect.stringMatching(/^CZ-\d{8}-\d+$/) });
    expect(await writer.write(ds.manager, [{ kind: 'case.dispatched', caseId: id, about: 7 }])).toEqual([]);
    // a later dispatch of the same case (another version) is another notice
    expect(await writer.write(ds.manager, [{ kind: 'case.dispatched', caseId: id, about: 9 }])).toHaveLength(1);
    expect(await readers(id, 'case.dispatched')).toEqual(['worker.jinsha', 'worker.jinsha']);
  });

  it("tells every active staff member of the unit that holds a case", async () => {
    const id = await caseWith({ state: 'DISPATCHED', assignee_unit_code: 'chengguan' });
    await writer.write(ds.manager, [{ kind: 'case.dispatched', caseId: id, about: 3 }]);
    expect(await readers(id, 'case.dispatched')).toEqual(await usernamesWhere(`role = 'unit_staff' AND unit_code = 'chengguan'`));
  });

  it('tells people of a role who serve the town or the case\'s 片区, and nobody twice when they are both', async () => {
    const lead = await userId(t, 'lead');
    // the shift lead is the assignee too: told once
    const id = await caseWith({ state: 'IN_PROGRESS', assignee_user_id: lead });
    await writer.write(ds.manager, [{ kind: 'sla.red', caseId: id, about: 1 }]);
    const expected = await usernamesWhere(`role = 'shift_lead' AND (district_code IS NULL OR district_code = 'jinsha')`);
    expect(expected).toContain('lead');
    expect(await readers(id, 'sla.red')).toEqual(expected);
  });

  it('asks for a callback only while a closed 12345 case waits for it', async () => {
    const open = await caseWith({ state: 'PENDING_CLOSE' }, { source: 'hotline_12345' });
    const called = await caseWith({ state: 'CLOSED', callback_satisfied: true }, { source: 'hotline_12345' });
    const waiting = await caseWith({ state: 'CLOSED' }, { source: 'hotline_12345' });
    const patrol = await caseWith({ state: 'CLOSED' }, { source: 'patrol' });
    await writer.write(ds.manager, [open, called, waiting, patrol].map((caseId) => ({ kind: 'case.callback-due' as const, caseId, about: 5 })));
    expect(await readers(open, 'case.callback-due')).toEqual([]);
    expect(await readers(called, 'case.callback-due')).toEqual([]);
    expect(await readers(patrol, 'case.callback-due')).toEqual([]);
    expect(await readers(waiting, 'case.callback-due')).toEqual(await usernamesWhere(`role = 'operator' AND (district_code IS NULL OR district_code = 'jinsha')`));
  });

  it('writes a batch of different notices for different cases in one call, each to its own readers', async () => {
    const [w, checker] = await Promise.all([userId(t, 'worker.jinsha'), userId(t, 'worker2.jinsha')]);
    const a = await caseWith({ state: 'DISPATCHED', assignee_user_id: w });
    const b = await caseWith({ state: 'PENDING_CHECK', checker_user_id: checker });
    const c = await caseWith({ state: 'PENDING_DISPATCH' });
    const written = await writer.write(ds.manager, [
      { kind: 'case.dispatched', caseId: a, about: 2 },
      { kind: 'case.check-assigned', caseId: b, about: 4 },
      { kind: 'case.unassigned', caseId: c, about: 1 },
    ]);
    expect(await readers(a, 'case.dispatched')).toEqual(['worker.jinsha']);
    expect(await readers(b, 'case.check-assigned')).toEqual(['worker2.jinsha']);
    const desk = await usernamesWhere(`role IN ('operator', 'shift_lead') AND (district_code IS NULL OR district_code = 'jinsha')`);
    expect(await readers(c, 'case.unassigned')).toEqual(desk);
    expect(written).toHaveLength(2 + desk.length);
  });
});
