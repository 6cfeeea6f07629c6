import pg from 'pg';
import type { CaseLinks, CaseView, Hotspot, HotspotDetail, HotspotList, SpecialCaseResult } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, getCase, must, sampleInteriorPoint } from './support/fixtures';

/**
 * 高发点位 (hotspots, docs/board.md): three reports of one category within 50 m in 30 days make a hotspot, listed in
 * the caller's 片区 scope; the shift lead opens one 专项 case for it through the ordinary intake, linked to its repeats,
 * and opening it again (or twice at once) makes no second case.
 */
describe('hotspots and their 专项 case', () => {
  let t: TestApp;
  let operator: string, lead: string, jinshaLead: string, worker: string, unit: string;
  let owner: pg.Client;
  // in 新城, away from other suites' points; E0506 and E0102 are both active categories
  // each test at its own point of the cell (its centre, then halfway to each corner)
  const spot = (index: number) => (north: number, east = 0) => {
    const at = sampleInteriorPoint('xincheng-03', index);
    return { lat: at.lat + north / 110_540, lng: at.lng + east / (111_320 * Math.cos((at.lat * Math.PI) / 180)) };
  };
  const off = spot(0);

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login('admin');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'lead.jinsha', displayName: '金沙值班长', role: 'shift_lead', districtCode: 'jinsha', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    [operator, lead, worker, unit] = await Promise.all(['operator', 'lead', 'worker.xincheng', 'unit.chengguan'].map((u) => t.login(u)));
    jinshaLead = await t.login('lead.jinsha', 'a-long-password-1');
    owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const list = (token: string, q = '') => t.request<HotspotList>('GET', `/api/v1/hotspots${q}`, { token });
  const hotspotOf = async (caseId: string, token = operator): Promise<Hotspot | undefined> => {
    const res = await list(token);
    expect(res.status).toBe(200);
    return res.body.items.find((h) => h.members.some((m) => m.id === caseId) || h.id === caseId);
  };
  const open = (token: string, id: string, body: Record<string, unknown> = {}) => t.request<SpecialCaseResult>('POST', `/api/v1/hotspots/${id}/special`, { token, body });
  const links = async (token: string, id: string) => {
    const res = await t.request<CaseLinks>('GET', `/api/v1/cases/${id}/links`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('forms at the third report of a category within 50 m, not before; another category, a far one or a void one does not count', async () => {
    const first = await createCase(t, operator, { categoryCode: 'E0506', location: off(0) });
    const second = await createCase(t, operator, { categoryCode: 'E0506', location: off(30, 10) });
    await createCase(t, operator, { categoryCode: 'E0102', location: off(5) });
    await createCase(t, operator, { categoryCode: 'E0506', location: off(-70) });
    const voided = await createCase(t, operator, { categoryCode: 'E0506', location: off(3) });
    await must(t, operator, voided.id, 'void', { reasonCode: 'invalid', note: '无效' });
    expect(await hotspotOf(first.id)).toBeUndefined();
    expect(await hotspotOf(second.id)).toBeUndefined();

    const third = await createCase(t, operator, { categoryCode: 'E0506', location: off(-20, -40) });
    const h = await hotspotOf(first.id);
    expect(h).toMatchObject({ id: first.id, categoryCode: 'E0506', caseCount: 3, radiusMetres: 50, districtCode: 'xincheng', specialCase: null });
    expect(h!.members.map((m) => m.id)).toEqual([first.id, second.id, third.id]);
    expect(h!.members[0]).toMatchObject({ number: first.number, state: 'REPORTED', metres: 0 });
    expect(h!.location).toEqual(off(0));

    const filtered = await list(operator, '?category=E0506&district=xincheng');
    expect(filtered.body.items.map((x) => x.id)).toContain(first.id);
    expect(filtered.body.rule).toEqual({ radiusMetres: 50, minCases: 3, windowDays: 30 });
    expect((await list(operator, '?category=E0102')).body.items.map((x) => x.id)).not.toContain(first.id);
    const detail = await t.request<HotspotDetail>('GET', `/api/v1/hotspots/${first.id}`, { token: lead });
    expect(detail.status).toBe(200);
    expect(detail.body.cases.map((c) => c.number)).toEqual([first.number, second.number, third.number]);
  });

  it('forgets a report older than 30 days', async () => {
    const p = (n: number) => spot(1)(n);
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await createCase(t, operator, { categoryCode: 'E0506', location: p(i * 5) }));
    expect((await hotspotOf(cases[0].id))?.caseCount).toBe(3);
    await owner.query(`UPDATE cases SET reported_at = now() - interval '30 days 1 minute' WHERE id = $1`, [cases[0].id]);
    expect(await hotspotOf(cases[1].id)).toBeUndefined();
  });

  it('keeps to the caller’s role and 片区, and refuses bad input with a 4xx', async () => {
    const first = await createCase(t, operator, { categoryCode: 'E0506', location: spot(2)(0) });
    for (let i = 1; i < 3; i++) await createCase(t, operator, { categoryCode: 'E0506', location: spot(2)(i * 10) });
    expect(await hotspotOf(first.id, lead)).toBeDefined();
    expect(await hotspotOf(first.id, jinshaLead)).toBeUndefined();
    expect((await list(jinshaLead)).status).toBe(200);
    expect((await list(jinshaLead, '?district=xincheng')).status).toBe(403);
    expect((await t.request('GET', `/api/v1/hotspots/${first.id}`, { token: jinshaLead })).status).toBe(404);
    expect((await open(jinshaLead, first.id)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/cases/${first.id}/links`, { token: jinshaLead })).status).toBe(404);
    expect((await list(worker)).status).toBe(403);
    expect((await list(unit)).status).toBe(403);
    expect((await open(operator, first.id)).status).toBe(403);
    for (const q of ['?category=rubbish', '?district=nowhere', '?limit=5']) expect((await list(operator, q)).status).toBe(400);
    expect((await t.request('GET', '/api/v1/hotspots/not-a-uuid', { token: operator })).status).toBe(404);
    expect((await open(lead, first.id, { note: 'x'.repeat(501) })).status).toBe(400);
    expect((await open(lead, first.id, { caseIds: [] })).status).toBe(400);
    // a case that is not (or no longer) a hotspot's anchor
    const lone = await createCase(t, operator, { categoryCode: 'E0506', location: spot(2)(-60, -60) });
    expect((await open(lead, lone.id)).status).toBe(404);
  });

  it('opens one 专项 case through the intake, linked to the repeats both ways; opening again links the new repeat, no second case', async () => {
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await createCase(t, operator, { categoryCode: 'E0506', location: spot(3)(0, i * 12) }));
    const res = await open(lead, members[0].id, { note: '排查下水道反复堵塞的根源' });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    expect([...res.body.linkedCaseIds].sort()).toEqual(members.map((m) => m.id).sort());
    const special = res.body.specialCase;

    const file: CaseView = await getCase(t, lead, special.id);
    expect(file.case).toMatchObject({ source: 'patrol', categoryCode: 'E0506', districtCode: 'xincheng', state: 'REPORTED', location: members[0].location });
    expect(file.case.description).toContain('排查下水道反复堵塞的根源');
    expect(file.case.description).toContain(members[2].number);
    expect(file.timeline[0]).toMatchObject({ type: 'report' });
    expect((await links(lead, special.id)).repeats.map((r) => r.id)).toEqual(members.map((m) => m.id));
    for (const m of members) expect((await links(operator, m.id)).special).toEqual({ id: special.id, number: special.number, state: 'REPORTED' });

    // the 专项 case is not a repeat of its own hotspot; the hotspot shows it
    const h = await hotspotOf(members[0].id);
    expect(h).toMatchObject({ caseCount: 3, specialCase: { id: special.id } });

    const again = await open(lead, members[0].id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, specialCase: { id: special.id } });

    const fourth = await createCase(t, operator, { categoryCode: 'E0506', location: spot(3)(10, 5) });
    const third = await open(lead, members[0].id, { note: '再次' });
    expect(third.status).toBe(200);
    expect(third.body.specialCase.id).toBe(special.id);
    expect(third.body.linkedCaseIds).toContain(fourth.id);
    expect((await links(lead, fourth.id)).special?.id).toBe(special.id);
    const { rows } = await owner.query(`SELECT count(DISTINCT special_case_id)::int AS n FROM case_links WHERE member_case_id = ANY($1::uuid[])`, [[...members.map((m) => m.id), fourth.id]]);
    expect(rows[0].n).toBe(1);
  });

  it('two leads opening one hotspot at once make one 专项 case', async () => {
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await createCase(t, operator, { categoryCode: 'E0506', location: spot(4)(0, i * 12) }));
    const lead2 = await t.login('lead');
    const [a, b] = await Promise.all([open(lead, members[0].id), open(lead2, members[0].id)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.specialCase.id).toBe(b.body.specialCase.id);
    const { rows } = await owner.query(`SELECT count(DISTINCT special_case_id)::int AS n FROM case_links WHERE member_case_id = ANY($1::uuid[])`, [members.map((m) => m.id)]);
    expect(rows[0].n).toBe(1);
    const specials = await owner.query(`SELECT count(*)::int AS n FROM cases WHERE description LIKE '专项：%' AND lat = $1 AND lng = $2`, [members[0].location.lat, members[0].location.lng]);
    expect(specials.rows[0].n).toBe(1);
  });
});
