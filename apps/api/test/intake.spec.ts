import { DataSource } from 'typeorm';
import type { CaseDetail, CaseView, CreateReportRequest, ErrorBody, Me } from '@gridops/contracts';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { createCase, reportBody, sampleInteriorPoint } from './support/fixtures';

/** 上报 over HTTP: idempotent intake, and the facts an accepted report leaves in Postgres. */
describe('intake over HTTP', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string;
  let operatorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, lead] = await Promise.all(['operator', 'lead'].map((u) => t.login(u)));
    operatorId = (await t.request<Me>('GET', '/api/v1/auth/me', { token: operator })).body.id;
  });
  afterAll(() => t.close());

  let keySerial = 0;
  /** a key unique within this suite's private database */
  const newKey = (label: string) => `test-${label}-${++keySerial}`;

  const post = (token: string, body: CreateReportRequest, key?: string) =>
    t.request<CaseDetail>('POST', '/api/v1/reports', { token, body, headers: key === undefined ? undefined : { 'idempotency-key': key } });

  interface Counts {
    cases: number;
    events: number;
    outbox: number;
    keys: number;
  }
  const counts = async (): Promise<Counts> => {
    const [row] = (await ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
              (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM idempotency_keys)::int AS keys`,
    )) as Counts[];
    return row;
  };
  const grew = (before: Counts, by: number): Counts => ({
    cases: before.cases + by,
    events: before.events + by,
    outbox: before.outbox + by,
    keys: before.keys,
  });

  /** rows a case left behind: its events and outbox rows, by case id */
  const factsOf = async (caseId: string) => {
    const cases = (await ds.query('SELECT id, number, state, description, reporter_phone FROM cases WHERE id = $1', [caseId])) as {
      id: string;
      number: string;
      state: string;
      description: string;
      reporter_phone: string | null;
    }[];
    const events = (await ds.query(
      `SELECT seq::text AS seq, type, from_state, to_state, actor_id, actor_role FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    )) as { seq: string; type: string; from_state: string | null; to_state: string; actor_id: string | null; actor_role: string }[];
    const outbox = (await ds.query(`SELECT topic, event_seq::text AS event_seq, payload, published_at FROM outbox WHERE case_id = $1 ORDER BY id`, [
      caseId,
    ])) as { topic: string; event_seq: string; payload: Record<string, unknown>; published_at: Date | null }[];
    return { cases, events, outbox };
  };

  const replayed = (res: Answer) => res.headers['idempotent-replayed'];

  describe('Idempotency-Key', () => {
    it('answers the same case for the same key twice, the second time marked as replayed, and writes it once', async () => {
      const before = await counts();
      const key = newKey('twice');
      const body = reportBody({ description: '重复提交测试 / same key twice' });
      const first = await post(operator, body, key);
      const second = await post(operator, body, key);

      expect(first.status).toBe(201);
      expect(replayed(first)).toBeUndefined();
      expect(second.status).toBe(201);
      expect(replayed(second)).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.number).toBe(first.body.number);

      expect(await counts()).toEqual({ ...grew(before, 1), keys: before.keys + 1 });
      const facts = await factsOf(first.body.id);
      expect(facts.cases).toHaveLength(1);
      expect(facts.events.filter((e) => e.type === 'report')).toHaveLength(1);
      expect(facts.events).toHaveLength(1);
      expect(facts.outbox).toHaveLength(1);
    });

    it('creates one case for 10 concurrent requests with one key, and all 10 answer its id', async () => {
      const before = await counts();
      const key = newKey('concurrent');
      const body = reportBody({ description: '并发提交测试 / ten at once' });
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(operator, body, key)));

      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      // exactly one request created it; the other nine found it (before or after losing the race)
      expect(answers.filter((a) => replayed(a) === undefined)).toHaveLength(1);
      expect(answers.filter((a) => replayed(a) === 'true')).toHaveLength(9);

      expect(await counts()).toEqual({ ...grew(before, 1), keys: before.keys + 1 });
      const [id] = [...ids];
      const facts = await factsOf(id);
      expect(facts.events.map((e) => e.type)).toEqual(['report']);
      expect(facts.outbox).toHaveLength(1);
    });

    it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
      const key = newKey('reused');
      const first = await post(operator, reportBody({ description: '第一份报告 / the first report' }), key);
      expect(first.status).toBe(201);
      const before = await counts();

      const other = await post(operator, reportBody({ description: '另一份报告 / a different report' }), key);
      expect(other.status).toBe(422);
      expect((other.body as unknown as ErrorBody).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(typeof (other.body as unknown as ErrorBody).error.message).toBe('string');
      const movedPoint = await post(operator, reportBody({ description: '第一份报告 / the first report', location: sampleInteriorPoint('xincheng-04') }), key);
      expect(movedPoint.status).toBe(422);
      expect(await counts()).toEqual(before);

      // the original body still replays
      const again = await post(operator, reportBody({ description: '第一份报告 / the first report' }), key);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(replayed(again)).toBe('true');
    });

    it('replays an accepted report even when the same request would now be refused (its category retired since)', async () => {
      const admin = await t.login('admin');
      const categories = (await t.request<{ code: string; active: boolean }[]>('GET', '/api/v1/categories', { token: admin })).body;
      const code = categories.filter((c) => c.active && c.code !== 'E0102').at(-1)?.code ?? 'E0102-missing';
      const key = newKey('retired');
      const body = reportBody({ categoryCode: code, description: '类别停用后重试 / retried after its category was retired' });
      const first = await post(operator, body, key);
      expect(first.status).toBe(201);
      expect((await t.request('PATCH', `/api/v1/categories/${code}`, { token: admin, body: { active: false } })).status).toBe(200);
      try {
        const again = await post(operator, body, key);
        expect(again.status).toBe(201);
        expect(again.body.id).toBe(first.body.id);
        expect(replayed(again)).toBe('true');
        // without the key the same body is refused: the category is retired
        expect((await post(operator, body)).status).toBe(400);
      } finally {
        await t.request('PATCH', `/api/v1/categories/${code}`, { token: admin, body: { active: true } });
      }
    });

    it('keeps keys per caller: the same key from two users makes two cases', async () => {
      const before = await counts();
      const key = newKey('per-caller');
      const body = reportBody({ description: '两个人同一个键 / one key, two callers' });
      const [byOperator, byLead] = await Promise.all([post(operator, body, key), post(lead, body, key)]);

      expect(byOperator.status).toBe(201);
      expect(byLead.status).toBe(201);
      expect(byOperator.body.id).not.toBe(byLead.body.id);
      expect(replayed(byOperator)).toBeUndefined();
      expect(replayed(byLead)).toBeUndefined();
      expect(await counts()).toEqual({ ...grew(before, 2), keys: before.keys + 2 });
    });

    it('without a key, the same body twice is two reports', async () => {
      const before = await counts();
      const body = reportBody({ description: '没有幂等键 / no key' });
      const [a, b] = [await post(operator, body), await post(operator, body)];
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
      expect(await counts()).toEqual(grew(before, 2));
    });
  });

  describe('where a report lands', () => {
    const districts = ['xincheng', 'jinsha', 'nujiang', 'meichuan'] as const;
    const cells = districts.flatMap((d) => [1, 2, 3, 4].map((n) => [d, `${d}-0${n}`] as const));

    it.each(cells)('a report from the sample point of %s cell %s lands in that 片区 and cell', async (district, cell) => {
      const c = await createCase(t, operator, { location: sampleInteriorPoint(cell), description: `网格 ${cell} 测试` });
      expect(c).toMatchObject({ districtCode: district, gridCellCode: cell, state: 'REPORTED' });
      const [row] = (await ds.query('SELECT district_code, grid_cell_code FROM cases WHERE id = $1', [c.id])) as { district_code: string; grid_cell_code: string }[];
      expect(row).toEqual({ district_code: district, grid_cell_code: cell });
    });

    it.each(districts)("a %s grid worker's report from inside their own 片区 lands there too", async (district) => {
      const token = await t.login(`worker.${district}`);
      for (const index of [1, 3]) {
        const cell = `${district}-0${index}`;
        const c = await createCase(t, token, { source: 'patrol', location: sampleInteriorPoint(cell, index), reporter: undefined });
        expect(c).toMatchObject({ districtCode: district, gridCellCode: cell });
      }
    });
  });

  describe('what an accepted report leaves in Postgres', () => {
    it('the case, its report event (null → REPORTED) and a case.created outbox row carrying the event seq', async () => {
      const description = '井盖缺失 / missing manhole cover';
      const res = await post(operator, reportBody({ categoryCode: 'C0101', description, reporter: { name: '李女士', phone: '13900005678' } }));
      expect(res.status).toBe(201);
      const c = res.body;
      expect(c).toMatchObject({ categoryCode: 'C0101', priority: 'P1', state: 'REPORTED', version: 1 });

      const facts = await factsOf(c.id);
      expect(facts.cases).toEqual([{ id: c.id, number: c.number, state: 'REPORTED', description, reporter_phone: '13900005678' }]);
      expect(facts.events).toHaveLength(1);
      const [event] = facts.events;
      expect(event).toMatchObject({ type: 'report', from_state: null, to_state: 'REPORTED', actor_id: operatorId, actor_role: 'operator' });
      expect(facts.outbox).toHaveLength(1);
      expect(facts.outbox[0]).toMatchObject({
        topic: 'case.created',
        event_seq: event.seq,
        payload: { type: 'report', fromState: null, toState: 'REPORTED' },
      });

      // and the API's timeline is the same record
      const view = await t.request<CaseView>('GET', `/api/v1/cases/${c.id}`, { token: operator });
      expect(view.body.timeline).toHaveLength(1);
      expect(view.body.timeline[0]).toMatchObject({ seq: event.seq, type: 'report', fromState: null, toState: 'REPORTED', actor: { id: operatorId, role: 'operator' } });
    });

    it('gives every case a unique number, increasing with each report', async () => {
      const sequential: string[] = [];
      for (let i = 0; i < 5; i++) sequential.push((await createCase(t, operator, { description: `编号测试 ${i}` })).number);
      for (const n of sequential) expect(n).toMatch(/^CZ-\d{8}-\d{4,}$/);
      const ordered = (a: string, b: string) => {
        const [, dayA, seqA] = a.split('-');
        const [, dayB, seqB] = b.split('-');
        return dayA < dayB || (dayA === dayB && Number(seqA) < Number(seqB));
      };
      for (let i = 1; i < sequential.length; i++) expect(ordered(sequential[i - 1], sequential[i])).toBe(true);

      const concurrent = await Promise.all(Array.from({ length: 8 }, (_, i) => createCase(t, operator, { description: `并发编号 ${i}` })));
      const numbers = concurrent.map((c) => c.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const n of numbers) expect(ordered(sequential[sequential.length - 1], n)).toBe(true);
      // concurrent reports are numbered together (one counter bump for several) and still leave no gap
      const last = Number(sequential[sequential.length - 1].split('-')[2]);
      expect(numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => last + 1 + i));

      const [dupes] = (await ds.query('SELECT count(*)::int AS all, count(DISTINCT number)::int AS distinct FROM cases')) as { all: number; distinct: number }[];
      expect(dupes.distinct).toBe(dupes.all);
    });

    it("masks the reporter's phone and name for a grid worker and shows them in full to the operator", async () => {
      const c = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-02'), reporter: { name: '王先生', phone: '13800001234' } });
      const worker = await t.login('worker.xincheng');

      const asWorker = await t.request<CaseView>('GET', `/api/v1/cases/${c.id}`, { token: worker });
      expect(asWorker.status).toBe(200);
      expect(asWorker.body.case.reporter).toEqual({ name: '王**', phone: '138****1234' });
      expect(JSON.stringify(asWorker.body)).not.toContain('13800001234');

      const inList = await t.request<{ items: Record<string, unknown>[] }>('GET', '/api/v1/cases?limit=200', { token: worker });
      expect(inList.status).toBe(200);
      expect(JSON.stringify(inList.body)).not.toContain('13800001234');

      const asOperator = await t.request<CaseView>('GET', `/api/v1/cases/${c.id}`, { token: operator });
      expect(asOperator.body.case.reporter).toEqual({ name: '王先生', phone: '13800001234' });
      expect(c.reporter).toEqual({ name: '王先生', phone: '13800001234' }); // the operator's own 201 answer
    });

    it('creates a P0 category (E0401 road collapse) urgent, and a P2 one not', async () => {
      const p0 = await createCase(t, operator, { categoryCode: 'E0401', description: '路面塌陷 / road collapse' });
      expect(p0).toMatchObject({ categoryCode: 'E0401', priority: 'P0', urgent: true, state: 'REPORTED' });
      const [row] = (await ds.query('SELECT urgent, priority FROM cases WHERE id = $1', [p0.id])) as { urgent: boolean; priority: string }[];
      expect(row).toEqual({ urgent: true, priority: 'P0' });

      const p2 = await createCase(t, operator, { categoryCode: 'E0102' });
      expect(p2).toMatchObject({ priority: 'P2', urgent: false });
    });
  });
});
