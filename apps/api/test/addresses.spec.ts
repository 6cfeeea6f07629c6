import { DataSource } from 'typeorm';
import type { AddressImportResult, AddressSearchResult, AddressView, CaseView, ErrorBody, Page } from '@gridops/contracts';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { reportBody } from './support/fixtures';
import { postMultipart } from './support/uploads';

/** 标准地址库: fuzzy search of the seeded library, admin edits, CSV import (dry run, per-row results, idempotent), roles. */
describe('address library', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, admin: string, worker: string, unit: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, admin, worker, unit] = await Promise.all(['operator', 'admin', 'worker.meichuan', 'unit.chengguan'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  const search = (q: string, token = operator) => t.request<AddressSearchResult & ErrorBody>('GET', `/api/v1/addresses/search?q=${encodeURIComponent(q)}`, { token });
  const expectError = (res: Answer<unknown>, status: number, code?: string) =>
    expect({ status: res.status, ...(code ? { code: (res.body as ErrorBody).error?.code } : {}) }).toEqual({ status, ...(code ? { code } : {}) });
  const importCsv = (data: string, dryRun: boolean, token = admin) =>
    postMultipart<AddressImportResult & ErrorBody>(t, `/api/v1/addresses/import?dryRun=${dryRun}`, token, [
      { name: 'file', filename: 'addresses.csv', contentType: 'text/csv', data: Buffer.from(data) },
    ]);

  describe('search', () => {
    it.each([
      ['梅川路1350弄', '梅川路1350弄'],
      ['梅川路１３５０弄', '梅川路1350弄'], // full-width digits
      ['梅川路 1350 弄', '梅川路1350弄'],
      ['梅川路1350号', '梅川路1350弄'], // 号 for 弄
      ['梅川1350弄', '梅川路1350弄'], // missing 路
      ['梅穿路1350弄', '梅川路1350弄'], // one character wrong
      ['上海市普陀区长征镇梅川路1350弄', '梅川路1350弄'],
      ['梅川路1350弄小区门口暴露垃圾', '梅川路1350弄'], // the 12345 text
      ['梅川一村', '梅川路1350弄'], // the lane's name
      ['真光路１２８８號', '真光路1288号'],
      ['中环百联', '真光路1288号'],
      ['天地软件园', '天地软件园'],
      ['祁连山南2000号', '祁连山南路2000号'],
      ['光复西路 2899', '光复西路2899号'],
      ['梅川路1300号', '梅川路1300号'], // both 1300号 and 1300弄 exist: the exact one
    ])('%s finds %s first and resolves to it', async (q, standard) => {
      const res = await search(q);
      expect(res.status).toBe(200);
      expect(res.body.items[0].standardText).toBe(standard);
      expect(res.body).toMatchObject({ status: 'resolved', match: { standardText: standard } });
    });

    it('answers an ambiguous text with candidates, not a guess', async () => {
      for (const [q, expected] of [
        ['梅川路1300', ['梅川路1300号', '梅川路1300弄']],
        ['金沙', ['金沙新城', '金沙江路2150弄']], // the lane is named 金沙雅苑
      ] as const) {
        const res = await search(q);
        expect(res.body.status).toBe('ambiguous');
        expect(res.body.match).toBeNull();
        const texts = res.body.items.map((i) => i.standardText);
        for (const e of expected) expect(texts).toContain(e);
      }
      expect((await search('梅川路1352弄')).body.status).toBe('ambiguous'); // another number is not the one asked
      expect((await search('人民广场')).body).toMatchObject({ status: 'none', items: [] });
    });

    it('gives each entry its 片区 and grid cell from its point, and says it is schematic', async () => {
      const { items } = (await search('梅川路1350弄')).body;
      const [cell] = (await ds.query(
        `SELECT g.code, g.district_code FROM grid_cells g WHERE g.code = $1`,
        [items[0].gridCellCode],
      )) as { code: string; district_code: string }[];
      expect(items[0]).toMatchObject({ kind: 'lane', road: '梅川路', number: '1350', schematic: true, source: 'seed', districtCode: cell.district_code });
    });

    it('is open to every signed-in role, bounded, and closed to strangers', async () => {
      expect((await search('梅川路', worker)).status).toBe(200);
      expect((await search('梅川路', unit)).status).toBe(200);
      expectError(await t.request('GET', '/api/v1/addresses/search?q=abc'), 401);
      expectError(await search(''), 400, 'VALIDATION_FAILED');
      expectError(await search('梅'.repeat(101)), 400, 'VALIDATION_FAILED');
      expectError(await t.request('GET', '/api/v1/addresses/search?q=a&limit=999', { token: operator }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('admin edits', () => {
    it('creates, edits and deletes an entry; district and cell follow the point', async () => {
      expectError(await t.request('POST', '/api/v1/addresses', { token: operator, body: { kind: 'landmark', name: 'x', location: { lat: 31.24, lng: 121.39 } } }), 403);
      const created = await t.request<AddressView>('POST', '/api/v1/addresses', {
        token: admin,
        body: { kind: 'lane', road: '吉镇路', number: '１２０', aliases: ['吉镇小区'], location: { lat: 31.2345, lng: 121.3958 } },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ standardText: '吉镇路120弄', number: '120', schematic: false, source: 'admin', aliases: ['吉镇小区'] });
      expect((await search('吉镇小区')).body.match?.id).toBe(created.body.id);

      const moved = await t.request<AddressView>('PATCH', `/api/v1/addresses/${created.body.id}`, { token: admin, body: { location: { lat: 31.2465, lng: 121.3959 } } });
      expect(moved.status).toBe(200);
      expect(moved.body.gridCellCode).not.toBe(created.body.gridCellCode);

      expectError(await t.request('POST', '/api/v1/addresses', { token: admin, body: { kind: 'lane', road: '吉镇路', number: '120', location: { lat: 31.2345, lng: 121.3958 } } }), 409, 'CONFLICT');
      expectError(await t.request('POST', '/api/v1/addresses', { token: admin, body: { kind: 'lane', road: '吉镇路', location: { lat: 31.2345, lng: 121.3958 } } }), 400, 'VALIDATION_FAILED');
      expectError(await t.request('POST', '/api/v1/addresses', { token: admin, body: { kind: 'landmark', name: '东方明珠', location: { lat: 31.2397, lng: 121.4998 } } }), 400, 'VALIDATION_FAILED');
      expectError(await t.request('PATCH', `/api/v1/addresses/${created.body.id}`, { token: admin, body: {} }), 400, 'VALIDATION_FAILED');
      expectError(await t.request('GET', '/api/v1/addresses/not-a-uuid', { token: admin }), 404, 'NOT_FOUND');

      expect((await t.request('DELETE', `/api/v1/addresses/${created.body.id}`, { token: admin })).status).toBe(204);
      expect((await search('吉镇小区')).body.match).toBeNull();
    });

    it('lists the library page by page for admins', async () => {
      expectError(await t.request('GET', '/api/v1/addresses', { token: operator }), 403);
      const first = await t.request<Page<AddressView>>('GET', '/api/v1/addresses?limit=10&district=meichuan', { token: admin });
      expect(first.body.items).toHaveLength(10);
      expect(first.body.items.every((a) => a.districtCode === 'meichuan')).toBe(true);
      const next = await t.request<Page<AddressView>>('GET', `/api/v1/addresses?limit=10&district=meichuan&cursor=${encodeURIComponent(first.body.nextCursor as string)}`, { token: admin });
      expect(next.body.items.map((a) => a.id)).not.toContain(first.body.items[0].id);
      const byText = await t.request<Page<AddressView>>('GET', `/api/v1/addresses?q=${encodeURIComponent('梅川1350')}`, { token: admin });
      expect(byText.body.items.map((a) => a.standardText)).toEqual(['梅川路1350弄']);
    });
  });

  describe('CSV import', () => {
    const header = '类型,道路,号,名称,别名,经度,纬度';
    const rows = [
      'lane,怒江路,600,怒江新村,怒江六百弄,121.3901,31.2470', // new
      '门牌,梅川路,1350,,,121.3895,31.2400', // new: 梅川路1350号 beside the seeded 1350弄
      '弄,梅川路,1350,梅川一村,梅川一街坊,121.38845,31.23995', // the seeded lane, surveyed now
      '小区,,,金沙新城,,121.3930,31.2352', // the seeded compound, same point: imported makes it surveyed
      '地标,,,外滩,,121.4900,31.2400', // outside the town
      '弄,梅川路,,,,121.38,31.24', // no number
      '星球,,,火星,,121.38,31.24', // unknown kind
      'lane,怒江路,600,,,121.3901,31.2470', // the same address as row 2
    ];
    const file = [header, ...rows].join('\r\n');

    it('dry-runs with per-row results and writes nothing, then applies, then re-applies as unchanged', async () => {
      const before = ((await ds.query(`SELECT count(*)::int AS n FROM addresses`)) as { n: number }[])[0].n;
      const dry = await importCsv(file, true);
      expect(dry.status).toBe(200);
      expect(dry.body.counts).toEqual({ total: 8, created: 2, updated: 2, unchanged: 0, refused: 4 });
      const r = Object.fromEntries(dry.body.rows.map((x) => [x.row, x]));
      expect(r[2]).toMatchObject({ status: 'created', standardText: '怒江路600弄', id: null });
      expect(r[3]).toMatchObject({ status: 'created', standardText: '梅川路1350号' });
      expect(r[4]).toMatchObject({ status: 'updated', standardText: '梅川路1350弄', id: expect.any(String) });
      expect(r[6].errors.join()).toMatch(/outside 长征镇/);
      expect(r[7].errors.join()).toMatch(/needs its number/);
      expect(r[8].errors.join()).toMatch(/unknown kind/);
      expect(r[9].errors.join()).toMatch(/row 2/);
      expect(((await ds.query(`SELECT count(*)::int AS n FROM addresses`)) as { n: number }[])[0].n).toBe(before);

      expectError(await importCsv(file, false, operator), 403);
      const applied = await importCsv(file, false);
      expect(applied.status).toBe(201);
      expect(applied.body.counts).toEqual({ total: 8, created: 2, updated: 2, unchanged: 0, refused: 4 });
      expect(((await ds.query(`SELECT count(*)::int AS n FROM addresses`)) as { n: number }[])[0].n).toBe(before + 2);
      const [lane] = (await ds.query(`SELECT schematic, source, lng FROM addresses WHERE standard_text = '梅川路1350弄'`)) as { schematic: boolean; source: string; lng: number }[];
      expect(lane).toEqual({ schematic: false, source: 'import', lng: 121.38845 });

      const again = await importCsv(file, false);
      expect(again.body.counts).toEqual({ total: 8, created: 0, updated: 0, unchanged: 4, refused: 4 });
      const changed = await importCsv([header, 'lane,怒江路,600,怒江新村,怒江六百弄,121.3902,31.2470'].join('\n'), false);
      expect(changed.body.counts).toMatchObject({ updated: 1 });

      // now 梅川路1350号 and 梅川路1350弄 both exist: each resolves exactly, the bare number does not
      expect((await search('梅川路1350号')).body.match?.standardText).toBe('梅川路1350号');
      expect((await search('梅川路1350弄')).body.match?.standardText).toBe('梅川路1350弄');
      expect((await search('梅川路1350')).body.status).toBe('ambiguous');
    });

    it('refuses a file without the needed columns, an empty one, and a non-CSV', async () => {
      expectError(await importCsv('道路,号\n梅川路,1', true), 422, 'MISSING_COLUMNS');
      expectError(await importCsv('', true), 400, 'EMPTY_FILE');
      expectError(await postMultipart(t, '/api/v1/addresses/import?dryRun=true', admin, [{ name: 'file', filename: 'x.bin', contentType: 'application/octet-stream', data: Buffer.from([0, 1, 2, 0]) }]), 415, 'NOT_CSV');
      expectError(await t.request('POST', '/api/v1/addresses/import?dryRun=maybe', { token: admin, body: {} }), 400);
    });
  });

  describe('reports', () => {
    it('a report that names a library entry shows its standard form; an unknown entry is refused', async () => {
      const [entry] = (await ds.query(`SELECT id, lat, lng FROM addresses WHERE standard_text = '天地软件园'`)) as { id: string; lat: number; lng: number }[];
      const res = await t.request<CaseView['case']>('POST', '/api/v1/reports', {
        token: operator,
        body: reportBody({ source: 'hotline_12345', address: '天地软件园区门口', addressId: entry.id, location: { lat: entry.lat, lng: entry.lng } }),
      });
      expect(res.status).toBe(201);
      const view = await t.request<CaseView>('GET', `/api/v1/cases/${res.body.id}`, { token: operator });
      expect(view.body.case.address).toBe('天地软件园');
      const bad = await t.request('POST', '/api/v1/reports', {
        token: operator,
        body: reportBody({ source: 'hotline_12345', addressId: '00000000-0000-4000-8000-000000000000', location: { lat: entry.lat, lng: entry.lng } }),
      });
      expectError(bad, 400, 'VALIDATION_FAILED');
    });
  });
});
