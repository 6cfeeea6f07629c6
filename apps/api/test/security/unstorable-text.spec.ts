import { DataSource } from 'typeorm';
import type { CaseDetail } from '@gridops/contracts';
import { startTestApp, type Answer, type TestApp } from '../support/test-app';
import { createCase, reportBody, sampleInteriorPoint } from '../support/fixtures';
import { LEAK, changedTables, expectRefusal, rowCounts, writtenTables } from './security-support';

const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';

/**
 * Issue #13 item 8 — text Postgres cannot store (NUL, a lone UTF-16 surrogate) is refused once, at the edge, for every
 * route: every string of the body, the query, the path and the headers, keys as well as values — 400 in the route's
 * error shape, nothing written. Before: a NUL in an object key or a lone surrogate in a string (hotline mapping keys
 * and headers, Open311 attributes) reached Postgres and answered 500; elsewhere a lone surrogate was stored as U+FFFD.
 */
describe('security: text Postgres refuses is refused at the edge', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, admin: string;
  let tables: string[];
  let open: CaseDetail;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, admin] = await Promise.all(['operator', 'admin'].map((u) => t.login(u)));
    tables = await writtenTables(ds);
    open = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-01') });
  });
  afterAll(() => t.close());

  const mapping = (over: Record<string, unknown> = {}) => ({
    name: `映射 ${Math.random().toString(36).slice(2, 8)}`,
    columns: { externalRef: '工单号', description: '诉求内容', category: '分类', address: '地址' },
    ...over,
  });
  const POINT = sampleInteriorPoint('jinsha-02');
  const open311Json = (body: Record<string, unknown>) =>
    t.request('POST', '/open311/v2/requests.json', { headers: { 'x-api-key': 'demo-open311-key' }, body: { service_code: 'E0505', lat: String(POINT.lat), long: String(POINT.lng), ...body } });
  const open311Form = (form: string) =>
    t.request('POST', '/open311/v2/requests.json', { rawBody: `api_key=demo-open311-key&service_code=E0505&address_id=jinsha-01&${form}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  const api: [string, () => Promise<Answer>][] = [
    ['mapping: a NUL in a 分类 key', () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ categories: { [`垃圾${NUL}清运`]: 'E0102' } }) })],
    ['mapping: a lone surrogate in a 分类 key', () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ categories: { [`垃圾${LONE_HIGH}`]: 'E0102' } }) })],
    [
      'mapping: a lone surrogate in a column header',
      () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ columns: { externalRef: '工单号', description: `诉求${LONE_LOW}`, category: '分类', address: '地址' } }) }),
    ],
    [
      'mapping: a lone surrogate in an address keyword',
      () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ addressHints: [{ contains: `菜场${LONE_HIGH}`, gridCellCode: 'meichuan-03' }] }) }),
    ],
    ['mapping: a lone surrogate in its name', () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ name: `映射${LONE_HIGH}` }) })],
    ['report: a lone surrogate in the description', () => t.request('POST', '/api/v1/reports', { token: operator, body: reportBody({ description: `门口垃圾${LONE_HIGH}` }) })],
    ['report: a lone low surrogate in the reporter name', () => t.request('POST', '/api/v1/reports', { token: operator, body: reportBody({ reporter: { name: `${LONE_LOW}王` } }) })],
    ['report: a NUL in an object key', () => t.request('POST', '/api/v1/reports', { token: operator, body: { ...reportBody(), [`x${NUL}`]: 1 } })],
    ['action: a lone surrogate in a note', () => t.request('POST', `/api/v1/cases/${open.id}/actions/comment`, { token: operator, body: { version: open.version, note: `备注${LONE_HIGH}` } })],
    ['device: a lone surrogate in its name', () => t.request('POST', '/api/v1/devices', { token: admin, body: { id: 'SEC-TXT-1', type: 'smoke', name: `烟感${LONE_HIGH}`, location: sampleInteriorPoint('xincheng-02') } })],
    ['user: a lone surrogate in the display name', () => t.request('POST', '/api/v1/users', { token: admin, body: { username: 'sec.text', displayName: `王${LONE_HIGH}`, role: 'operator', password: 'a-long-enough-password' } })],
    ['query: a NUL in a query key', () => t.request('GET', `/api/v1/cases?q%00=1`, { token: operator })],
    ['header: a NUL in X-Api-Key', () => t.request('POST', '/api/v1/ingest/alarms', { headers: { 'x-api-key': `demo-iot-key${NUL}` }, body: { platform: 'sec', alarms: [] } })],
    ['header: a lone surrogate in Idempotency-Key', () => t.request('POST', '/api/v1/reports', { token: operator, body: reportBody(), headers: { 'idempotency-key': `k${LONE_HIGH}` } })],
    ['body: nested 200 levels deep', () => t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, rawBody: `{"categories":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`, headers: { 'content-type': 'application/json' } })],
  ];

  it.each(api)('%s → 400 in the one error shape, nothing written', async (_name, send) => {
    const before = await rowCounts(ds, tables);
    const res = await send();
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(changedTables(before, await rowCounts(ds, tables))).toEqual({});
  });

  it('alarms: an item holding such text (value or name) is refused on its own, 207; the other alarms are taken; it is not logged', async () => {
    const at = new Date().toISOString();
    const item = (id: string, extra: Record<string, unknown>) => ({ alarmId: id, deviceId: 'YG-XC-002', type: 'smoke', event: 'raised', occurredAt: at, ...extra });
    const before = await rowCounts(ds, tables);
    const res = await t.request<{ results: { outcome: string; reason?: string; details?: { path: string }[] }[] }>('POST', '/api/v1/ingest/alarms', {
      headers: { 'x-api-key': 'demo-iot-key' },
      body: { platform: 'sec', alarms: [item('sec-1', { message: `烟雾${LONE_HIGH}` }), item('sec-2', { [`m${NUL}`]: 'x' }), item('sec-3', { level: `一${NUL}级` }), item('sec-4', { message: '烟雾浓度超限' })] },
    });
    expect(res.status).toBe(207);
    expect(res.body.results.map((r) => [r.outcome, r.reason ?? null, r.details?.[0]?.path ?? null])).toEqual([
      ['refused', 'invalid', 'message'],
      ['refused', 'invalid', 'm\\u0000'],
      ['refused', 'invalid', 'level'],
      ['accepted', null, null],
    ]);
    const after = await rowCounts(ds, tables);
    expect(after.alarms - before.alarms).toBe(1);
    expect(after.cases - before.cases).toBe(1);
  });

  const open311: [string, () => Promise<Answer>][] = [
    ['Open311 (JSON): a lone surrogate in a string attribute', () => open311Json({ 'attribute[plate_number]': `沪A${LONE_HIGH}`, 'attribute[road_blocked]': 'no' })],
    ['Open311 (JSON): a NUL in an attribute code', () => open311Json({ [`attribute[plate${NUL}number]`]: '沪A12345' })],
    ['Open311 (JSON): a lone surrogate in the description', () => open311Json({ description: `乱停车${LONE_LOW}` })],
    ['Open311 (form): a NUL in the description', () => open311Form('description=a%00b')],
    ['Open311 (form): a NUL in a field name', () => open311Form('attribute%5Bplate%00number%5D=x')],
    ['Open311 (query): a NUL in service_request_id', () => t.request('GET', '/open311/v2/requests.json?service_request_id=CZ%00')],
  ];

  it.each(open311)("%s → 400 in Open311's error format, nothing written", async (_name, send) => {
    const before = await rowCounts(ds, tables);
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 400, body: expect.arrayContaining([{ code: 400, description: expect.any(String) }]) });
    expect(JSON.stringify(res.body)).not.toMatch(LEAK);
    expect(changedTables(before, await rowCounts(ds, tables))).toEqual({});
  });

  it('still takes well-formed text: astral characters (a surrogate pair), CJK, emoji, and the same keys and headers', async () => {
    const description = '井盖破损 𠮷野家门口 🚧 — 请尽快处理';
    const res = await t.request<CaseDetail>('POST', '/api/v1/reports', { token: operator, body: reportBody({ description }), headers: { 'idempotency-key': 'sec-text-ok-1' } });
    expect(res.status).toBe(201);
    expect(res.body.description).toBe(description);
    const m = await t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: mapping({ categories: { '𠮷野家门口垃圾': 'E0102' } }) });
    expect(m.status).toBe(201);
    const o = await open311Json({ 'attribute[plate_number]': '沪A·12345', 'attribute[road_blocked]': 'no', description: '乱停车 🚗' });
    expect(o.status).toBe(201);
  });
});
