import { DataSource } from 'typeorm';
import { ACTION_RULES, findHotspots, seededRandom as seeded, type CaseState } from '@gridops/domain';
import { createTestDatabase, type TestDatabase } from '@gridops/server-testing';
import { CalendarService, TrendDetection, casesAtSql, dataSourceOptions, loadHistoryCast, planCaseHistory, seedDemoHistory, writeCaseHistory } from '@gridops/server';

/** Tuesday 2026-11-24, 14:00 in the town: a working day, the day band */
const T = new Date('2026-11-24T06:00:00Z');
const MIN = 60_000;

/**
 * The demo history on a fresh copy of the seeded town (real Postgres): a month of cases whose every step the
 * workflow allows, written as the case writer would (events, published outbox rows, rollups), seeded once; and
 * the trend detector on it — quiet on the month alone, one warning for a burst of 暴露垃圾 in 金沙.
 */
describe('demo history', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let seededCases = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.ownerUrl, 2));
    await ds.initialize();
    const r = await seedDemoHistory(ds, { days: 28, now: T, rng: seeded(17) });
    seededCases = r?.cases ?? 0;
  }, 300_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('seeds a month of cases, most closed, and only on a town without cases', async () => {
    expect(seededCases).toBeGreaterThan(5000);
    const [counts] = (await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'CLOSED')::int AS closed, count(*) FILTER (WHERE handled_at > handling_due_at)::int AS late,
              count(*) FILTER (WHERE rework_count > 0)::int AS reworked, count(*) FILTER (WHERE return_count > 0)::int AS returned,
              min(reported_at) AS first, count(DISTINCT district_code)::int AS districts, count(DISTINCT source)::int AS sources FROM cases`,
    )) as { n: number; closed: number; late: number; reworked: number; returned: number; first: Date; districts: number; sources: number }[];
    expect(counts.n).toBe(seededCases);
    expect(counts.closed / counts.n).toBeGreaterThan(0.8);
    expect(counts.late).toBeGreaterThan(0);
    expect(counts.reworked).toBeGreaterThan(0);
    expect(counts.returned).toBeGreaterThan(0);
    expect(counts.districts).toBe(4);
    expect(counts.sources).toBe(5);
    expect(counts.first.getTime()).toBeGreaterThanOrEqual(T.getTime() - 28 * 24 * 60 * MIN);
    await expect(seedDemoHistory(ds, { days: 28, now: T })).resolves.toBeNull();
  });

  it('is replayable from the moment it was seeded: the open cases then are the open cases now', async () => {
    const [origin] = (await ds.query(`SELECT complete_from FROM replay_origin`)) as { complete_from: Date }[];
    expect(origin.complete_from.getTime()).toBe(T.getTime());
    const [{ replayed, live }] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM (${casesAtSql('$1', null)}) r) AS replayed,
              (SELECT count(*)::int FROM cases WHERE state NOT IN ('CLOSED', 'VOID')) AS live`,
      [new Date(T.getTime() + MIN)],
    )) as { replayed: number; live: number }[];
    expect(live).toBeGreaterThan(0);
    expect(replayed).toBe(live);
  });

  it('writes timelines the workflow allows, each event with its outbox row already published', async () => {
    const events = (await ds.query(`SELECT case_id, type, actor_role, from_state, to_state FROM case_events ORDER BY case_id, seq`)) as {
      case_id: string;
      type: string;
      actor_role: string;
      from_state: CaseState | null;
      to_state: CaseState;
    }[];
    const wrong: string[] = [];
    let last: { id: string; state: CaseState } | null = null;
    for (const e of events) {
      if (e.type === 'report') {
        if (e.from_state !== null || e.to_state !== 'REPORTED') wrong.push(`${e.case_id}: report ${e.from_state}→${e.to_state}`);
      } else {
        if (last?.id !== e.case_id || last.state !== e.from_state) wrong.push(`${e.case_id}: ${e.type} from ${e.from_state} after ${last?.state}`);
        const allowed = ACTION_RULES.some((r) => r.action === e.type && r.from.includes(e.from_state as CaseState) && r.roles.includes(e.actor_role as never));
        if (!allowed) wrong.push(`${e.case_id}: ${e.actor_role} may not ${e.type} from ${e.from_state}`);
      }
      last = { id: e.case_id, state: e.to_state };
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    const [states] = (await ds.query(
      `SELECT count(*)::int AS differing FROM cases c
        WHERE c.state <> (SELECT e.to_state FROM case_events e WHERE e.case_id = c.id ORDER BY e.seq DESC LIMIT 1)
           OR c.version <> (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)`,
    )) as { differing: number }[];
    expect(states.differing).toBe(0);
    const [outbox] = (await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished, (SELECT count(*)::int FROM case_events) AS events FROM outbox`,
    )) as { n: number; unpublished: number; events: number }[];
    expect(outbox).toEqual({ n: outbox.events, unpublished: 0, events: outbox.events });
    const [rollups] = (await ds.query(`SELECT count(*)::int AS n FROM kpi_rollup`)) as { n: number }[];
    expect(rollups.n).toBeGreaterThan(0);
  });

  it('has a place the same problem keeps coming back to (高发点位)', async () => {
    const rows = (await ds.query(`SELECT id, category_code AS "categoryCode", lat, lng, reported_at AS "reportedAt" FROM cases WHERE category_code = 'E0102' AND district_code = 'jinsha'`)) as {
      id: string;
      categoryCode: string;
      lat: number;
      lng: number;
      reportedAt: Date;
    }[];
    expect(findHotspots(rows, T).length).toBeGreaterThan(0);
  });

  it('raises no trend warning on the month alone, and one for a burst of 暴露垃圾 in 金沙', async () => {
    const detection = new TrendDetection(ds, new CalendarService(ds));
    const quiet = await detection.run(T);
    expect(quiet.evaluated).toBeGreaterThan(0);
    expect(quiet.raised.map((w) => w.message.zh)).toEqual([]);

    // twelve reports of rubbish within the last 45 minutes around one street of 金沙, as the simulator's burst files them
    const cast = await loadHistoryCast(ds);
    const cell = (await ds.query(`SELECT code FROM grid_cells WHERE district_code = 'jinsha' ORDER BY code LIMIT 1`)) as { code: string }[];
    const rng = seeded(5);
    const burst = Array.from({ length: 12 }, (_, i) => ({
      reportedAt: new Date(T.getTime() - (45 - i * 3.5) * MIN),
      source: 'hotline_12345' as const,
      categoryCode: 'E0102',
      districtCode: 'jinsha',
      gridCellCode: cell[0].code,
      lat: 31.245 + i * 0.0002,
      lng: 121.385,
      address: '长征镇金沙片区',
      description: '来电反映：路边垃圾堆积',
    }));
    await writeCaseHistory(ds.manager, burst.map((r) => planCaseHistory(r, cast, T, rng)));

    const later = await detection.run(new Date(T.getTime() + MIN));
    expect(later.raised.map((w) => ({ district: w.districtCode, category: w.categoryCode, window: w.window }))).toEqual([{ district: 'jinsha', category: 'E0102', window: '2h' }]);
    expect(later.raised[0].message.zh).toMatch(/^金沙 · 暴露垃圾: 近2小时 1[2-9] 起，往常同时段约 /);
  });
});
