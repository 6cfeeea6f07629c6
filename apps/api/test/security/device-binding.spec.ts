import { DataSource } from 'typeorm';
import type { AlarmBatchResult, DeviceView } from '@gridops/contracts';
import { ApiKeysService } from '@gridops/server';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCase, reportBody, sampleInteriorPoint } from '../support/fixtures';
import { changedTables, expectRefusal, rowCounts, writtenTables } from './security-support';

/**
 * Issue #13 item 5 — a sensor is bound to a case only by the alarm channel (an API key of scope `alarms`), and an
 * alarm merges into an open case only when the device's registry entry and the case's place agree. Before: anyone
 * who may report could name any `deviceId` on POST /reports, and the next alarm of that device — a smoke alarm in
 * another 片区 — was merged into the reporter's case (by the ingest, and by the intake job).
 */
describe('security: who binds a case to a sensor', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string, operator: string, worker: string;
  let iotKey: string;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [admin, operator, worker] = await Promise.all(['admin', 'operator', 'worker.xincheng'].map((u) => t.login(u)));
    iotKey = (await t.app.get(ApiKeysService).issue({ name: 'security test IoT', scopes: ['alarms'] }, null)).key;
    tables = await writtenTables(ds);
  });
  afterAll(() => t.close());

  let serial = 0;
  const newDevice = async (type: DeviceView['type'], cell: string): Promise<DeviceView> => {
    const res = await t.request<DeviceView>('POST', '/api/v1/devices', {
      token: admin,
      body: { id: `SEC-DEV-${++serial}`, type, name: `安全测试设备 ${serial}`, location: sampleInteriorPoint(cell, 3) },
    });
    if (res.status !== 201) throw new Error(`device create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const raise = (d: DeviceView) =>
    t.request<AlarmBatchResult>('POST', '/api/v1/ingest/alarms', {
      headers: { 'x-api-key': iotKey },
      body: { platform: 'sec-test', alarms: [{ alarmId: `SEC-ALM-${++serial}`, deviceId: d.id, type: d.type, event: 'raised', occurredAt: new Date().toISOString() }] },
    });
  const settled = () =>
    waitFor(
      async () => {
        const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
        if (n > 0) return false;
        const res = await t.request<{ waiting: number; active: number; delayed: number }[]>('GET', '/api/v1/queues', { token: operator });
        return res.body.every((q) => q.waiting === 0 && q.active === 0);
      },
      { what: 'the pipeline to settle' },
    );
  const caseRow = async (id: string) =>
    ((await ds.query(`SELECT id, state, district_code, grid_cell_code, device_id, duplicate_of FROM cases WHERE id = $1`, [id])) as {
      id: string;
      state: string;
      district_code: string;
      grid_cell_code: string;
      device_id: string | null;
      duplicate_of: string | null;
    }[])[0];
  const systemNotes = async (caseId: string) =>
    ((await ds.query(`SELECT type, note FROM case_events WHERE case_id = $1 AND actor_role = 'system' AND type IN ('comment', 'merge') ORDER BY seq`, [caseId])) as {
      type: string;
      note: string | null;
    }[]).filter((e) => e.type === 'merge' || /告警|alarm/.test(e.note ?? ''));

  it.each([
    ['an operator', () => operator, 'xincheng-01'],
    ['a grid worker (in their own 片区)', () => worker, 'xincheng-02'],
  ])('refuses a deviceId on POST /reports from %s: 400, nothing written', async (_who, token, cell) => {
    const sensor = await newDevice('smoke', 'jinsha-01');
    await settled();
    const before = await rowCounts(ds, tables);
    const res = await t.request('POST', '/api/v1/reports', {
      token: token(),
      body: { ...reportBody({ source: 'iot', categoryCode: 'E0411', location: sampleInteriorPoint(cell) }), deviceId: sensor.id },
    });
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(changedTables(before, await rowCounts(ds, tables))).toEqual({});

    // the sensor's next alarm is a case of its own, in its own 片区
    const alarm = await raise(sensor);
    expect(alarm.body.results[0]).toMatchObject({ outcome: 'accepted' });
    expect(await caseRow(alarm.body.results[0].caseId!)).toMatchObject({ district_code: 'jinsha', grid_cell_code: sensor.gridCellCode, device_id: sensor.id });
  });

  it("never merges an alarm into an open case whose place disagrees with the device's registry entry (ingest and intake job)", async () => {
    const sensor = await newDevice('smoke', 'jinsha-02');
    // a case bound to the sensor before the fix: reported in 新城 with a 金沙 smoke detector's id, an hour older than any alarm
    const hijacked = await createCase(t, operator, { source: 'iot', categoryCode: 'E0411', location: sampleInteriorPoint('xincheng-03') });
    await settled();
    await ds.query(`UPDATE cases SET device_id = $2, reported_at = reported_at - interval '1 hour' WHERE id = $1`, [hijacked.id, sensor.id]);
    const notesBefore = await systemNotes(hijacked.id);

    const alarm = await raise(sensor);
    expect(alarm.status).toBe(200);
    const result = alarm.body.results[0];
    expect(result.outcome).toBe('accepted');
    expect(result.caseId).not.toBe(hijacked.id);
    await settled();

    // the intake job did not merge the sensor's own case into the older, disagreeing one either
    const own = await caseRow(result.caseId!);
    expect(own).toMatchObject({ district_code: 'jinsha', grid_cell_code: sensor.gridCellCode, duplicate_of: null });
    expect(own.state).not.toBe('VOID');
    expect(await systemNotes(hijacked.id)).toEqual(notesBefore);
    const device = await t.request<DeviceView>('GET', `/api/v1/devices/${sensor.id}`, { token: admin });
    expect(device.body.openCaseId).toBe(result.caseId);
  });

  it('still merges a repeat of a device into its own open case, where registry and case agree', async () => {
    const sensor = await newDevice('gas', 'meichuan-01');
    const first = await raise(sensor);
    expect(first.body.results[0].outcome).toBe('accepted');
    const again = await raise(sensor);
    expect(again.body.results[0]).toMatchObject({ outcome: 'merged', caseId: first.body.results[0].caseId });
  });

  it('a moved sensor no longer merges into the case it left behind in its old grid cell', async () => {
    const sensor = await newDevice('water_level', 'nujiang-01');
    const first = await raise(sensor);
    expect(first.body.results[0].outcome).toBe('accepted');
    const moved = await t.request<DeviceView>('PATCH', `/api/v1/devices/${sensor.id}`, { token: admin, body: { location: sampleInteriorPoint('nujiang-03', 2) } });
    expect(moved.body.gridCellCode).toBe('nujiang-03');
    const after = await raise(moved.body);
    expect(after.body.results[0].outcome).toBe('accepted');
    expect(after.body.results[0].caseId).not.toBe(first.body.results[0].caseId);
    expect(await caseRow(after.body.results[0].caseId!)).toMatchObject({ grid_cell_code: 'nujiang-03' });
  });
});
