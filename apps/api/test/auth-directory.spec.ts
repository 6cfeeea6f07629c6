import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { CaseSummary, CategoryView, DistrictView, GridCellView, Me, Page, TokenPair, UnitView } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint } from './support/fixtures';
import { addSearchTexts } from './support/seed-cases';

describe('auth, health and the directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs in, reads /auth/me, refreshes, and refuses a refresh token used as an access token', async () => {
    const login = await t.request<TokenPair>('POST', '/api/v1/auth/login', { body: { username: 'worker.jinsha', password: 'gridops-demo' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.request<Me>('GET', '/api/v1/auth/me', { token: login.body.accessToken });
    expect(me.body).toMatchObject({ username: 'worker.jinsha', role: 'grid_worker', districtCode: 'jinsha' });

    const refreshed = await t.request<TokenPair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expect((await t.request('GET', '/api/v1/auth/me', { token: login.body.refreshToken })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.accessToken } })).status).toBe(401);
  });

  it('accepts an access token only until it expires, and never a tampered copy, however often it was used', async () => {
    const jwt = t.app.get(JwtService);
    // a token of the real user, at their current token version (a token of a user who does not exist is refused)
    const [user] = (await t.app.get(DataSource).query(`SELECT id, token_version FROM users WHERE username = 'worker.jinsha'`)) as { id: string; token_version: number }[];
    const claims = { typ: 'access', sub: user.id, usr: 'worker.jinsha', name: '金沙网格员', role: 'grid_worker', dst: 'jinsha', unit: null, ver: user.token_version };
    // exp is in whole seconds, so `expiresIn: 1` can leave a token a few ms to live (CI saw it expire mid-test): 3 s
    // leaves it at least 2 s, far more than the four requests below take
    const token = await jwt.signAsync(claims, { expiresIn: 3 });
    const expiresAtMs = (jwt.decode<{ exp: number }>(token).exp) * 1000;
    for (let i = 0; i < 3; i++) expect((await t.request('GET', '/api/v1/cases?limit=1', { token })).status).toBe(200);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await t.request('GET', '/api/v1/cases?limit=1', { token: tampered })).status).toBe(401);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAtMs - Date.now()) + 50));
    expect((await t.request('GET', '/api/v1/cases?limit=1', { token })).status).toBe(401);
  });

  it('revokes refresh tokens when the user is deactivated', async () => {
    const login = await t.request<TokenPair>('POST', '/api/v1/auth/login', { body: { username: 'worker2.meichuan', password: 'gridops-demo' } });
    await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE username = 'worker2.meichuan'`);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/login', { body: { username: 'worker2.meichuan', password: 'gridops-demo' } })).status).toBe(401);
  });

  it('reports Postgres and Redis up on /health', async () => {
    const res = await t.request('GET', '/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', checks: { postgres: 'up', redis: 'up' } } });
  });

  it('serves the four districts with outlines, 16 grid cells, 37 categories and the units', async () => {
    const token = await t.login('operator');
    const districts = await t.request<DistrictView[]>('GET', '/api/v1/districts', { token });
    expect(districts.body.map((d) => d.code).sort()).toEqual(['jinsha', 'meichuan', 'nujiang', 'xincheng']);
    expect(districts.body.find((d) => d.code === 'xincheng')).toMatchObject({ nameZh: '新城', geometry: { type: 'Polygon' } });
    const cells = await t.request<GridCellView[]>('GET', '/api/v1/grid-cells', { token });
    expect(cells.body).toHaveLength(16);
    const jinshaCells = await t.request<GridCellView[]>('GET', '/api/v1/grid-cells?district=jinsha', { token });
    expect(jinshaCells.body.map((c) => c.code)).toEqual(['jinsha-01', 'jinsha-02', 'jinsha-03', 'jinsha-04']);
    const categories = await t.request<CategoryView[]>('GET', '/api/v1/categories', { token });
    expect(categories.body).toHaveLength(37);
    expect(categories.body.find((c) => c.code === 'E0102')).toMatchObject({ nameZh: '暴露垃圾', handlingLimit: { amount: 4, unit: 'working_hours' } });
    const units = await t.request<UnitView[]>('GET', '/api/v1/units', { token });
    expect(units.body.map((u) => u.code)).toEqual(expect.arrayContaining(['chengguan', 'shirong', 'shuiwu']));
  });

  it('lets an admin change a category limit, which the next dispatch uses; others get 403', async () => {
    const admin = await t.login('admin');
    const lead = await t.login('lead');
    const operator = await t.login('operator');
    expect((await t.request('PATCH', '/api/v1/categories/E0104', { token: lead, body: { priority: 'P1' } })).status).toBe(403);
    expect((await t.request('PATCH', '/api/v1/categories/E0104', { token: admin, body: {} })).status).toBe(400);
    expect((await t.request('PATCH', '/api/v1/categories/Z9999', { token: admin, body: { priority: 'P1' } })).status).toBe(404);
    const changed = await t.request<CategoryView>('PATCH', '/api/v1/categories/E0104', {
      token: admin,
      body: { handlingLimit: { amount: 3, unit: 'natural_hours' } },
    });
    expect(changed.body.handlingLimit).toEqual({ amount: 3, unit: 'natural_hours' });

    const c = await createCase(t, operator, { categoryCode: 'E0104', location: sampleInteriorPoint('nujiang-02') });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    const d = await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'shirong' } });
    const started = new Date(d.case.milestones.dispatchedAt as string).getTime();
    expect(new Date(d.case.handlingDueAt as string).getTime() - started).toBe(3 * 3600_000);
  });
});

describe('case lists', () => {
  let t: TestApp;
  let operator: string;
  beforeAll(async () => {
    t = await startTestApp();
    operator = await t.login('operator');
    const cells = ['xincheng-01', 'jinsha-02', 'nujiang-03', 'meichuan-04'];
    for (let i = 0; i < 60; i++) {
      await createCase(t, operator, {
        location: sampleInteriorPoint(cells[i % 4]),
        source: i % 3 === 0 ? 'patrol' : 'hotline_12345',
        categoryCode: i % 5 === 0 ? 'E0505' : 'E0102',
        description: i === 7 ? '井盖缺失 missing cover 编号7' : `问题 ${i}`,
      });
    }
    await addSearchTexts(t.db.ownerUrl); // their texts, as the relay (not running here) adds a report's
  });
  afterAll(() => t.close());

  const list = (query: string) => t.request<Page<CaseSummary>>('GET', `/api/v1/cases?${query}`, { token: operator });

  it('pages through every case once, newest first, with a cursor', async () => {
    const seen: CaseSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<CaseSummary> } = await list(`limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen.map((c) => c.id)).size).toBe(60);
    const times = seen.map((c) => c.reportedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by district, grid, source, category, state, light, text and open', async () => {
    expect((await list('district=jinsha&limit=200')).body.items).toHaveLength(15);
    expect((await list('district=jinsha,nujiang&limit=200')).body.items).toHaveLength(30);
    expect((await list('grid=meichuan-04&limit=200')).body.items.every((c) => c.gridCellCode === 'meichuan-04')).toBe(true);
    expect((await list('source=patrol&limit=200')).body.items).toHaveLength(20);
    expect((await list('category=E0505&limit=200')).body.items).toHaveLength(12);
    expect((await list('state=REPORTED&limit=200')).body.items).toHaveLength(60);
    expect((await list('state=CLOSED')).body.items).toHaveLength(0);
    expect((await list('light=green&limit=200')).body.items).toHaveLength(60);
    expect((await list('light=red')).body.items).toHaveLength(0);
    const found = await list(`q=${encodeURIComponent('井盖')}`);
    expect(found.body.items.map((c) => c.description)).toEqual(['井盖缺失 missing cover 编号7']);
    expect((await list('open=false')).body.items).toHaveLength(0);
  });

  it('shows a case red once its clock has run out', async () => {
    const [first] = (await list('limit=1')).body.items;
    await t.app.get(DataSource).query(`UPDATE cases SET clock_yellow_at = now() - interval '2 min', clock_due_at = now() - interval '1 min' WHERE id = $1`, [first.id]);
    const red = await list('light=red');
    expect(red.body.items.map((c) => c.id)).toEqual([first.id]);
    expect(red.body.items[0].light).toBe('red');
  });
});

