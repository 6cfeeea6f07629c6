import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { AnalyticsStats, CaseSummary, Page } from '@gridops/contracts';
import { townDateOf } from '@gridops/domain';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase } from './support/fixtures';
import { addSearchTexts, seedCases } from './support/seed-cases';

/**
 * Exports (docs/api.md "Exports"): a filtered case list as CSV or XLSX holds exactly the list's rows — every page
 * of it, in its order, in the caller's scope — with Chinese headers Excel opens (BOM), and text a spreadsheet would
 * run as a formula neutralised; an analytics table holds the analytics answer's rows. Bounded, checked input.
 */
describe('exports', () => {
  let t: TestApp;
  let operator: string, supervisor: string, jinshaWorker: string;
  const hostile = '=HYPERLINK("http://evil.example","点我")';

  beforeAll(async () => {
    t = await startTestApp();
    [operator, supervisor, jinshaWorker] = await Promise.all(['operator', 'supervisor', 'worker.jinsha'].map((u) => t.login(u)));
    await seedCases(t.db.ownerUrl, { tag: 'EXPA', count: 400, description: '导出测试 井盖缺失', address: '长征镇真北路1号' });
    // formula-looking text in every text column a reporter controls
    await createCase(t, operator, { description: hostile, address: '@SUM(1+1)' });
    await createCase(t, operator, { description: '-2+3 导出测试', address: '+SUM(1)' });
    // intake trims text; a leading tab or carriage return can still come from another system's rows
    await seedCases(t.db.ownerUrl, { tag: 'EXPT', count: 1, description: '\t=cmd|" /C calc"!A0', address: '\r=1+1' });
    await addSearchTexts(t.db.ownerUrl); // the reported cases' texts, as the relay (not running here) adds them
  });
  afterAll(() => t.close(), 120_000);

  const listAll = async (token: string, query: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Page<CaseSummary> } = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?limit=50&${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids;
  };
  const exportCsv = async (token: string, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/export?format=csv&${query}`, headers: { authorization: `Bearer ${token}` } });
    return { res, rows: res.statusCode === 200 ? (parse(res.body.replace(/^\uFEFF/, ''), { relaxQuotes: false }) as string[][]) : [] };
  };
  const exportXlsx = async (token: string, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/export?format=xlsx&${query}`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { res, rows, sheet: book.worksheets[0] };
  };
  const qs = (query: Record<string, string>) => new URLSearchParams(query).toString();
  const idColumn = (rows: unknown[][]) => rows.slice(1).map((r) => r[r.length - 1]);

  it('holds exactly the rows of the filtered list, all pages, in the list order (CSV and XLSX)', async () => {
    const query = qs({ q: '导出测试', district: 'jinsha,xincheng', open: 'true' });
    const listed = await listAll(operator, query);
    expect(listed.length).toBeGreaterThan(100); // more than two pages of the list
    const csv = await exportCsv(operator, query);
    expect(csv.res.statusCode).toBe(200);
    expect(csv.res.headers['x-export-rows']).toBe(String(listed.length));
    expect(idColumn(csv.rows)).toEqual(listed);
    const xlsx = await exportXlsx(operator, query);
    expect(idColumn(xlsx.rows)).toEqual(listed);
    // and the whole list, unfiltered but for the tag
    expect(idColumn((await exportCsv(operator, 'q=EXPA-')).rows)).toEqual(await listAll(operator, 'q=EXPA-'));
  });

  it('opens in Excel in Chinese: UTF-8 with a BOM, Chinese headers, a file name; English on request', async () => {
    const { res } = await exportCsv(operator, qs({ q: 'EXPA-0000007' }));
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="gridops-cases-${townDateOf(new Date())}.csv"`);
    const [header, row] = parse(res.body.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(['案件编号', '状态', '来源', '类别编码', '类别', '片区', '网格', '地址', '问题描述', '紧急', '督办', '上报时间', '处置时限', '结案时间', '案件ID']);
    expect(row.slice(0, 9)).toEqual(['EXPA-0000007', '待派遣', '网格巡查', 'C0101', '上水井盖', expect.any(String), expect.stringMatching(/^[a-z]+-\d{2}$/), '长征镇真北路1号', '导出测试 井盖缺失 #7']);
    expect(row[11]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const en = parse((await t.app.inject({ method: 'GET', url: '/api/v1/cases/export?q=EXPA-0000007&lang=en', headers: { authorization: `Bearer ${operator}` } })).body.replace(/^\uFEFF/, '')) as string[][];
    expect(en[0].slice(0, 3)).toEqual(['Case number', 'State', 'Source']);
    expect(en[1][1]).toBe('Pending dispatch');
    const xlsx = await exportXlsx(operator, 'q=EXPA-0000007');
    expect(xlsx.res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.sheet.name).toBe('案件');
    expect(xlsx.rows[0][0]).toBe('案件编号');
  });

  it('neutralises formula-looking cells with a leading apostrophe, in CSV and XLSX', async () => {
    const formula = (await exportCsv(operator, qs({ q: 'HYPERLINK' }))).rows[1];
    expect(formula[8]).toBe(`'${hostile}`);
    expect(formula[7]).toBe("'@SUM(1+1)");
    const csv = await exportCsv(operator, qs({ q: '-2+3' }));
    expect(csv.rows[1][8]).toBe("'-2+3 导出测试");
    expect(csv.rows[1][7]).toBe("'+SUM(1)");
    const control = (await exportCsv(operator, qs({ q: 'EXPT-' }))).rows[1];
    expect([control[8], control[7]]).toEqual(["'\t=cmd|\" /C calc\"!A0 #1", "'\r=1+1"]);
    expect((await exportCsv(operator, qs({ q: 'HYPERLINK' }))).res.body).not.toMatch(/(^|,|")=HYPERLINK/m);
    const xlsx = await exportXlsx(operator, qs({ q: 'HYPERLINK' }));
    expect(xlsx.rows[1][8]).toBe(`'${hostile}`); // a string cell, not a formula
    expect(xlsx.rows[1][7]).toBe("'@SUM(1+1)");
  });

  it('exports only what the caller may read: a grid worker gets its own 片区, never another', async () => {
    const own = await exportCsv(jinshaWorker, 'q=EXPA-');
    expect(own.rows.length).toBeGreaterThan(1);
    expect(new Set(own.rows.slice(1).map((r) => r[5]))).toEqual(new Set(['金沙']));
    expect(idColumn(own.rows)).toEqual(await listAll(jinshaWorker, 'q=EXPA-'));
    const other = await exportCsv(jinshaWorker, 'q=EXPA-&district=xincheng');
    expect(other.res.statusCode).toBe(200);
    expect(other.res.headers['x-export-rows']).toBe('0');
    expect(other.rows).toHaveLength(1); // the header alone
  });

  it('refuses bad or unbounded input with 400, and analytics exports to roles without analytics with 403', async () => {
    const get = (token: string, url: string) => t.request('GET', url, { token });
    for (const url of [
      '/api/v1/cases/export?format=pdf',
      '/api/v1/cases/export?lang=fr',
      '/api/v1/cases/export?limit=10',
      '/api/v1/cases/export?cursor=abc',
      `/api/v1/cases/export?${qs({ q: '长'.repeat(5000) })}`,
      '/api/v1/cases/export?state=NOPE',
      '/api/v1/stats/analytics/export?from=2026-01-01&to=2026-01-31&table=people',
      '/api/v1/stats/analytics/export?from=2025-01-01&to=2026-06-30&table=districts',
      '/api/v1/stats/analytics/export?from=2026-02-01&to=2026-01-31&table=districts',
    ]) {
      const res = await get(operator, url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    expect((await get(jinshaWorker, '/api/v1/stats/analytics/export?from=2026-01-01&to=2026-01-31&table=districts')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/cases/export')).status).toBe(401);
  });

  it('exports an analytics table with the rows the analytics answer has, for the same window and cut', async () => {
    const today = townDateOf(new Date());
    const window = `from=${today.slice(0, 8)}01&to=${today}`;
    const answer = (await t.request<AnalyticsStats>('GET', `/api/v1/stats/analytics?${window}`, { token: supervisor })).body;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/stats/analytics/export?${window}&table=gridCells`, headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0].slice(0, 5)).toEqual(['排名', '编码', '名称', '片区', '上报']);
    expect(rows.slice(1).map((r) => [Number(r[0]), r[1], Number(r[4])])).toEqual(answer.gridCells.map((g) => [g.rank, g.code, g.reported]));
    expect(rows.slice(1).reduce((n, r) => n + Number(r[4]), 0)).toBeGreaterThan(0);

    const trend = await t.app.inject({ method: 'GET', url: `/api/v1/stats/analytics/export?${window}&table=trend&format=xlsx&lang=en`, headers: { authorization: `Bearer ${supervisor}` } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(trend.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Trend');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Date', 'Reported', 'Closed']);
    expect(sheet.rowCount - 1).toBe(answer.trend.length);
    expect(sheet.getRow(2).values).toEqual([undefined, answer.trend[0].date, answer.trend[0].created, answer.trend[0].closed]);

    // a 片区-bound caller's analytics export is its own 片区's, as the answer is
    const lead = await t.login('lead');
    const jinsha = await t.app.inject({ method: 'GET', url: `/api/v1/stats/analytics/export?${window}&table=districts&district=jinsha`, headers: { authorization: `Bearer ${lead}` } });
    expect((parse(jinsha.body.replace(/^\uFEFF/, '')) as string[][]).slice(1).map((r) => r[1])).toEqual(['jinsha']);
  });
});
