import { listCasesQuerySchema } from '@gridops/contracts';
import { EMPTY_FILTERS, activeFilterCount, drillHref, fromSearchParams, toListQuery, toSearchString, type DeskFilters } from './desk-filters';
import { BUILTIN_VIEWS, builtinViews, deleteOwnView, loadOwnViews, matchingView, saveOwnView, viewFilters } from './saved-views';

const filters = (f: Partial<DeskFilters>): DeskFilters => ({ ...EMPTY_FILTERS, ...f });

describe('desk filters ↔ the case list query', () => {
  it('maps every filter to the API’s own query names, lists comma-separated and sorted', () => {
    const q = toListQuery(
      filters({
        state: ['PENDING_FILE', 'PENDING_DISPATCH'], district: ['xincheng'], grid: ['xincheng-02'], category: ['E0102'], source: ['hotline_12345', 'patrol'],
        light: ['red'], supervised: true, urgent: false, held: true, duplicate: true, q: '  铜川路 ',
      }),
      { limit: 100, cursor: 'abc' },
    );
    expect(q).toEqual({
      state: 'PENDING_DISPATCH,PENDING_FILE', district: 'xincheng', grid: 'xincheng-02', category: 'E0102', source: 'hotline_12345,patrol',
      light: 'red', supervised: 'true', urgent: 'false', held: 'true', duplicate: 'true', open: 'true', q: '铜川路', limit: 100, cursor: 'abc',
    });
  });

  it('produces only queries the API accepts', () => {
    for (const v of BUILTIN_VIEWS) expect(listCasesQuerySchema.safeParse(toListQuery(viewFilters(v), { limit: 50 })).success).toBe(true);
    const all = toListQuery(filters({ open: 'all', light: ['green', 'yellow'], supervised: false }), { limit: 200 });
    expect(listCasesQuerySchema.safeParse(all).success).toBe(true);
    expect(all).not.toHaveProperty('open');
  });

  it('round-trips through the URL', () => {
    const f = filters({ state: ['REPORTED'], district: ['jinsha', 'meichuan'], duplicate: true, open: 'all', q: '井盖' });
    expect(fromSearchParams(new URLSearchParams(toSearchString(f)))).toEqual({ ...f, district: ['jinsha', 'meichuan'] });
  });

  it('drops what a hand-edited link gets wrong instead of sending it to the API', () => {
    const f = fromSearchParams(new URLSearchParams('state=PENDING_FILE,NOPE&district=paris&grid=xincheng-1,jinsha-03&category=e0102,C0101&supervised=maybe&open=yes'));
    expect(f).toEqual(filters({ state: ['PENDING_FILE'], grid: ['jinsha-03'], category: ['C0101'] }));
  });

  it('has no filters in an empty URL, so the desk shows its default view', () => {
    expect(fromSearchParams(new URLSearchParams(''))).toBeNull();
    expect(fromSearchParams(new URLSearchParams('page=2'))).toBeNull();
  });

  it('gives the same key for the same choice made in another order', () => {
    const a = filters({ state: ['PENDING_FILE', 'REPORTED'], source: ['iot', 'patrol'] });
    const b = filters({ state: ['REPORTED', 'PENDING_FILE', 'REPORTED'], source: ['patrol', 'iot'] });
    expect(toListQuery(a)).toEqual(toListQuery(b));
    expect(toSearchString(a)).toBe(toSearchString(b));
  });

  it('counts the filters that narrow the list', () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount(filters({ state: ['REPORTED', 'PENDING_FILE'], urgent: true, open: 'all' }))).toBe(3);
  });
});

describe('saved views', () => {
  const store = () => {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
      clear: () => data.clear(),
      key: () => null,
      length: 0,
      raw: data,
    } as unknown as Storage & { raw: Map<string, string> };
  };

  it('has the built-in views the desk works from', () => {
    const byId = Object.fromEntries(BUILTIN_VIEWS.map((v) => [v.id, toListQuery(viewFilters(v))]));
    expect(byId.dispatch).toEqual({ state: 'PENDING_DISPATCH', open: 'true' });
    expect(byId.file).toEqual({ state: 'PENDING_FILE', open: 'true' });
    expect(byId.overdue).toEqual({ light: 'red', open: 'true' });
    expect(byId.supervised).toEqual({ supervised: 'true', open: 'true' });
    expect(byId.approval).toEqual({ state: 'EXTENSION_REQUESTED,RETURN_REQUESTED,SUSPEND_REQUESTED', open: 'true' });
    expect(byId.duplicates).toEqual({ state: 'REPORTED', duplicate: 'true', open: 'true' });
    expect(byId.intake).toEqual({ state: 'REPORTED', open: 'true' });
    expect(byId.close).toEqual({ state: 'PENDING_CLOSE', open: 'true' });
  });

  it('offers each role the views of its own work: the lead 待立案, 待结案 and requests, the operator 待受理 and 待派遣', () => {
    const ids = (role: Parameters<typeof builtinViews>[0]) => builtinViews(role).map((v) => v.id);
    expect(ids('shift_lead')).toEqual(['triage', 'file', 'close', 'approval', 'overdue', 'supervised', 'duplicates', 'open']);
    expect(ids('operator')).toEqual(['triage', 'intake', 'dispatch', 'overdue', 'supervised', 'duplicates', 'open']);
    // roles without desk work of their own (admin, supervisor) see every view
    expect(ids('supervisor')).toEqual(BUILTIN_VIEWS.map((v) => v.id));
  });

  it('keeps each user’s own views apart, and replaces a view saved again under the same name', () => {
    const s = store();
    saveOwnView('u1', '新城待派遣', filters({ state: ['PENDING_DISPATCH'], district: ['xincheng'] }), s);
    saveOwnView('u2', '金沙', filters({ district: ['jinsha'] }), s);
    saveOwnView('u1', '新城待派遣', filters({ state: ['PENDING_DISPATCH'], district: ['xincheng'], urgent: true }), s);
    const mine = loadOwnViews('u1', s);
    expect(mine.map((v) => v.name)).toEqual(['新城待派遣']);
    expect(viewFilters(mine[0])).toEqual(filters({ state: ['PENDING_DISPATCH'], district: ['xincheng'], urgent: true }));
    expect(loadOwnViews('u2', s).map((v) => v.name)).toEqual(['金沙']);
    expect(deleteOwnView('u1', mine[0].id, s)).toEqual([]);
    expect(loadOwnViews('u2', s)).toHaveLength(1);
  });

  it('survives what another version or a person left in storage', () => {
    const s = store();
    s.setItem('gridops.desk.views.u1', '{not json');
    expect(loadOwnViews('u1', s)).toEqual([]);
    s.setItem('gridops.desk.views.u1', JSON.stringify([{ id: 'a', name: 'x', query: 'state=BOGUS&district=xincheng' }, { id: 1 }, null]));
    expect(loadOwnViews('u1', s).map((v) => viewFilters(v))).toEqual([filters({ district: ['xincheng'] })]);
  });

  it('recognises the view the current filters are', () => {
    const s = store();
    const own = saveOwnView('u1', '督办超期', filters({ supervised: true, light: ['red'] }), s);
    const views = [...BUILTIN_VIEWS, ...own];
    expect(matchingView(views, filters({ state: ['PENDING_DISPATCH'] }))?.id).toBe('dispatch');
    expect(matchingView(views, filters({ light: ['red'], supervised: true }))?.name).toBe('督办超期');
    expect(matchingView(views, filters({ light: ['red'], supervised: true, urgent: true }))).toBeUndefined();
  });

  it('carries a KPI drill-down from the board or analytics to the API, with its total asked for', () => {
    const href = drillHref({ kpi: 'due_on_time', kpiFrom: '2026-12-01', kpiTo: '2026-12-07', grid: ['jinsha-02'], person: '0b5f2c1e-8a7d-4e59-9c1b-3f2a6d8e9b10' });
    const f = fromSearchParams(new URLSearchParams(href.split('?')[1]));
    expect(f).toMatchObject({ kpi: 'due_on_time', kpiFrom: '2026-12-01', kpiTo: '2026-12-07', grid: ['jinsha-02'], open: 'all' });
    const q = toListQuery(f as DeskFilters, { limit: 50 });
    expect(q).toMatchObject({ kpi: 'due_on_time', kpiFrom: '2026-12-01', kpiTo: '2026-12-07', count: 'true', grid: 'jinsha-02' });
    expect(q).not.toHaveProperty('open');
    expect(listCasesQuerySchema.safeParse(q).success).toBe(true);
    // a figure without its dates, or an unknown one, is dropped rather than sent as a 400
    expect(fromSearchParams(new URLSearchParams('kpi=due&open=all'))?.kpi).toBeUndefined();
    expect(fromSearchParams(new URLSearchParams('kpi=bogus&kpiFrom=2026-12-01&kpiTo=2026-12-07'))?.kpi).toBeUndefined();
  });

  it('carries a trend warning’s report window (from, to) to an accepted, counted query; a malformed instant is dropped', () => {
    const href = drillHref({ district: ['jinsha'], category: ['E0102'], from: '2026-11-26T05:00:00.000Z', to: '2026-11-26T07:00:00.000Z' });
    const f = fromSearchParams(new URLSearchParams(href.split('?')[1]));
    expect(f).toMatchObject({ district: ['jinsha'], category: ['E0102'], from: '2026-11-26T05:00:00.000Z', to: '2026-11-26T07:00:00.000Z', open: 'all' });
    const q = toListQuery(f!, { limit: 50 });
    expect(q).toMatchObject({ from: '2026-11-26T05:00:00.000Z', to: '2026-11-26T07:00:00.000Z', count: 'true' });
    expect(listCasesQuerySchema.safeParse(q).success).toBe(true);
    expect(activeFilterCount(f!)).toBe(4);
    const bad = fromSearchParams(new URLSearchParams('from=yesterday&to=2026-11-26'));
    expect(bad).not.toHaveProperty('from');
    expect(bad).not.toHaveProperty('to');
  });
});
