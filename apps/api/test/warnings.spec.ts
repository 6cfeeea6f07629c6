import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { JobName, jobIdOf, type AlertMessage, type CasePage, type ClientToServerEvents, type ErrorBody, type Page, type ServerToClientEvents, type TrendWarningView } from '@gridops/contracts';
import { JobQueueService, TrendDetection } from '@gridops/server';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Thursday 2026-11-26 15:00 in the town: the clock of the runs below (the scheduler is off: each run is asked for) */
const T = Date.parse('2026-11-26T07:00:00Z');

/**
 * 趋势预警 end to end on the real Postgres and Redis: cases written with reported times around a fixed clock, the
 * `trends.detect` job run through its queue by the in-process worker, the warning on the boards' sockets (its 片区
 * and the town only), read and acknowledged over REST in each role's scope, and the cases behind it from the list.
 */
describe('trend warnings', () => {
  let t: TestApp;
  let owner: Client;
  let url: string;
  let lead: string, operator: string, supervisor: string, jinshaWorker: string, xinchengWorker: string, unitStaff: string, xinchengLead: string;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { TREND_WARNINGS: 'false' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    owner = new Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    [lead, operator, supervisor, jinshaWorker, xinchengWorker, unitStaff] = await Promise.all(
      ['lead', 'operator', 'supervisor', 'worker.jinsha', 'worker.xincheng', 'unit.chengguan'].map((u) => t.login(u)),
    );
    const made = await t.request('POST', '/api/v1/users', {
      token: await t.login('admin'),
      body: { username: 'lead.xincheng', displayName: '新城值班长', role: 'shift_lead', districtCode: 'xincheng', password: 'gridops-demo-2' },
    });
    if (made.status !== 201) throw new Error(`user: ${made.status} ${JSON.stringify(made.body)}`);
    xinchengLead = await t.login('lead.xincheng', 'gridops-demo-2');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await owner?.end();
    await t?.close();
  });

  let serial = 0;
  /** cases of a 片区's first grid cell and a category, reported at the given instants */
  const cases = async (district: string, category: string, instants: number[]) => {
    await owner.query(
      `INSERT INTO cases (id, number, source, category_code, description, lat, lng, district_code, grid_cell_code, priority, state, step_started_at, reported_at, version)
       SELECT gen_random_uuid(), 'TRW-' || $1::text || '-' || ord, 'patrol', $2, '趋势测试 trend test', 31.245, 121.38, $3::varchar,
              (SELECT min(code) FROM grid_cells WHERE district_code = $3::varchar), 'P2', 'PENDING_DISPATCH', at, at, 1
         FROM unnest($4::timestamptz[]) WITH ORDINALITY AS u(at, ord)`,
      [++serial, category, district, instants.map((i) => new Date(i))],
    );
  };
  /** one `trends.detect` through its queue at the clock `at`, until the worker has finished it */
  const detect = async (at: number) => {
    const jobs = t.worker!.get(JobQueueService);
    const payload = { at: new Date(at).toISOString() };
    await jobs.enqueue(JobName.DetectTrends, payload);
    const id = jobIdOf({ name: JobName.DetectTrends, payload });
    return waitFor(
      async () => {
        const job = await jobs.queue('trends').getJob(id);
        const state = await job?.getState();
        if (job?.failedReason) throw new Error(`trends.detect failed: ${job.failedReason}`);
        return state === 'completed' ? state : null;
      },
      { what: `trends.detect at ${payload.at}` },
    );
  };
  const list = (token: string, query = '') => t.request<Page<TrendWarningView>>('GET', `/api/v1/warnings${query}`, { token });
  const rows = async () =>
    (await owner.query(`SELECT id::text, district_code, category_code, time_window, observed, raised_at, cleared_at FROM trend_warnings ORDER BY id`)).rows as {
      id: string;
      district_code: string;
      category_code: string;
      time_window: string;
      observed: number;
      raised_at: Date;
      cleared_at: Date | null;
    }[];
  const connect = async (token: string) => {
    const s: LiveSocket = io(`${url}/live`, { auth: { token, batch: true }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    const alerts: AlertMessage[] = [];
    s.on('alert.raised', (a) => alerts.push(a));
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return alerts;
  };

  it('raises one warning on a spike, tells the town and its 片区 only, and keeps quiet on steady traffic', async () => {
    // 28 days of one 暴露垃圾 report an hour before the clock's time; then 9 in the last two hours
    await cases('jinsha', 'E0102', [...Array.from({ length: 28 }, (_, i) => T - (i + 1) * DAY - HOUR), ...Array.from({ length: 9 }, (_, i) => T - 110 * 60_000 + i * 12 * 60_000)]);
    // 新城: two a window every day and two now — nothing unusual
    await cases('xincheng', 'E0102', Array.from({ length: 29 }, (_, d) => [T - d * DAY - 30 * 60_000, T - d * DAY - 90 * 60_000]).flat());

    const [town, jinsha, xincheng] = await Promise.all([connect(operator), connect(jinshaWorker), connect(xinchengWorker)]);
    await detect(T);

    const stored = await rows();
    expect(stored.map((r) => `${r.district_code}|${r.category_code}|${r.time_window}|${r.observed}`)).toEqual(['jinsha|E0102|2h|9']);
    expect(stored[0].raised_at.getTime()).toBe(T);

    const seen = await waitFor(async () => (town.length && jinsha.length ? { town: town[0], jinsha: jinsha[0] } : null), { what: 'the trend alert on the boards' });
    for (const a of [seen.town, seen.jinsha]) {
      expect(a.kind).toBe('trend');
      if (a.kind !== 'trend') continue;
      expect(a.message).toBe('金沙 · 暴露垃圾: 近2小时 9 起，往常同时段约 1 起');
      expect(a.warning).toMatchObject({ id: stored[0].id, districtCode: 'jinsha', categoryCode: 'E0102', window: '2h', observed: 9, expected: 1, dayKind: 'workday' });
    }
    // the town's and 金沙's sockets have it; 新城's never gets another 片区's warning
    expect(xincheng).toEqual([]);
  });

  it('is one warning while it stays raised, the same for the same clock, clears when over and is raised again after', async () => {
    await detect(T + 10 * 60_000);
    // the same clock again, directly: nothing more
    const again = await t.worker!.get(TrendDetection).run(new Date(T));
    expect(again.raised).toEqual([]);
    expect((await rows()).length).toBe(1);

    // three hours on, the last two hours are empty: cleared at that clock
    await detect(T + 3 * HOUR);
    const [first] = await rows();
    expect(first.cleared_at?.getTime()).toBe(T + 3 * HOUR);

    // a late run of an older clock does not raise what a later one cleared
    await t.worker!.get(TrendDetection).run(new Date(T + 20 * 60_000));
    expect((await rows()).length).toBe(1);

    // a second spike: a new warning for the same key — and now the day's 17 against about 3 a day raise the 24 h window too
    await cases('jinsha', 'E0102', Array.from({ length: 8 }, (_, i) => T + 4 * HOUR + i * 10 * 60_000));
    await detect(T + 6 * HOUR);
    const now = await rows();
    expect(now.map((r) => [r.time_window, r.observed, r.cleared_at === null])).toEqual([
      ['2h', 9, false],
      ['24h', 17, true],
      ['2h', 8, true],
    ]);
  });

  it('lists warnings by role and 片区, lets a supervisor or shift lead acknowledge, and finds the cases behind one', async () => {
    const all = await list(lead, '?status=all');
    expect(all.status).toBe(200);
    expect(all.body.items.map((w) => `${w.window} ${w.observed}`)).toEqual(['2h 8', '24h 17', '2h 9']);
    const [latest, day, first] = all.body.items;
    expect(latest.message).toEqual({ zh: '金沙 · 暴露垃圾: 近2小时 8 起，往常同时段约 0.5 起', en: 'Jinsha · Exposed rubbish: 8 in the last 2 h, usually about 0.5 at this time' });
    expect((await list(lead, '?active=true')).body.items.map((w) => w.id)).toEqual([latest.id, day.id]);

    // scope: 金沙's grid worker sees them, 新城's and a 新城 shift lead do not, unit staff may not ask
    expect((await list(jinshaWorker, '?status=all')).body.items).toHaveLength(3);
    expect((await list(xinchengWorker, '?status=all')).body.items).toEqual([]);
    expect((await list(xinchengLead, '?status=all')).body.items).toEqual([]);
    expect((await list(unitStaff)).status).toBe(403);

    // acknowledging: not a grid worker or an operator; not outside one's 片区; then the shift lead
    expect((await t.request('POST', `/api/v1/warnings/${latest.id}/acknowledge`, { token: jinshaWorker })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/warnings/${latest.id}/acknowledge`, { token: operator })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/warnings/${latest.id}/acknowledge`, { token: xinchengLead })).status).toBe(404);
    const acked = await t.request<TrendWarningView>('POST', `/api/v1/warnings/${latest.id}/acknowledge`, { token: lead });
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgedBy?.name).toBe('李静');
    // a second acknowledgement leaves the first standing
    const twice = await t.request<TrendWarningView>('POST', `/api/v1/warnings/${latest.id}/acknowledge`, { token: supervisor });
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ acknowledgedAt: acked.body.acknowledgedAt, acknowledgedBy: { name: '李静' } });

    expect((await list(lead)).body.items.map((w) => w.id)).toEqual([day.id, first.id]);
    expect((await list(lead, '?status=acknowledged')).body.items.map((w) => w.id)).toEqual([latest.id]);

    // bad input: 400, never 500; an id that is no warning: 404
    for (const q of ['?status=nope', '?limit=0', '?district=paris', '?cursor=abc', '?foo=1']) expect((await list(lead, q)).status).toBe(400);
    expect((await t.request<ErrorBody>('POST', '/api/v1/warnings/abc/acknowledge', { token: lead })).status).toBe(400);
    expect((await t.request<ErrorBody>('POST', '/api/v1/warnings/999999/acknowledge', { token: lead })).status).toBe(404);

    // the cases behind the first warning: the case list with its filters
    const q = new URLSearchParams({ ...first.casesQuery, count: 'true' });
    const behind = await t.request<CasePage & { total?: number }>('GET', `/api/v1/cases?${q.toString()}`, { token: lead });
    expect(behind.status).toBe(200);
    expect(behind.body.total).toBe(9);
    expect(behind.body.items.every((c) => c.districtCode === 'jinsha' && c.categoryCode === 'E0102')).toBe(true);
  });
});
