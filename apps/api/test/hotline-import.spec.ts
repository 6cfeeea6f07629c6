import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { CaseView, ErrorBody, HotlineImportResult, HotlineImportRowResult, HotlineImportSummary, HotlineMappingView, Page } from '@gridops/contracts';
import { systemNoteText, wgs84ToGcj02 } from '@gridops/domain';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { getCase, sampleInteriorPoint } from './support/fixtures';
import { postMultipart } from './support/uploads';

const HEADERS = ['工单号', '诉求内容', '地址', '坐标', '分类', '来电时间', '联系人', '联系电话'];

/** 12345 work-order import: CSV and XLSX, per-row refusals, dry runs that write nothing, idempotent re-imports, roles. */
describe('12345 hotline import', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, lead, admin] = await Promise.all(['operator', 'lead', 'admin'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  let serial = 0;
  /** 工单号 unique to this run, so tests don't see each other's orders */
  const ref = () => `2026112600${String(++serial).padStart(4, '0')}`;
  const at = (cell: string) => {
    const p = sampleInteriorPoint(cell);
    return `${p.lng},${p.lat}`;
  };
  const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const csv = (rows: string[][], headers = HEADERS) => Buffer.from([headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');

  const importFile = (token: string, data: Buffer, opts: { dryRun?: boolean; mappingId?: string; name?: string; type?: string } = {}) => {
    const q = new URLSearchParams();
    if (opts.dryRun) q.set('dryRun', 'true');
    if (opts.mappingId) q.set('mappingId', opts.mappingId);
    return postMultipart<HotlineImportResult & ErrorBody>(t, `/api/v1/hotline-imports${q.size ? `?${q}` : ''}`, token, [
      { name: 'file', filename: opts.name ?? 'export.csv', contentType: opts.type ?? 'text/csv', data },
    ]);
  };
  const counts = async () => {
    const [r] = (await ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM hotline_orders)::int AS orders,
              (SELECT count(*) FROM hotline_imports)::int AS imports, (SELECT count(*) FROM outbox)::int AS outbox,
              (SELECT count(*) FROM case_events)::int AS events`,
    )) as Record<string, number>[];
    return r;
  };
  const byRow = (rows: HotlineImportRowResult[]) => Object.fromEntries(rows.map((r) => [r.row, r]));
  const codes = (r: HotlineImportRowResult) => r.errors.map((e) => e.code);
  const expectError = (res: Answer<unknown>, status: number, code: string) =>
    expect({ status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ status, code });

  /** One good row, and one of each kind of bad row. */
  function mixedRows() {
    const good = ref();
    const byAddress = ref();
    const rows = [
      [good, '小区门口垃圾堆放多日无人清运', '长征镇新城路1号', at('xincheng-01'), '暴露垃圾', '2026-11-26 09:05:00', '王先生', '13800001234'],
      ['', '没有工单号的诉求', '新城路2号', at('xincheng-02'), '暴露垃圾', '2026-11-26 09:06', '李女士', '13800001235'],
      [ref(), '外星人降落在绿地上', '新城路3号', at('xincheng-03'), '外星人入侵', '2026-11-26 09:07', '张先生', ''],
      [ref(), '坐标写错了', '新城路4号', 'abc,def', '暴露垃圾', '', '', ''],
      [ref(), '', '新城路5号', at('xincheng-04'), '暴露垃圾', '', '', ''],
      [ref(), '北京的问题', '北京市东城区', '116.40,39.90', '暴露垃圾', '', '', ''],
      [byAddress, '路灯不亮', '新城第2网格 真北路口', '', '城市管理/市政设施/路灯损坏', '2026/11/26 20:30', '赵先生', '138****0000'],
      [ref(), '只有地址', '某某大厦', '', '暴露垃圾', '', '', ''],
      [good, '同一工单号又出现一次', '新城路1号', at('xincheng-01'), '暴露垃圾', '', '', ''],
    ];
    return { good, byAddress, rows };
  }

  it('dry-runs a CSV: says per row what would happen, with Chinese messages and English codes, and writes nothing', async () => {
    const { good, byAddress, rows } = mixedRows();
    const before = await counts();
    const res = await importFile(operator, csv(rows), { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: null, dryRun: true, fileType: 'csv', fileName: 'export.csv' });
    expect(res.body.counts).toEqual({ total: 9, created: 2, merged: 0, unchanged: 0, refused: 7 });
    const r = byRow(res.body.rows);
    expect(r[2]).toMatchObject({ externalRef: good, status: 'created', caseId: null, locatedBy: 'coordinates', errors: [] });
    expect(codes(r[3])).toEqual(['MISSING_EXTERNAL_REF']);
    expect(codes(r[4])).toEqual(['UNKNOWN_CATEGORY']);
    expect(codes(r[5])).toEqual(['BAD_COORDINATES']);
    expect(codes(r[6])).toEqual(['EMPTY_DESCRIPTION']);
    expect(codes(r[7])).toEqual(['OUTSIDE_TOWN']);
    expect(r[8]).toMatchObject({ externalRef: byAddress, status: 'created', locatedBy: 'address' });
    expect(r[8].warnings.map((w) => w.code).sort()).toEqual(['LOCATED_BY_ADDRESS', 'PHONE_DROPPED']);
    expect(codes(r[9])).toEqual(['ADDRESS_NOT_LOCATED']);
    expect(codes(r[10])).toEqual(['DUPLICATE_IN_FILE']);
    for (const row of res.body.rows.filter((x) => x.status === 'refused')) {
      expect(row.status).toBe('refused');
      for (const e of row.errors) {
        expect(e.message).toMatch(/[\u4e00-\u9fff]/);
        expect(e.messageEn).toMatch(/[a-z]/);
      }
    }
    expect(r[4].errors[0]).toMatchObject({ field: 'category' });
    expect(r[4].errors[0].message).toContain('外星人入侵');
    expect(await counts()).toEqual(before);
  });

  it('places rows without coordinates by the address library, and lists the rows it cannot place (never guessed)', async () => {
    const [lane] = (await ds.query(`SELECT id, lat, lng, grid_cell_code FROM addresses WHERE standard_text = '梅川路1350弄'`)) as { id: string; lat: number; lng: number; grid_cell_code: string }[];
    const [placed, fullWidth, ambiguous, unknown] = [ref(), ref(), ref(), ref()];
    const rows = [
      [placed, '小区门口暴露垃圾', '梅川路1350弄小区门口', '', '暴露垃圾', '', '', ''],
      [fullWidth, '垃圾桶满溢', '上海市普陀区梅川路１３５０号', '', '暴露垃圾', '', '', ''],
      [ambiguous, '路面破损', '梅川路1300', '', '暴露垃圾', '', '', ''], // 1300号 or 1300弄?
      [unknown, '只有地址', '某某大厦', '', '暴露垃圾', '', '', ''],
    ];
    const res = await importFile(operator, csv(rows));
    expect(res.status).toBe(201);
    const r = byRow(res.body.rows);
    expect(r[2]).toMatchObject({ externalRef: placed, status: 'created', locatedBy: 'library' });
    expect(r[2].warnings.map((w) => w.code)).toEqual(['LOCATED_BY_LIBRARY']);
    expect(r[3]).toMatchObject({ externalRef: fullWidth, status: 'created', locatedBy: 'library' });
    expect(r[4]).toMatchObject({ externalRef: ambiguous, status: 'refused', caseId: null });
    expect(codes(r[4])).toEqual(['ADDRESS_AMBIGUOUS']);
    expect(r[4].errors[0].message).toContain('梅川路1300号');
    expect(r[4].errors[0].message).toContain('梅川路1300弄');
    expect(codes(r[5])).toEqual(['ADDRESS_NOT_LOCATED']);

    for (const row of [r[2], r[3]]) {
      const view = await getCase(t, operator, row.caseId!);
      expect(view.case).toMatchObject({ address: '梅川路1350弄', location: { lat: lane.lat, lng: lane.lng }, gridCellCode: lane.grid_cell_code });
      expect(view.timeline[0].payload).toMatchObject({ locatedBy: 'library' });
    }
    const [order] = (await ds.query(`SELECT located_by FROM hotline_orders WHERE external_ref = $1`, [placed])) as { located_by: string }[];
    expect(order.located_by).toBe('library');
  });

  it('imports the same file for real: cases through intake (source 12345, on the outbox); the import is in the history', async () => {
    const { good, byAddress, rows } = mixedRows();
    const before = await counts();
    const res = await importFile(operator, csv(rows));
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.counts).toEqual({ total: 9, created: 2, merged: 0, unchanged: 0, refused: 7 });
    const created = res.body.rows.filter((x) => x.status === 'created');
    expect(created.map((x) => x.externalRef)).toEqual([good, byAddress]);
    const after = await counts();
    expect(after.cases - before.cases).toBe(2);
    expect(after.orders - before.orders).toBe(2);
    expect(after.imports - before.imports).toBe(1);
    expect(after.outbox - before.outbox).toBeGreaterThanOrEqual(2);

    const view = await getCase(t, operator, created[0].caseId!);
    expect(view.case).toMatchObject({ source: 'hotline_12345', categoryCode: 'E0102', state: 'REPORTED', districtCode: 'xincheng', gridCellCode: 'xincheng-01', number: created[0].caseNumber });
    expect(view.case.description).toBe(`【12345工单 ${good}】小区门口垃圾堆放多日无人清运`);
    expect(view.case.reporter).toEqual({ name: '王先生', phone: '13800001234' });
    expect(view.case.occurredAt).toBe('2026-11-26T01:05:00.000Z'); // 09:05 in Shanghai
    expect(view.timeline[0].payload).toMatchObject({ externalRef: good, hotlineImportId: res.body.id, locatedBy: 'coordinates' });
    const [outboxRow] = (await ds.query(`SELECT topic FROM outbox WHERE case_id = $1`, [created[0].caseId])) as { topic: string }[];
    expect(outboxRow.topic).toBe('case.created');

    const placed = await getCase(t, operator, created[1].caseId!);
    expect(placed.case).toMatchObject({ categoryCode: 'C0118', gridCellCode: 'xincheng-02', address: '新城第2网格 真北路口' });
    expect(placed.case.reporter).toEqual({ name: '赵先生', phone: null });

    const history = await t.request<Page<HotlineImportSummary>>('GET', '/api/v1/hotline-imports', { token: lead });
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({ id: res.body.id, counts: res.body.counts, importedBy: { name: expect.any(String) } });
    const one = await t.request<HotlineImportResult>('GET', `/api/v1/hotline-imports/${res.body.id}`, { token: lead });
    expect(one.body.rows).toEqual(res.body.rows);

    // the same file again: nothing new, each known 工单 reported as unchanged
    const again = await importFile(operator, csv(rows));
    expect(again.status).toBe(201);
    expect(again.body.counts).toEqual({ total: 9, created: 0, merged: 0, unchanged: 2, refused: 7 });
    expect(again.body.rows.filter((x) => x.status === 'unchanged').map((x) => x.caseId)).toEqual(created.map((x) => x.caseId));
    const afterAgain = await counts();
    expect([afterAgain.cases, afterAgain.orders]).toEqual([after.cases, after.orders]);
  });

  it('merges a changed work order into its case as a timeline note, once', async () => {
    const no = ref();
    const first = await importFile(operator, csv([[no, '井盖松动', '新城路8号', at('xincheng-03'), '井盖破损', '2026-11-26 10:00', '钱先生', '13900000000']]));
    expect(first.body.counts.created).toBe(1);
    const caseId = first.body.rows[0].caseId!;
    const changed = csv([[no, '井盖松动，已有行人绊倒', '新城路8号', at('xincheng-03'), '井盖破损', '2026-11-26 10:00', '钱先生', '13900000000']]);

    const dry = await importFile(operator, changed, { dryRun: true });
    expect(dry.body.rows[0]).toMatchObject({ status: 'merged', caseId });
    const merged = await importFile(operator, changed);
    expect(merged.body.rows[0]).toMatchObject({ status: 'merged', caseId });
    const view = await getCase(t, operator, caseId);
    const note = view.timeline.filter((e) => e.type === 'comment').map((e) => (e.systemNote ? systemNoteText(e.systemNote, 'zh-CN') : e.note));
    expect(note).toHaveLength(1);
    expect(note[0]).toContain(`12345工单 ${no} 更新`);
    expect(note[0]).toContain('井盖松动，已有行人绊倒');
    expect(note[0]).not.toContain('13900000000'); // contact details stay in the masked reporter fields
    expect((await importFile(operator, changed)).body.rows[0].status).toBe('unchanged');
  });

  it('imports an XLSX with its own mapping: 经度/纬度 columns, date cells, numeric 工单号, 分类 table and address keywords', async () => {
    const mapping = await t.request<HotlineMappingView>('POST', '/api/v1/hotline-import-mappings', {
      token: lead,
      body: {
        name: '区平台导出 v2',
        columns: { externalRef: '工单编号', description: '诉求描述', category: '问题类型', address: '事发地址', lng: '经度', lat: '纬度', calledAt: '受理时间', reporterName: '来电人', reporterPhone: '来电号码' },
        categories: { 垃圾满溢: 'E0102' },
        addressHints: [{ contains: '铜川路菜场', gridCellCode: 'meichuan-03' }],
      },
    });
    expect(mapping.status).toBe(201);
    expect(mapping.body).toMatchObject({ isDefault: false, coordinateSystem: 'wgs84' });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(['工单编号', '诉求描述', '问题类型', '事发地址', '经度', '纬度', '受理时间', '来电人', '来电号码']);
    const p = sampleInteriorPoint('jinsha-02');
    const numericRef = 20261126777 + serial++;
    // exceljs writes a Date as the wall-clock value it shows; 12345 exports are in Shanghai time
    sheet.addRow([numericRef, '垃圾桶满了没人倒', '垃圾满溢', '金沙江路100号', p.lng, p.lat, new Date(Date.UTC(2026, 10, 26, 14, 30)), '孙女士', '021-62345678']);
    const textRef = ref();
    sheet.addRow([textRef, '菜场门口乱堆物', '乱堆物堆料', '铜川路菜场北门', null, null, '2026-11-26 15:00', '周先生', '13700000000']);
    sheet.addRow([ref(), '只有经度', '乱堆物堆料', '', 121.38, null, null, null, null]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());

    const res = await importFile(operator, data, { mappingId: mapping.body.id, name: '12345导出.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileType: 'xlsx', fileName: '12345导出.xlsx', mapping: { id: mapping.body.id, name: '区平台导出 v2' } });
    const r = byRow(res.body.rows);
    expect(r[2]).toMatchObject({ externalRef: String(numericRef), status: 'created', locatedBy: 'coordinates' });
    expect(r[3]).toMatchObject({ externalRef: textRef, status: 'created', locatedBy: 'address' });
    expect(codes(r[4])).toEqual(['BAD_COORDINATES']);

    const numeric = await getCase(t, operator, r[2].caseId!);
    expect(numeric.case).toMatchObject({ categoryCode: 'E0102', districtCode: 'jinsha', gridCellCode: 'jinsha-02', occurredAt: '2026-11-26T06:30:00.000Z' });
    expect(numeric.case.location).toEqual({ lat: p.lat, lng: p.lng });
    const hinted = await getCase(t, operator, r[3].caseId!);
    expect(hinted.case).toMatchObject({ categoryCode: 'E0507', gridCellCode: 'meichuan-03', occurredAt: '2026-11-26T07:00:00.000Z' });
  });

  it('converts GCJ-02 coordinates where the mapping says so', async () => {
    const mapping = await t.request<HotlineMappingView>('POST', '/api/v1/hotline-import-mappings', {
      token: admin,
      body: { name: '高德坐标导出', columns: { externalRef: '工单号', description: '诉求内容', category: '分类', coordinates: '坐标' }, coordinateSystem: 'gcj02' },
    });
    expect(mapping.status).toBe(201);
    const wgs = sampleInteriorPoint('nujiang-04');
    const gcj = wgs84ToGcj02(wgs);
    const res = await importFile(operator, csv([[ref(), '道路积水', `${gcj.lng.toFixed(7)},${gcj.lat.toFixed(7)}`, '道路积水']], ['工单号', '诉求内容', '坐标', '分类']), { mappingId: mapping.body.id });
    expect(res.body.rows[0]).toMatchObject({ status: 'created' });
    const view = await getCase(t, operator, res.body.rows[0].caseId!);
    expect(view.case.gridCellCode).toBe('nujiang-04');
    expect(Math.abs(view.case.location.lat - wgs.lat)).toBeLessThan(1e-6);
    expect(Math.abs(view.case.location.lng - wgs.lng)).toBeLessThan(1e-6);
  });

  it('creates each work order once when the same file is imported twice at the same moment', async () => {
    const rows = [0, 1, 2].map((i) => [ref(), `并发导入 ${i}`, '', at(`meichuan-0${i + 1}`), '暴露垃圾', '', '', '']);
    const before = await counts();
    const [a, b] = await Promise.all([importFile(operator, csv(rows)), importFile(lead, csv(rows))]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.counts.created + b.body.counts.created).toBe(3);
    expect(a.body.counts.unchanged + b.body.counts.unchanged).toBe(3);
    expect((await counts()).cases - before.cases).toBe(3);
  });

  it('refuses files it cannot read as a whole, with the reason', async () => {
    expectError(await importFile(operator, csv([[ref(), 'x']], ['工单号', '诉求内容'])), 422, 'MISSING_COLUMNS');
    const many = csv(Array.from({ length: t.config.HOTLINE_IMPORT_MAX_ROWS + 1 }, (_, i) => [`R${i}`, '诉求', '', at('xincheng-01'), '暴露垃圾', '', '', '']));
    expectError(await importFile(operator, many, { dryRun: true }), 413, 'TOO_MANY_ROWS');
    expectError(await importFile(operator, Buffer.alloc(t.config.HOTLINE_IMPORT_MAX_BYTES + 1, 0x41)), 413, 'PAYLOAD_TOO_LARGE');
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expectError(await importFile(operator, xls, { name: 'old.xls' }), 415, 'XLS_NOT_SUPPORTED');
    expectError(await importFile(operator, Buffer.from([1, 0, 2, 0, 3])), 415, 'NOT_A_TABLE');
    expectError(await importFile(operator, Buffer.from('PK\u0003\u0004 not really a zip', 'latin1'), { name: 'x.xlsx' }), 422, 'XLSX_UNREADABLE');
    expectError(await importFile(operator, csv([]), { mappingId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    const bad = await t.request('POST', '/api/v1/hotline-imports?dryRun=maybe', { token: operator, body: {} });
    expectError(bad, 400, 'VALIDATION_FAILED');
  });

  it('lets only operators, shift leads and admins import or manage mappings', async () => {
    const file = csv([[ref(), '角色测试', '', at('xincheng-01'), '暴露垃圾', '', '', '']]);
    for (const who of ['worker.xincheng', 'unit.shirong', 'supervisor']) {
      const token = await t.login(who);
      expectError(await importFile(token, file), 403, 'FORBIDDEN');
      expectError(await importFile(token, file, { dryRun: true }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', '/api/v1/hotline-imports', { token }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', '/api/v1/hotline-import-mappings', { token }), 403, 'FORBIDDEN');
    }
    expectError(await postMultipart(t, '/api/v1/hotline-imports', undefined, [{ name: 'file', filename: 'a.csv', contentType: 'text/csv', data: file }]), 401, 'UNAUTHORIZED');
    for (const token of [operator, lead, admin]) expect((await importFile(token, file, { dryRun: true })).status).toBe(200);
  });

  it('keeps mappings consistent: names unique, references checked, one default that cannot be deleted', async () => {
    const list = await t.request<HotlineMappingView[]>('GET', '/api/v1/hotline-import-mappings', { token: operator });
    const standard = list.body.find((m) => m.isDefault)!;
    expect(standard.columns).toMatchObject({ externalRef: '工单号', description: '诉求内容', category: '分类', address: '地址', coordinates: '坐标' });
    expect(standard.categories['路灯不亮']).toBe('C0118');

    const body = { name: '临时映射', columns: { externalRef: '编号', description: '内容', category: '类别', address: '地址' } };
    const made = await t.request<HotlineMappingView>('POST', '/api/v1/hotline-import-mappings', { token: operator, body });
    expect(made.status).toBe(201);
    expectError(await t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body }), 409, 'CONFLICT');
    expectError(await t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: { ...body, name: '坏分类', categories: { 某类: 'Z9999' } } }), 422, 'UNKNOWN_REFERENCE');
    expectError(
      await t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: { ...body, name: '坏网格', addressHints: [{ contains: '某路', gridCellCode: 'nowhere-09' }] } }),
      422,
      'UNKNOWN_REFERENCE',
    );
    expectError(await t.request('POST', '/api/v1/hotline-import-mappings', { token: operator, body: { name: '无位置', columns: { externalRef: 'a', description: 'b', category: 'c' } } }), 400, 'VALIDATION_FAILED');

    const promoted = await t.request<HotlineMappingView>('PUT', `/api/v1/hotline-import-mappings/${made.body.id}`, { token: lead, body: { ...body, isDefault: true } });
    expect(promoted.body.isDefault).toBe(true);
    expect((await t.request<HotlineMappingView>('GET', `/api/v1/hotline-import-mappings/${standard.id}`, { token: lead })).body.isDefault).toBe(false);
    expectError(await t.request('DELETE', `/api/v1/hotline-import-mappings/${made.body.id}`, { token: lead }), 422, 'DEFAULT_MAPPING');
    // the standard one back as default, then the temporary one can go
    await t.request('PUT', `/api/v1/hotline-import-mappings/${standard.id}`, { token: lead, body: { ...standard, id: undefined, updatedAt: undefined, isDefault: true } });
    expect((await t.request('DELETE', `/api/v1/hotline-import-mappings/${made.body.id}`, { token: lead })).status).toBe(204);
    expectError(await t.request('GET', `/api/v1/hotline-import-mappings/${made.body.id}`, { token: lead }), 404, 'NOT_FOUND');
  });

  it('lets the desk work an imported case like any other', async () => {
    const res = await importFile(operator, csv([[ref(), '共享单车堆满人行道', '', at('meichuan-02'), '共享单车乱停放', '', '', '']]));
    const caseId = res.body.rows[0].caseId!;
    const sent = await t.request<CaseView>('POST', `/api/v1/cases/${caseId}/actions/send-verify`, { token: operator, body: { version: 1 } });
    expect(sent.status).toBe(200);
    expect(sent.body.case.state).toBe('PENDING_VERIFY');
  });
});
