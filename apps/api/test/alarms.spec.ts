import { DataSource } from 'typeorm';
import type { AlarmBatchResult, AlarmItemResult, AlarmView, CaseView, DeviceView, ErrorBody, Page } from '@gridops/contracts';
import { isOpenState, systemNoteText, type CaseState, type SystemNote } from '@gridops/domain';
import { ApiKeysService } from '@gridops/server';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { getCase, sampleInteriorPoint } from './support/fixtures';

/**
 * 物联感知: the device registry and alarm batches from sensor platforms, on the real Postgres and Redis with the
 * pipeline running (new IoT cases are filed and dispatched meanwhile, as in production).
 */
describe('IoT alarms and the device registry', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string, operator: string, lead: string, xinchengWorker: string, jinshaWorker: string, unitStaff: string;
  let iotKey: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [admin, operator, lead, xinchengWorker, jinshaWorker, unitStaff] = await Promise.all(
      ['admin', 'operator', 'lead', 'worker.xincheng', 'worker.jinsha', 'unit.chengguan'].map((u) => t.login(u)),
    );
    iotKey = (await t.app.get(ApiKeysService).issue({ name: '测试物联平台 test IoT platform', scopes: ['alarms'] }, null)).key;
  });
  afterAll(() => t.close());

  let serial = 0;
  const uniq = (label: string) => `${label}-${++serial}`;
  /** occurredAt a given number of seconds after a fixed past instant, so the order inside a batch is explicit */
  const base = Date.now() - 3600_000;
  const at = (s: number) => new Date(base + s * 1000).toISOString();

  const ingest = (body: unknown, key: string | null = iotKey, extra: Record<string, string> = {}) =>
    t.request<AlarmBatchResult>('POST', '/api/v1/ingest/alarms', { body, headers: { ...(key === null ? {} : { 'x-api-key': key }), ...extra } });

  const newDevice = async (type: DeviceView['type'], cell: string, over: Record<string, unknown> = {}): Promise<DeviceView> => {
    const res = await t.request<DeviceView>('POST', '/api/v1/devices', {
      token: admin,
      body: { id: uniq('T-DEV'), type, name: `测试设备 ${type}`, location: sampleInteriorPoint(cell, 2), ...over },
    });
    if (res.status !== 201) throw new Error(`device create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const alarm = (d: Pick<DeviceView, 'id' | 'type'>, s: number, over: Record<string, unknown> = {}) => ({
    alarmId: uniq('ALM'),
    deviceId: d.id,
    type: d.type,
    event: 'raised',
    occurredAt: at(s),
    ...over,
  });

  const outcomes = (res: Answer<AlarmBatchResult>) => res.body.results.map((r) => r.outcome);
  const casesOfDevice = async (deviceId: string) =>
    (await ds.query(`SELECT id, state, source, category_code, grid_cell_code, district_code, lat, lng FROM cases WHERE device_id = $1 ORDER BY reported_at`, [
      deviceId,
    ])) as { id: string; state: CaseState; source: string; category_code: string; grid_cell_code: string; district_code: string; lat: number; lng: number }[];
  const systemNotes = async (caseId: string) =>
    // a note in Chinese words, with the alarm id it carries (kept with the note, not in its words)
    ((await ds.query(`SELECT system_note FROM case_events WHERE case_id = $1 AND type = 'comment' AND actor_role = 'system' ORDER BY seq`, [caseId])) as {
      system_note: SystemNote;
    }[]).map((r) => `${systemNoteText(r.system_note, 'zh-CN')} [${String(r.system_note.params?.alarmId)}]`);
  const alarmRows = async (platform: string) =>
    (await ds.query(`SELECT alarm_id, event, outcome, reason, case_id, district_code FROM alarms WHERE platform = $1 ORDER BY id`, [platform])) as {
      alarm_id: string;
      event: string;
      outcome: string;
      reason: string | null;
      case_id: string | null;
      district_code: string | null;
    }[];
  /** every outbox row relayed and every job done: nothing moves any more */
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
  const totals = async () =>
    ((await ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
              (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM alarms)::int AS alarms`,
    )) as { cases: number; events: number; outbox: number; alarms: number }[])[0];

  describe('the API key', () => {
    const body = () => ({ platform: 'key-test', alarms: [alarm({ id: 'YG-XC-001', type: 'smoke' }, 1)] });

    it('is required: none → 401 API_KEY_REQUIRED, and a user token does not replace it', async () => {
      const none = await ingest(body(), null);
      expect(none.status).toBe(401);
      expect((none.body as unknown as ErrorBody).error.code).toBe('API_KEY_REQUIRED');
      const bearer = await t.request('POST', '/api/v1/ingest/alarms', { token: admin, body: body() });
      expect(bearer.status).toBe(401);
    });

    it('must be a live key: unknown or revoked → 401 API_KEY_INVALID', async () => {
      const unknown = await ingest(body(), 'gok_not-a-key-of-ours');
      expect(unknown.status).toBe(401);
      expect((unknown.body as unknown as ErrorBody).error.code).toBe('API_KEY_INVALID');
      const keys = t.app.get(ApiKeysService);
      const issued = await keys.issue({ name: 'soon revoked', scopes: ['alarms'] }, null);
      await keys.revoke(issued.id);
      const revoked = await ingest(body(), issued.key);
      expect(revoked.status).toBe(401);
      expect((revoked.body as unknown as ErrorBody).error.code).toBe('API_KEY_INVALID');
    });

    it('must carry the scope `alarms`: an Open311 key → 403 API_KEY_SCOPE', async () => {
      const open311 = await t.app.get(ApiKeysService).issue({ name: 'an Open311 client', scopes: ['open311'] }, null);
      const res = await ingest(body(), open311.key);
      expect(res.status).toBe(403);
      expect((res.body as unknown as ErrorBody).error.code).toBe('API_KEY_SCOPE');
    });

    it('writes nothing when refused', async () => {
      expect(await alarmRows('key-test')).toEqual([]);
    });

    it('accepts the demo key demo-iot-key seeded in demo mode', async () => {
      const res = await ingest({ platform: 'demo-key-test', alarms: [alarm({ id: 'YG-XC-001', type: 'smoke' }, 2)] }, 'demo-iot-key');
      expect(res.status).toBe(200);
      expect(outcomes(res)).toEqual(['accepted']);
    });
  });

  describe('the batch envelope', () => {
    it.each([
      ['no body', undefined],
      ['not an object', [1, 2]],
      ['no platform', { alarms: [{}] }],
      ['a bad platform name', { platform: 'has spaces', alarms: [{}] }],
      ['alarms not a list', { platform: 'p', alarms: { a: 1 } }],
      ['an empty list', { platform: 'p', alarms: [] }],
      ['an unknown field', { platform: 'p', alarms: [{}], extra: true }],
    ])('%s → 400 VALIDATION_FAILED', async (_label, body) => {
      const res = await ingest(body);
      expect(res.status).toBe(400);
      expect((res.body as unknown as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    });

    it('more than 500 alarms → 413 BATCH_TOO_LARGE, nothing written', async () => {
      const before = await totals();
      const d = { id: 'YG-JS-001', type: 'smoke' as const };
      const res = await ingest({ platform: 'oversize', alarms: Array.from({ length: 501 }, (_, i) => alarm(d, i)) });
      expect(res.status).toBe(413);
      expect((res.body as unknown as ErrorBody).error.code).toBe('BATCH_TOO_LARGE');
      expect(await alarmRows('oversize')).toEqual([]);
      expect((await totals()).alarms).toBe(before.alarms);
    });
  });

  describe('a batch', () => {
    it('turns the first raised alarm of a device into an iot case at the device, in Postgres before the answer', async () => {
      const d = await newDevice('smoke', 'nujiang-03', { address: '怒江路 100 号' });
      const res = await ingest({ platform: 'p-first', alarms: [alarm(d, 10, { value: 0.12, level: '一级', message: '烟雾浓度超限' })] });
      expect(res.status).toBe(200);
      const [r] = res.body.results;
      expect(r).toMatchObject({ index: 0, outcome: 'accepted', deviceId: d.id });
      expect(r.caseNumber).toMatch(/^CZ-\d{8}-\d{4}$/);
      // committed before the answer: the case, its report event and the outbox row are there
      const [row] = (await ds.query(
        `SELECT c.source, c.category_code, c.device_id, c.district_code, c.grid_cell_code, c.lat, c.lng, c.address, c.description,
                (SELECT count(*)::int FROM outbox o WHERE o.case_id = c.id AND o.topic = 'case.created') AS outbox
           FROM cases c WHERE c.id = $1`,
        [r.caseId],
      )) as Record<string, unknown>[];
      expect(row).toMatchObject({
        source: 'iot',
        category_code: 'E0411',
        device_id: d.id,
        district_code: 'nujiang',
        grid_cell_code: 'nujiang-03',
        lat: d.location.lat,
        lng: d.location.lng,
        address: '怒江路 100 号',
        outbox: 1,
      });
      // one short sentence in Chinese, in Shanghai time; the platform's alarm id and the raw instant stay in the log
      const shanghai = new Date(Date.parse(at(10)) + 8 * 3600_000);
      const when = `${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日 ${shanghai.toISOString().slice(11, 16)}`;
      expect(row.description).toBe(`烟感告警：${d.name}，${when} 发生，读数 0.12，级别 一级。烟雾浓度超限`);
      expect(await alarmRows('p-first')).toEqual([expect.objectContaining({ outcome: 'accepted', case_id: r.caseId, district_code: 'nujiang' })]);
      // the pipeline takes it from there: IoT smoke alarms are filed and dispatched to 消防 without a person
      await waitFor(async () => ((await getCase(t, operator, r.caseId as string)).case.state === 'DISPATCHED' ? true : null), { what: 'the alarm case dispatched' });
      const device = await t.request<DeviceView>('GET', `/api/v1/devices/${d.id}`, { token: operator });
      expect(device.body).toMatchObject({ openCaseId: r.caseId, lastAlarm: { event: 'raised' } });
      expect(device.body.lastSeenAt).not.toBeNull();
    });

    it('merges repeated alarms of one device into its open case, each recorded on its timeline by the system', async () => {
      const smoke = await newDevice('smoke', 'xincheng-02');
      const tilt = await newDevice('manhole_tilt', 'xincheng-03');
      const items = [alarm(smoke, 20), alarm(smoke, 21, { value: 3 }), alarm(tilt, 22, { value: 15.5 }), alarm(smoke, 23, { message: '第三次告警' })];
      const res = await ingest({ platform: 'p-repeats', alarms: items });
      expect(res.status).toBe(200);
      expect(outcomes(res)).toEqual(['accepted', 'merged', 'accepted', 'merged']);
      const [first, second, tiltResult, third] = res.body.results;
      expect(second.caseId).toBe(first.caseId);
      expect(third.caseId).toBe(first.caseId);
      expect(tiltResult.caseId).not.toBe(first.caseId);
      expect(res.body.counts).toEqual({ accepted: 2, merged: 2, cleared: 0, duplicate: 0, refused: 0 });

      expect(await casesOfDevice(smoke.id)).toHaveLength(1);
      expect((await casesOfDevice(tilt.id))[0]).toMatchObject({ category_code: 'C0102', grid_cell_code: 'xincheng-03' });
      const notes = await systemNotes(first.caseId as string);
      expect(notes.filter((n) => n.includes(items[1].alarmId))).toHaveLength(1);
      expect(notes.filter((n) => n.includes(items[3].alarmId) && n.includes('第三次告警'))).toHaveLength(1);
      expect(notes.filter((n) => n.includes(items[0].alarmId))).toHaveLength(0);
      // a later batch merges into the same case while it is open
      const later = await ingest({ platform: 'p-repeats', alarms: [alarm(smoke, 30)] });
      expect(later.body.results[0]).toMatchObject({ outcome: 'merged', caseId: first.caseId, caseNumber: first.caseNumber });
    });

    it('records a cleared alarm on its case without closing it; a clear with no case is logged', async () => {
      const gas = await newDevice('gas', 'meichuan-01');
      const raised = alarm(gas, 40);
      const first = await ingest({ platform: 'p-clear', alarms: [raised] });
      const caseId = first.body.results[0].caseId as string;
      const cleared = await ingest({ platform: 'p-clear', alarms: [{ ...raised, event: 'cleared', occurredAt: at(45), value: 0 }] });
      expect(cleared.status).toBe(200);
      expect(cleared.body.results[0]).toMatchObject({ outcome: 'cleared', caseId });
      const notes = await systemNotes(caseId);
      expect(notes.filter((n) => n.startsWith('告警已解除') && n.includes(raised.alarmId))).toHaveLength(1);
      const v = await getCase(t, operator, caseId);
      expect(isOpenState(v.case.state)).toBe(true);
      const device = await t.request<DeviceView>('GET', `/api/v1/devices/${gas.id}`, { token: admin });
      expect(device.body.lastAlarm).toEqual({ alarmId: raised.alarmId, event: 'cleared', occurredAt: at(45) });

      const quiet = await newDevice('water_level', 'meichuan-02');
      const lone = await ingest({ platform: 'p-clear', alarms: [alarm(quiet, 50, { event: 'cleared' })] });
      expect(lone.body.results[0]).toMatchObject({ outcome: 'cleared', caseId: null });
      expect(await casesOfDevice(quiet.id)).toEqual([]);
    });

    it('takes alarms in the order they happened: a clear sent before its raise is recorded after it', async () => {
      const d = await newDevice('water_level', 'jinsha-02');
      const raised = alarm(d, 60);
      const res = await ingest({ platform: 'p-order', alarms: [{ ...raised, event: 'cleared', occurredAt: at(65) }, raised] });
      expect(outcomes(res)).toEqual(['cleared', 'accepted']);
      expect(res.body.results[0].caseId).toBe(res.body.results[1].caseId);
    });

    it('refuses unknown, inactive and mistyped devices per item, logs them, and answers 207 with the rest done', async () => {
      const active = await newDevice('gas', 'jinsha-03');
      const inactive = await newDevice('smoke', 'jinsha-04', { active: false });
      const items = [
        alarm({ id: 'NO-SUCH-DEVICE', type: 'smoke' }, 70),
        alarm(inactive, 71),
        alarm(active, 72, { type: 'smoke' }),
        alarm(active, 73),
        alarm(active, 74, { occurredAt: new Date(Date.now() + 3600_000).toISOString() }),
      ];
      const res = await ingest({ platform: 'p-refused', alarms: items });
      expect(res.status).toBe(207);
      expect(res.body.results.map((r) => [r.outcome, r.reason])).toEqual([
        ['refused', 'unknown_device'],
        ['refused', 'inactive_device'],
        ['refused', 'type_mismatch'],
        ['accepted', undefined],
        ['refused', 'occurred_in_future'],
      ]);
      expect(res.body.counts).toMatchObject({ accepted: 1, refused: 4 });
      expect(await casesOfDevice(inactive.id)).toEqual([]);
      expect(await casesOfDevice('NO-SUCH-DEVICE')).toEqual([]);
      const rows = await alarmRows('p-refused');
      expect(rows.map((r) => [r.outcome, r.reason, r.district_code])).toEqual([
        ['refused', 'unknown_device', null],
        ['refused', 'inactive_device', 'jinsha'],
        ['refused', 'type_mismatch', 'jinsha'],
        ['accepted', null, 'jinsha'],
        ['refused', 'occurred_in_future', 'jinsha'],
      ]);
      // an inactive device still talking is seen; its refused alarm is not its last alarm
      const seen = await t.request<DeviceView>('GET', `/api/v1/devices/${inactive.id}`, { token: admin });
      expect(seen.body.lastSeenAt).not.toBeNull();
      expect(seen.body.lastAlarm).toBeNull();

      // once the device is registered, the platform's resend of the refused alarm is taken in, not a duplicate
      await t.request('POST', '/api/v1/devices', { token: admin, body: { id: 'NO-SUCH-DEVICE', type: 'smoke', name: '补登记设备', location: sampleInteriorPoint('jinsha-01', 3) } });
      const resend = await ingest({ platform: 'p-refused', alarms: [items[0]] });
      expect(resend.status).toBe(200);
      expect(outcomes(resend)).toEqual(['accepted']);
    });

    it('refuses malformed items one by one with what was wrong, and takes the rest', async () => {
      const d = await newDevice('manhole_tilt', 'nujiang-01');
      const good = alarm(d, 80);
      const items: unknown[] = [
        { ...alarm(d, 81), occurredAt: 'yesterday' },
        { ...alarm(d, 82), type: 'earthquake' },
        { ...alarm(d, 83), event: 'acknowledged' },
        { ...alarm(d, 84), alarmId: undefined },
        { ...alarm(d, 85), deviceId: 'bad id with spaces' },
        { ...alarm(d, 86), value: 'high' },
        { ...alarm(d, 87), message: 'x'.repeat(501) },
        { ...alarm(d, 88), message: 'nul\u0000inside' },
        { ...alarm(d, 89), color: 'red' },
        'not an object',
        null,
        good,
      ];
      const res = await ingest({ platform: 'p-malformed', alarms: items });
      expect(res.status).toBe(207);
      const results = res.body.results;
      expect(results).toHaveLength(items.length);
      expect(results.slice(0, -1).every((r) => r.outcome === 'refused' && r.reason === 'invalid' && (r.details?.length ?? 0) > 0)).toBe(true);
      const pathOf = (r: AlarmItemResult) => r.details?.map((x) => x.path).join(',');
      expect(results.slice(0, 8).map(pathOf)).toEqual(['occurredAt', 'type', 'event', 'alarmId', 'deviceId', 'value', 'message', 'message']);
      expect(results[0].alarmId).toBe((items[0] as { alarmId: string }).alarmId);
      expect(results.at(-1)).toMatchObject({ outcome: 'accepted', alarmId: good.alarmId });
      expect(res.body.counts).toMatchObject({ accepted: 1, refused: 11 });
      // malformed items are answered, not logged: there is nothing trustworthy to log
      expect((await alarmRows('p-malformed')).map((r) => r.alarm_id)).toEqual([good.alarmId]);
    });

    it('answers a replayed batch with `duplicate` for every alarm and writes nothing', async () => {
      const smoke = await newDevice('smoke', 'meichuan-03');
      const gas = await newDevice('gas', 'meichuan-04');
      const raised = alarm(smoke, 90);
      const batch = { platform: 'p-replay', alarms: [raised, alarm(smoke, 91), alarm(gas, 92), { ...raised, event: 'cleared', occurredAt: at(95) }] };
      const first = await ingest(batch);
      expect(outcomes(first)).toEqual(['accepted', 'merged', 'accepted', 'cleared']);
      await settled();
      const before = await totals();
      const notes = await systemNotes(first.body.results[0].caseId as string);

      const again = await ingest(batch);
      expect(again.status).toBe(200);
      expect(outcomes(again)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      // each duplicate points at the case the first delivery reached
      expect(again.body.results.map((r) => r.caseId)).toEqual(first.body.results.map((r) => r.caseId));
      expect(again.body.results.map((r) => r.caseNumber)).toEqual(first.body.results.map((r) => r.caseNumber));
      await settled();
      expect(await totals()).toEqual(before);
      expect(await systemNotes(first.body.results[0].caseId as string)).toEqual(notes);
    });

    it('the same alarm id from another platform is another alarm', async () => {
      const d = await newDevice('gas', 'nujiang-02');
      const a = alarm(d, 100);
      const one = await ingest({ platform: 'p-alpha', alarms: [a] });
      const two = await ingest({ platform: 'p-beta', alarms: [{ ...a, occurredAt: at(101) }] });
      expect(outcomes(one)).toEqual(['accepted']);
      expect(outcomes(two)).toEqual(['merged']);
    });

    it('two platforms raising one device at the same moment end up in one open case (the intake job merges the racer)', async () => {
      const d = await newDevice('smoke', 'nujiang-04');
      const [a, b] = await Promise.all([ingest({ platform: 'race-a', alarms: [alarm(d, 110)] }), ingest({ platform: 'race-b', alarms: [alarm(d, 110)] })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([...outcomes(a), ...outcomes(b)].sort()).toEqual(expect.arrayContaining(['accepted']));
      await settled();
      const open = (await casesOfDevice(d.id)).filter((c) => isOpenState(c.state));
      expect(open).toHaveLength(1);
    });

    it('handles a full batch of 500', async () => {
      const d = await newDevice('water_level', 'xincheng-04');
      const res = await ingest({ platform: 'p-full', alarms: Array.from({ length: 500 }, (_, i) => alarm(d, 200 + i)) });
      expect(res.status).toBe(200);
      expect(res.body.counts).toMatchObject({ accepted: 1, merged: 499 });
      expect(await casesOfDevice(d.id)).toHaveLength(1);
    }, 120_000);
  });

  describe('GET /api/v1/alarms', () => {
    it('lists the alarm stream newest first, refused ones included, with the case each reached', async () => {
      const d = await newDevice('smoke', 'xincheng-01');
      const since = new Date().toISOString();
      const sent = await ingest({ platform: 'p-list', alarms: [alarm(d, 300), alarm({ id: 'GHOST-1', type: 'gas' }, 301)] });
      const res = await t.request<Page<AlarmView>>('GET', `/api/v1/alarms?since=${encodeURIComponent(since)}`, { token: operator });
      expect(res.status).toBe(200);
      const mine = res.body.items.filter((a) => a.platform === 'p-list');
      expect(mine.map((a) => [a.deviceId, a.outcome])).toEqual([
        ['GHOST-1', 'refused'],
        [d.id, 'accepted'],
      ]);
      expect(mine[1]).toMatchObject({ deviceName: d.name, districtCode: 'xincheng', gridCellCode: 'xincheng-01', case: { id: sent.body.results[0].caseId } });
      expect(mine[0]).toMatchObject({ reason: 'unknown_device', districtCode: null, case: null });
    });

    it('pages with a cursor and filters by device and outcome', async () => {
      const d = await newDevice('gas', 'jinsha-01');
      await ingest({ platform: 'p-page', alarms: [alarm(d, 310), alarm(d, 311), alarm(d, 312)] });
      const page1 = await t.request<Page<AlarmView>>('GET', `/api/v1/alarms?device=${d.id}&limit=2`, { token: lead });
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.nextCursor).not.toBeNull();
      const page2 = await t.request<Page<AlarmView>>('GET', `/api/v1/alarms?device=${d.id}&limit=2&cursor=${page1.body.nextCursor}`, { token: lead });
      expect(page2.body.items).toHaveLength(1);
      expect(page2.body.nextCursor).toBeNull();
      const ids = [...page1.body.items, ...page2.body.items].map((a) => Number(a.id));
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      const merged = await t.request<Page<AlarmView>>('GET', `/api/v1/alarms?device=${d.id}&outcome=merged`, { token: lead });
      expect(merged.body.items.map((a) => a.outcome)).toEqual(['merged', 'merged']);
    });

    it("shows a 片区-bound grid worker their own 片区's alarms only, and keeps unit staff out", async () => {
      const x = await newDevice('smoke', 'xincheng-03');
      const j = await newDevice('smoke', 'jinsha-03');
      await ingest({ platform: 'p-scope', alarms: [alarm(x, 320), alarm(j, 321), alarm({ id: 'GHOST-2', type: 'smoke' }, 322)] });
      const seen = await t.request<Page<AlarmView>>('GET', '/api/v1/alarms?limit=200', { token: jinshaWorker });
      expect(seen.status).toBe(200);
      expect(seen.body.items.length).toBeGreaterThan(0);
      expect(seen.body.items.every((a) => a.districtCode === 'jinsha')).toBe(true);
      expect(seen.body.items.some((a) => a.deviceId === j.id)).toBe(true);
      expect(seen.body.items.some((a) => a.deviceId === x.id || a.deviceId === 'GHOST-2')).toBe(false);
      expect((await t.request('GET', '/api/v1/alarms', { token: unitStaff })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/alarms')).status).toBe(401);
    });

    it.each([['since=yesterday'], ['limit=0'], ['limit=201'], ['cursor=abc'], ['outcome=duplicate'], ['device=bad%20id'], ['other=1']])('refuses %s with 400', async (qs) => {
      const res = await t.request('GET', `/api/v1/alarms?${qs}`, { token: operator });
      expect(res.status).toBe(400);
    });
  });

  describe('the device registry', () => {
    it('lets an admin register a device; district and grid cell come from its location', async () => {
      const location = sampleInteriorPoint('meichuan-02', 1);
      const res = await t.request<DeviceView>('POST', '/api/v1/devices', {
        token: admin,
        body: { id: 'JG-TEST-9001', type: 'manhole_tilt', name: '梅川路上水井盖倾斜监测', location, address: '梅川路 1 号', categoryCode: 'C0101' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: 'JG-TEST-9001',
        districtCode: 'meichuan',
        gridCellCode: 'meichuan-02',
        location,
        categoryCode: 'C0101',
        categoryOverridden: true,
        active: true,
        lastSeenAt: null,
        lastAlarm: null,
        openCaseId: null,
      });
      // the override decides the case category of its alarms
      const sent = await ingest({ platform: 'p-override', alarms: [alarm(res.body, 400)] });
      expect((await casesOfDevice('JG-TEST-9001'))[0]).toMatchObject({ id: sent.body.results[0].caseId, category_code: 'C0101' });
    });

    it('refuses a second device with the same id (409), a point outside the town (422) and bad bodies (400)', async () => {
      const body = { id: 'YG-DUP-1', type: 'smoke', name: '重复', location: sampleInteriorPoint('xincheng-01') };
      expect((await t.request('POST', '/api/v1/devices', { token: admin, body })).status).toBe(201);
      const dup = await t.request('POST', '/api/v1/devices', { token: admin, body });
      expect(dup.status).toBe(409);
      const outside = await t.request('POST', '/api/v1/devices', { token: admin, body: { ...body, id: 'YG-OUT-1', location: { lat: 31.3, lng: 121.5 } } });
      expect(outside.status).toBe(422);
      expect((outside.body as ErrorBody).error.code).toBe('OUTSIDE_TOWN');
      for (const bad of [
        { ...body, id: 'has space' },
        { ...body, id: 'YG-B-1', type: 'radar' },
        { ...body, id: 'YG-B-2', name: '' },
        { ...body, id: 'YG-B-3', location: { lat: 91, lng: 121 } },
        { ...body, id: 'YG-B-4', categoryCode: 'Z9999' },
        { ...body, id: 'YG-B-5', districtCode: 'jinsha' },
      ]) {
        const res = await t.request('POST', '/api/v1/devices', { token: admin, body: bad });
        expect([bad.id, res.status]).toEqual([bad.id, 400]);
      }
    });

    it('lets an admin move, rename, re-categorise and switch off a device; moving recomputes its cell', async () => {
      const d = await newDevice('water_level', 'nujiang-01');
      const moved = await t.request<DeviceView>('PATCH', `/api/v1/devices/${d.id}`, {
        token: admin,
        body: { location: sampleInteriorPoint('jinsha-04', 1), name: '搬迁后的水位计', active: false, address: null },
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ districtCode: 'jinsha', gridCellCode: 'jinsha-04', name: '搬迁后的水位计', active: false, address: null });
      expect((await t.request('PATCH', `/api/v1/devices/${d.id}`, { token: admin, body: {} })).status).toBe(400);
      expect((await t.request('PATCH', `/api/v1/devices/${d.id}`, { token: admin, body: { location: { lat: 0, lng: 0 } } })).status).toBe(422);
      expect((await t.request('PATCH', '/api/v1/devices/NOPE-404', { token: admin, body: { active: true } })).status).toBe(404);
    });

    it('lets only admins write: operator, shift lead, grid worker → 403; no token → 401', async () => {
      const d = await newDevice('gas', 'xincheng-02');
      for (const token of [operator, lead, xinchengWorker]) {
        expect((await t.request('POST', '/api/v1/devices', { token, body: { id: uniq('T-DEV'), type: 'gas', name: 'x', location: sampleInteriorPoint('xincheng-02') } })).status).toBe(403);
        expect((await t.request('PATCH', `/api/v1/devices/${d.id}`, { token, body: { active: false } })).status).toBe(403);
      }
      expect((await t.request('POST', '/api/v1/devices', { body: {} })).status).toBe(401);
      const after = await t.request<DeviceView>('GET', `/api/v1/devices/${d.id}`, { token: admin });
      expect(after.body.active).toBe(true);
    });

    it('lets the desk read every device, a grid worker only their 片区, and keeps unit staff out', async () => {
      const all = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?limit=200', { token: operator });
      expect(all.status).toBe(200);
      expect(new Set(all.body.items.map((d) => d.districtCode))).toEqual(new Set(['xincheng', 'jinsha', 'nujiang', 'meichuan']));
      const lead40 = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?limit=200', { token: lead });
      expect(lead40.status).toBe(200);

      const own = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?limit=200', { token: xinchengWorker });
      expect(own.status).toBe(200);
      expect(own.body.items.length).toBeGreaterThan(0);
      expect(own.body.items.every((d) => d.districtCode === 'xincheng')).toBe(true);
      // asking for another 片区 does not widen the scope
      const other = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?district=jinsha', { token: xinchengWorker });
      expect(other.body.items).toEqual([]);
      expect((await t.request('GET', '/api/v1/devices/YG-JS-001', { token: xinchengWorker })).status).toBe(404);
      expect((await t.request('GET', '/api/v1/devices/YG-XC-001', { token: xinchengWorker })).status).toBe(200);
      expect((await t.request('GET', '/api/v1/devices', { token: unitStaff })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/devices/YG-XC-001', { token: unitStaff })).status).toBe(403);
    });

    it('pages and filters the list', async () => {
      const page1 = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?type=gas&district=nujiang&limit=1', { token: operator });
      expect(page1.body.items).toHaveLength(1);
      const page2 = await t.request<Page<DeviceView>>('GET', `/api/v1/devices?type=gas&district=nujiang&limit=1&cursor=${page1.body.nextCursor}`, { token: operator });
      expect(page2.body.items[0].id > page1.body.items[0].id).toBe(true);
      const found = await t.request<Page<DeviceView>>('GET', '/api/v1/devices?q=RQ-NJ', { token: operator });
      expect(found.body.items.map((d) => d.id)).toEqual(['RQ-NJ-001', 'RQ-NJ-002']);
      expect((await t.request('GET', '/api/v1/devices?type=radar', { token: operator })).status).toBe(400);
      expect((await t.request('GET', '/api/v1/devices?limit=1000', { token: operator })).status).toBe(400);
    });

    it('holds the 40 demo devices of demo mode, ten per 片区, each inside its grid cell', async () => {
      const rows = (await ds.query(`SELECT id, district_code, grid_cell_code, lat, lng FROM devices WHERE id ~ '^(YG|JG|SW|RQ)-(XC|JS|NJ|MC)-\\d{3}$'`)) as {
        id: string;
        district_code: string;
        grid_cell_code: string;
        lat: number;
        lng: number;
      }[];
      expect(rows).toHaveLength(40);
      const perDistrict = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.district_code]: (acc[r.district_code] ?? 0) + 1 }), {});
      expect(perDistrict).toEqual({ xincheng: 10, jinsha: 10, nujiang: 10, meichuan: 10 });
      for (const r of rows) expect(r.grid_cell_code.startsWith(r.district_code)).toBe(true);
    });
  });

  it('a case reached by alarms shows them on its timeline to the people who read it', async () => {
    const d = await newDevice('smoke', 'jinsha-02');
    const res = await ingest({ platform: 'p-timeline', alarms: [alarm(d, 500), alarm(d, 501)] });
    const v: CaseView = await getCase(t, jinshaWorker, res.body.results[0].caseId as string);
    expect(v.timeline.some((e) => e.type === 'comment' && e.actor.role === 'system' && JSON.stringify(e.systemNote).includes(res.body.results[1].alarmId as string))).toBe(true);
  });
});
