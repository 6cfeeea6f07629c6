import { DataSource } from 'typeorm';
import type { CaseSummary, Page } from '@gridops/contracts';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, getCase, must, sampleInteriorPoint } from './support/fixtures';

/**
 * The desk's filters on `GET /cases` (督办, 紧急, dispatch hold, duplicate suggestion) and the flags every case
 * summary carries so a list row — and a live event — can show them: the pipeline sets hold and duplicate itself.
 */
describe('desk filters on the case list', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [operator, lead] = await Promise.all(['operator', 'lead'].map((u) => t.login(u)));

    // 督办: urged by the desk
    const urged = await createCase(t, operator, { location: sampleInteriorPoint('jinsha-02'), description: 'desk-filters urged' });
    await must(t, operator, urged.id, 'urge', { note: '尽快处理' });
    ids.urged = urged.id;

    // 紧急: filed as urgent by the shift lead
    const urgent = await createCase(t, operator, { location: sampleInteriorPoint('jinsha-03'), categoryCode: 'E0104', description: 'desk-filters urgent' });
    await must(t, operator, urgent.id, 'register');
    await must(t, lead, urgent.id, 'file', { urgent: true });
    ids.urgent = urgent.id;

    // dispatch hold: no one on duty in the cell, so the pipeline leaves it to the desk
    await ds.query(`UPDATE duty_roster SET ends_at = now() WHERE grid_cell_code = 'meichuan-03'`);
    const held = await createCase(t, operator, { location: sampleInteriorPoint('meichuan-03'), categoryCode: 'E0506', description: 'desk-filters held' });
    await must(t, operator, held.id, 'register');
    await must(t, lead, held.id, 'file');
    ids.held = held.id;

    // duplicate suggestion: a second report of the same category a few metres from an open case
    const point = sampleInteriorPoint('nujiang-01');
    const first = await createCase(t, operator, { location: point, categoryCode: 'E0201', description: 'desk-filters first' });
    const again = await createCase(t, operator, { location: { lat: point.lat + 0.0001, lng: point.lng }, categoryCode: 'E0201', description: 'desk-filters again' });
    ids.first = first.id;
    ids.again = again.id;

    await waitFor(
      async () => {
        const [h, d] = await Promise.all([getCase(t, operator, held.id), getCase(t, operator, again.id)]);
        return h.case.dispatchHold && d.case.suggestedDuplicateOf ? true : null;
      },
      { what: 'the pipeline to flag the held case and the duplicate' },
    );
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?limit=200&${query}`, { token: operator });
    expect(res.status).toBe(200);
    return res.body.items.filter((c) => c.description.startsWith('desk-filters'));
  };
  const names = (items: CaseSummary[]) => items.map((c) => c.id).sort();

  it('carries the flags and the yellow threshold in every summary', async () => {
    const all = await list('open=true');
    const byId = Object.fromEntries(all.map((c) => [c.id, c]));
    expect(byId[ids.held]).toMatchObject({ state: 'PENDING_DISPATCH', dispatchHold: 'no_one_on_duty', suggestedDuplicateOf: null });
    expect(byId[ids.again]).toMatchObject({ state: 'REPORTED', suggestedDuplicateOf: ids.first, dispatchHold: null });
    expect(byId[ids.urged].supervised).toBe(true);
    expect(byId[ids.urgent].urgent).toBe(true);
    for (const c of all) expect(c).toHaveProperty('clockYellowAt');
    const clocked = all.find((c) => c.clockDueAt !== null);
    expect(clocked?.clockYellowAt).not.toBeNull();
  });

  it('filters by 督办, 紧急, dispatch hold and duplicate suggestion — and by their absence', async () => {
    expect(names(await list('supervised=true'))).toEqual([ids.urged]);
    expect(names(await list('urgent=true'))).toEqual([ids.urgent]);
    expect(names(await list('held=true'))).toEqual([ids.held]);
    expect(names(await list('duplicate=true&state=REPORTED'))).toEqual([ids.again]);
    const notHeld = names(await list('held=false'));
    expect(notHeld).not.toContain(ids.held);
    expect(notHeld).toContain(ids.urged);
    expect(names(await list('supervised=false&urgent=false&duplicate=false&held=false'))).toEqual([ids.first].sort());
  });

  it('refuses a flag that is not true or false', async () => {
    for (const q of ['held=yes', 'duplicate=1', 'supervised=', 'urgent=TRUE']) {
      const res = await t.request('GET', `/api/v1/cases?${q}`, { token: operator });
      expect([q, res.status]).toEqual([q, 400]);
    }
  });
});
