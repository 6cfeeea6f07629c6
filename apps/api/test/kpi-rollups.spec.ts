import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { addDays, townDateOf, townDayStart, type Actor } from '@gridops/domain';
import { createTestDatabase, type TestDatabase } from '@gridops/server-testing';
import { AnalyticsService, KPI_PENDING_LIMIT, KpiCountsService, KpiRollupsService, MARK_RETURNS_OF_SQL, MINUTE_MEASURES, ReadDatabase, dataSourceOptions, rollupRanges, type WindowCounts } from '@gridops/server';

/**
 * The KPI rollups on real Postgres: each formula on a hand-built set (answers worked out below), and a property —
 * after any sequence of reports, transitions and approved returns, and after a rebuild, the rollups give what the
 * cases and their timelines give.
 */
describe('KPI rollups', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let rollups: KpiRollupsService;
  let counts: KpiCountsService;
  let reads: ReadDatabase;
  const town: Actor = { role: 'supervisor', userId: null, districtCode: null, unitCode: null };
  /** who may ask for a return: unit staff (charged to their unit too) and grid workers (no unit) */
  let requesters: { id: string; unit: string | null }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.ownerUrl, 4));
    await ds.initialize();
    rollups = new KpiRollupsService(ds);
    // no replica here: every lag-tolerant read goes to the primary
    const metrics = { lagTolerantReads: { inc: () => undefined } } as never;
    reads = new ReadDatabase(ds, { READ_REPLICA_MAX_LAG_MS: 3000, READ_REPLICA_CHECK_MS: 1000 } as never, metrics);
    counts = new KpiCountsService(reads);
    requesters = ((await ds.query(
      `SELECT id, unit_code FROM users WHERE username IN ('unit.shirong', 'unit.chengguan', 'worker.jinsha', 'worker.xincheng') ORDER BY username`,
    )) as { id: string; unit_code: string | null }[]).map((u) => ({ id: u.id, unit: u.unit_code }));
    expect(requesters).toHaveLength(4);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  interface CaseRow {
    id?: string;
    state: string;
    district?: string;
    cell?: string;
    category?: string;
    source?: string;
    reported: string | Date;
    filed?: string | Date | null;
    dispatched?: string | Date | null;
    accepted?: string | Date | null;
    handled?: string | Date | null;
    closed?: string | Date | null;
    due?: string | Date | null;
    reworks?: number;
    extensions?: number;
    escalated?: boolean;
    unit?: string | null;
    /** the assignee in person (assignee_user_id) */
    person?: string | null;
  }
  let serial = 0;
  /** A cases row written directly (the formulas read only the row), then marked for the rollups as the relay would. */
  async function insertCase(c: CaseRow): Promise<string> {
    const id = c.id ?? randomUUID();
    const at = (v: string | Date | null | undefined) => (v === null || v === undefined ? null : new Date(v));
    await ds.query(
      `INSERT INTO cases (id, number, source, category_code, description, lat, lng, district_code, grid_cell_code, priority, state, escalated_to_district,
                          assignee_unit_code, rework_count, extension_count, step_started_at, handling_due_at, reported_at, filed_at, dispatched_at,
                          accepted_at, handled_at, closed_at, version, assignee_user_id)
       VALUES ($1, $2, $3, $4, 'test', 31.24, 121.37, $5, $6, 'P2', $7, $8, $9, $10, $11, $12, $13, $12, $14, $15, $16, $17, $18, 1, $19)`,
      [
        id, `KT${String(++serial).padStart(8, '0')}`, c.source ?? 'patrol', c.category ?? 'E0102', c.district ?? 'jinsha', c.cell ?? 'jinsha-01', c.state,
        c.escalated ?? false, c.unit ?? null, c.reworks ?? 0, c.extensions ?? 0, at(c.reported), at(c.due), at(c.filed), at(c.dispatched), at(c.accepted),
        at(c.handled), at(c.closed), c.person ?? null,
      ],
    );
    await rollups.markDirty([id]);
    return id;
  }

  /**
   * An approved return (回退) as the timeline holds it: the request by `requester` 30 minutes before the approval,
   * then the approval at `approvedAt` (and the case's count, as the transition keeps it); marked for the rollups.
   */
  async function addReturn(caseId: string, requester: string, approvedAt: Date): Promise<void> {
    await ds.query(
      `INSERT INTO case_events (case_id, type, actor_id, actor_role, actor_name, from_state, to_state, at)
       VALUES ($1, 'request-return', $2, 'unit_staff', 'requester', 'DISPATCHED', 'RETURN_REQUESTED', $3::timestamptz - interval '30 minutes'),
              ($1, 'approve-return', NULL, 'shift_lead', 'lead', 'RETURN_REQUESTED', 'PENDING_DISPATCH', $3)`,
      [caseId, requester, approvedAt],
    );
    await ds.query(`UPDATE cases SET return_count = return_count + 1 WHERE id = $1`, [caseId]);
    await rollups.markDirty([caseId]);
  }

  describe('each formula on a hand-built set', () => {
    // "now" is 2024-03-15 12:00 Shanghai; the window is 1–15 March: 1–14 come from the rollups, the 15th live
    const now = new Date('2024-03-15T12:00:00+08:00');
    const d = (day: number, hh: number) => `2024-03-${String(day).padStart(2, '0')}T${String(hh).padStart(2, '0')}:00:00+08:00`;
    let analytics: AnalyticsService;

    beforeAll(async () => {
      const config = { KPI_SCORE_WEIGHTS: undefined, KPI_MIN_BASE: 5 } as never;
      const geography = { districts: async () => [], cells: async () => [], allCells: async () => [] } as never;
      const directory = { categoriesByCode: async () => new Map(), units: async () => [] } as never;
      analytics = new AnalyticsService(reads, counts, directory, geography, config);
      const handled = (day: number, hh: number) => ({ filed: d(day, hh - 1), dispatched: d(day, hh) });
      // A: fixed, waiting for its check, still inside its limit (due 16th) → not yet due
      await insertCase({ state: 'PENDING_CHECK', reported: d(14, 8), ...handled(14, 10), accepted: d(14, 11), handled: d(15, 9), due: d(16, 10) });
      // B: closed late (due 3rd, fixed 4th) → in the base on the 3rd, closed, not on time, became overdue
      await insertCase({ state: 'CLOSED', reported: d(2, 8), ...handled(2, 10), accepted: d(2, 11), handled: d(4, 10), closed: d(4, 15), due: d(3, 10) });
      // C: extended to the 8th, fixed the 7th, closed → on time, extended
      await insertCase({ state: 'CLOSED', reported: d(5, 8), ...handled(5, 10), accepted: d(5, 11), handled: d(7, 10), closed: d(7, 16), due: d(8, 10), extensions: 1 });
      // D: suspended (挂账) past its deadline → outside the base, not overdue
      await insertCase({ state: 'SUSPENDED', reported: d(6, 8), ...handled(6, 10), accepted: d(6, 11), due: d(7, 10) });
      // E: voided → reported and voided, nothing else
      await insertCase({ state: 'VOID', reported: d(6, 9) });
      // F: reworked once, re-fixed by its deadline, closed → on time, reworked
      await insertCase({ state: 'CLOSED', reported: d(8, 8), ...handled(8, 10), accepted: d(8, 11), handled: d(9, 15), closed: d(9, 18), due: d(10, 10), reworks: 1 });
      // G: escalated (上提区级), open, deadline ahead → not due; counts against grass-roots resolution
      await insertCase({ state: 'IN_PROGRESS', reported: d(10, 8), ...handled(10, 10), accepted: d(10, 11), due: d(20, 10), escalated: true });
      // H: closed on the 11th, reopened by a dissatisfied callback (REWORK, the old fix on record), deadline 12th passed
      //    → due on the 12th, not closed, not on time (being redone), overdue
      await insertCase({ state: 'REWORK', reported: d(10, 9), ...handled(10, 12), accepted: d(10, 13), handled: d(11, 9), closed: d(11, 12), due: d(12, 10), reworks: 1 });
      // I: not fixed, deadline 13th passed → due, missed, overdue; returned once (the 12th, asked for by unit staff)
      const i = await insertCase({ state: 'IN_PROGRESS', reported: d(12, 8), ...handled(12, 10), accepted: d(12, 11), due: d(13, 10) });
      await addReturn(i, requesters[1].id, new Date(d(12, 9)));
      // J: fixed on the 13th by its deadline (14th), still waiting for its check → due on the 14th and on time
      await insertCase({ state: 'PENDING_CHECK', reported: d(12, 9), ...handled(12, 11), accepted: d(12, 12), handled: d(13, 10), due: d(14, 9) });
      await rollups.drainAll();
    });

    it('counts the base when a case closes or its deadline passes, and on time by the (extended) deadline', async () => {
      const a = await analytics.analytics({ from: '2024-03-01', to: '2024-03-15' }, town, now);
      // base: B C F H I J; closed: B C F; on time: C F J
      expect(a.bases).toEqual({ dueToClose: 6, closed: 3, closedOnTime: 3, handled: 6, reworked: 2, grassRootsBase: 4, grassRootsSolved: 3 });
      expect(a.rates.onTimeRate).toBeCloseTo(3 / 6);
      expect(a.rates.closureRate).toBeCloseTo(3 / 6);
      expect(a.rates.reworkRate).toBeCloseTo(2 / 6);
      // B C F closed + G escalated and open = 4 < the minimum base of 5: no rate
      expect(a.rates.grassRootsRate).toBeNull();
      expect(a.minBase).toBe(5);
      expect(a.totals).toMatchObject({ reported: 10, filed: 9, dispatched: 9, handled: 6, closed: 3, voided: 1, overdue: 3, overdueOpen: 2, extended: 1, reworks: 2, escalated: 1, suspended: 1, returned: 1 });
      // 延期率 = 1 / 6; 回退率 = 1 return / 9 dispatches
      expect(a.rates.extensionRate).toBeCloseTo(1 / 6);
      expect(a.rates.returnRate).toBeCloseTo(1 / 9);
    });

    it('gives the same from the rollups as from the cases alone, for every day split', async () => {
      for (const [first, last] of [['2024-03-01', '2024-03-15'], ['2024-03-03', '2024-03-12'], ['2024-02-01', '2024-03-14']] as const) {
        expect(normalise(await counts.window(town, null, first, last, now))).toEqual(normalise(await counts.direct(town, null, first, last, now)));
      }
      // later, a window holding most of February and of March: each month's row less its days outside the window
      const later = new Date('2024-03-26T12:00:00+08:00');
      expect(rollupRanges('2024-02-03', '2024-03-21')).toEqual([['m', '2024-02-01', '2024-03-01', 1], ['d', '2024-02-01', '2024-02-03', -1], ['m', '2024-03-01', '2024-04-01', 1], ['d', '2024-03-21', '2024-04-01', -1]]);
      for (const district of [null, 'jinsha'] as const) {
        expect(normalise(await counts.window(town, district, '2024-02-03', '2024-03-25', later))).toEqual(normalise(await counts.direct(town, district, '2024-02-03', '2024-03-25', later)));
        expect(normalise(await counts.window(town, district, '2024-03-02', '2024-03-25', later))).toEqual(normalise(await counts.direct(town, district, '2024-03-02', '2024-03-25', later)));
      }
    });

    it('charges a return to its requester\'s unit, which moves with them (from the rollups as from the timeline)', async () => {
      const requester = requesters[1];
      const unit = 'shirong';
      expect(requester.unit).toBe(unit);
      const unitOf = async () => (await counts.window(town, null, '2024-03-01', '2024-03-14', now)).by.unit;
      expect((await unitOf()).get(unit)?.returned).toBe(1);
      expect((await counts.window(town, null, '2024-03-01', '2024-03-14', now)).by.person.get(requester.id)?.returned).toBe(1);
      // a new unit for the requester: what the admin screen does (users-admin.service), then the worker's drain
      await ds.transaction(async (m) => {
        await m.query(`UPDATE users SET unit_code = 'shuiwu' WHERE id = $1`, [requester.id]);
        await m.query(MARK_RETURNS_OF_SQL, [requester.id]);
      });
      await rollups.drainAll();
      try {
        expect((await unitOf()).get('shuiwu')?.returned).toBe(1);
        expect((await unitOf()).get(unit)?.returned ?? 0).toBe(0);
        expect(normalise(await counts.window(town, null, '2024-03-01', '2024-03-15', now))).toEqual(normalise(await counts.direct(town, null, '2024-03-01', '2024-03-15', now)));
        expect(await rollups.check()).toMatchObject({ rowsDiffering: 0, casesStale: 0 });
      } finally {
        await ds.transaction(async (m) => {
          await m.query(`UPDATE users SET unit_code = $2 WHERE id = $1`, [requester.id, requester.unit]);
          await m.query(MARK_RETURNS_OF_SQL, [requester.id]);
        });
        await rollups.drainAll();
      }
    });

    it('before its deadline, an unfixed case is not in the base; the day after, it is', async () => {
      // I's deadline is the 13th 10:00
      const before = await analytics.analytics({ from: '2024-03-13', to: '2024-03-13' }, town, new Date(d(13, 9)));
      const after = await analytics.analytics({ from: '2024-03-13', to: '2024-03-13' }, town, new Date(d(13, 11)));
      expect(after.bases.dueToClose - before.bases.dueToClose).toBe(1);
      expect(after.bases.closedOnTime - before.bases.closedOnTime).toBe(0);
    });
  });

  it('reads with JIT off: its statements are bounded, and compiling one cost more than running it (data-source.ts)', async () => {
    expect(await ds.query('SHOW jit')).toEqual([{ jit: 'off' }]);
  });

  describe('the cases not yet folded in', () => {
    it('are added to a read while few wait; past KPI_PENDING_LIMIT waiting rows a read takes the rollup as last drained', async () => {
      await rollups.drainAll();
      const day = '2024-05-02';
      const at = new Date('2024-05-02T12:00:00+08:00');
      const reported = async () => (await counts.window(town, null, day, day, at)).total.new;
      expect(await reported()).toBe(0);
      const id = await insertCase({ state: 'REPORTED', reported: '2024-05-02T09:00:00+08:00' });
      // marked, not drained: counted at once
      expect(await reported()).toBe(1);
      // a backlog: the same case marked past the limit (the worker away, a re-relay)
      await ds.query(`INSERT INTO kpi_dirty (case_id) SELECT $1::uuid FROM generate_series(1, $2)`, [id, KPI_PENDING_LIMIT]);
      expect(await reported()).toBe(0);
      await rollups.drainAll();
      expect(await reported()).toBe(1);
      expect(await rollups.check()).toMatchObject({ rowsDiffering: 0, casesStale: 0 });
    });
  });

  describe('a property: rollups agree with the cases after any sequence of reports and transitions', () => {
    const now = new Date();
    const today = townDateOf(now);
    const cells = [
      ['xincheng', 'xincheng-01'],
      ['xincheng', 'xincheng-02'],
      ['jinsha', 'jinsha-03'],
      ['meichuan', 'meichuan-04'],
    ] as const;
    const STATES = ['REPORTED', 'PENDING_DISPATCH', 'DISPATCHED', 'IN_PROGRESS', 'REWORK', 'HANDLED', 'PENDING_CHECK', 'SUSPENDED', 'CLOSED', 'VOID', 'SELF_DISPOSED'];

    /** A case at some step of its life, its instants within the last 40 days (some today). */
    const caseShape = fc.record({
      cell: fc.constantFrom(...cells),
      category: fc.constantFrom('E0102', 'E0506', 'E0201'),
      source: fc.constantFrom('patrol', 'hotline_12345', 'iot'),
      state: fc.constantFrom(...STATES),
      ageMinutes: fc.integer({ min: 0, max: 40 * 24 * 60 }),
      steps: fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 6, maxLength: 6 }),
      limitHours: fc.constantFrom(4, 24, 72),
      reworks: fc.integer({ min: 0, max: 2 }),
      extensions: fc.integer({ min: 0, max: 1 }),
      escalated: fc.boolean(),
      unit: fc.option(fc.constantFrom('shirong', 'chengguan'), { nil: null }),
      // assigned in person: an index into `requesters` (unit staff among them — their own cases are in their scope)
      person: fc.option(fc.nat({ max: 3 }), { nil: null }),
      // approved returns: who asked (an index into `requesters`) and how long after the dispatch it was approved
      returns: fc.array(fc.record({ who: fc.nat({ max: 3 }), afterMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }) }), { maxLength: 2 }),
    });
    type Shape = typeof caseShape extends fc.Arbitrary<infer T> ? T : never;
    const rowOf = (s: Shape): CaseRow => {
      const reported = now.getTime() - s.ageMinutes * 60_000;
      // each milestone after the one before, none after now
      const times: (Date | null)[] = [];
      let t = reported;
      for (const step of s.steps) {
        t += step * 60_000;
        times.push(t <= now.getTime() ? new Date(t) : null);
      }
      const [filed, dispatched, accepted, handled, closed] = times;
      const due = dispatched ? new Date(dispatched.getTime() + s.limitHours * 3600_000) : null;
      return {
        state: s.state,
        district: s.cell[0],
        cell: s.cell[1],
        category: s.category,
        source: s.source,
        reported: new Date(reported),
        filed,
        dispatched,
        accepted,
        handled,
        closed: s.state === 'CLOSED' ? (closed ?? handled ?? filed ?? new Date(reported)) : closed,
        due,
        reworks: s.reworks,
        extensions: s.extensions,
        escalated: s.escalated,
        unit: s.unit,
        person: s.person === null ? null : requesters[s.person].id,
      };
    };
    /** Reported 10 minutes before today began, filed 9 before, dispatched 6 minutes into today, accepted 7 into it. */
    const voidedToday = (state: 'REPORTED' | 'VOID'): Shape => ({
      cell: cells[0],
      category: 'E0102',
      source: 'patrol',
      state,
      ageMinutes: Math.round((now.getTime() - townDayStart(today).getTime()) / 60_000) + 10,
      steps: [1, 15, 1, 3 * 24 * 60, 1, 1],
      limitHours: 4,
      reworks: 0,
      extensions: 0,
      escalated: false,
      unit: null,
      person: null,
      returns: [],
    });
    const command = fc.oneof(
      caseShape.map((s) => ({ kind: 'report' as const, s })),
      fc.record({ kind: fc.constant('transition' as const), pick: fc.nat(), s: caseShape }),
      fc.constant({ kind: 'drain' as const }),
    );

    const windows: [string, string][] = [
      [addDays(today, -40), today],
      [addDays(today, -40), addDays(today, -1)],
      [addDays(today, -9), today],
      [`${today.slice(0, 8)}01`, today],
      [addDays(today, -31), addDays(today, -3)],
      // from the 2nd of the month 40 days back: that month's row less its first day
      [`${addDays(today, -40).slice(0, 8)}02`, today],
      // past now: the deadlines still ahead (later today, the next days) count in none of it yet
      [today, addDays(today, 2)],
    ];
    async function expectAgreement() {
      // 市容 unit staff: their unit's cases (the unit rollup) and their own (counted live)
      const shirong = requesters.find((r) => r.unit === 'shirong');
      if (!shirong) throw new Error('the seed has no 市容 unit staff');
      const unitStaff: Actor = { role: 'unit_staff', userId: shirong.id, districtCode: null, unitCode: 'shirong' };
      for (const [first, last] of windows) {
        for (const [actor, district] of [[town, null], [town, 'xincheng'], [unitStaff, null]] as const) {
          expect(normalise(await counts.window(actor, district, first, last, now))).toEqual(normalise(await counts.direct(actor, district, first, last, now)));
        }
      }
      const check = await rollups.check();
      expect(check).toMatchObject({ rowsDiffering: 0, casesStale: 0 });
    }

    it('holds after random sequences, and after a rebuild', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), async (commands) => {
          // the timeline refuses DELETE (the audit log): a test's own cases go with their events, triggers off
          await ds.transaction(async (m) => {
            await m.query(`SET LOCAL session_replication_role = replica`);
            await m.query(`DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE number LIKE 'KP%')`);
          });
          await ds.query(`DELETE FROM cases WHERE number LIKE 'KP%'`);
          await rollups.rebuild();
          const ids: string[] = [];
          for (const c of commands) {
            if (c.kind === 'report') {
              const id = await insertCase({ ...rowOf(c.s), id: randomUUID() }).then((id) => renumber(id));
              ids.push(id);
              await returnsOf(id, c.s);
            } else if (c.kind === 'transition' && ids.length) {
              await transition(ids[c.pick % ids.length], rowOf(c.s));
              await returnsOf(ids[c.pick % ids.length], c.s);
            }
            else if (c.kind === 'drain') await rollups.drainAll();
          }
          // exact before the worker has folded the last changes in: the rollup plus the pending cases' delta
          await expectAgreement();
          await rollups.drainAll();
          await expectAgreement();
          await rollups.rebuild();
          await expectAgreement();
        }),
        {
          numRuns: 12,
          // found by the property (a run that crossed midnight): a case reported and filed before today, dispatched and
          // accepted today, then voided — today's 派遣 and MTTA lost it while the live read looked for it only when open
          examples: [[[{ kind: 'report', s: voidedToday('REPORTED') }, { kind: 'drain' }, { kind: 'transition', pick: 0, s: voidedToday('VOID') }]]],
        },
      );
      // a dozen sequences, each with two rebuilds and a comparison of ten windows: minutes on a busy machine
    }, 300_000);

    /** The returns of a shape, approved after its dispatch and before now (the rest have not happened yet). */
    async function returnsOf(id: string, s: Shape) {
      const dispatched = rowOf(s).dispatched;
      if (!dispatched) return;
      for (const r of s.returns) {
        const at = new Date(dispatched).getTime() + r.afterMinutes * 60_000;
        if (at <= now.getTime()) await addReturn(id, requesters[r.who].id, new Date(at));
      }
    }

    /** The property's cases are numbered KP… so a run can clear its own. */
    async function renumber(id: string): Promise<string> {
      await ds.query(`UPDATE cases SET number = 'KP' || substr(number, 3) WHERE id = $1`, [id]);
      return id;
    }
    /** A transition: the case moves to another state with other milestones, 片区, assignee (what any action can change). */
    async function transition(id: string, r: CaseRow) {
      const at = (v: string | Date | null | undefined) => (v === null || v === undefined ? null : new Date(v));
      await ds.query(
        `UPDATE cases SET state = $2, district_code = $3, grid_cell_code = $4, category_code = $5, filed_at = $6, dispatched_at = $7, accepted_at = $8,
                handled_at = $9, closed_at = $10, handling_due_at = $11, rework_count = $12, extension_count = $13, escalated_to_district = $14,
                assignee_unit_code = $15, assignee_user_id = $16
          WHERE id = $1`,
        [id, r.state, r.district, r.cell, r.category, at(r.filed), at(r.dispatched), at(r.accepted), at(r.handled), at(r.closed), at(r.due), r.reworks, r.extensions, r.escalated, r.unit, r.person ?? null],
      );
      await rollups.markDirty([id]);
    }
  });
});

/** Window counts as plain data, minutes rounded (float sums in another order differ in the last bits), zero rows dropped. */
function normalise(w: WindowCounts) {
  const round = (c: Record<string, number>) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, MINUTE_MEASURES.includes(k as never) ? Math.round(v * 1000) / 1000 : v]));
  const nonZero = (c: Record<string, number>) => Object.values(c).some((v) => v !== 0);
  const map = (m: Map<string | number, unknown>) =>
    Object.fromEntries([...m].filter(([, v]) => (typeof v === 'number' ? v !== 0 : nonZero(v as Record<string, number>))).map(([k, v]) => [String(k), typeof v === 'number' ? v : round(v as Record<string, number>)]));
  return {
    total: round(w.total),
    by: Object.fromEntries(Object.entries(w.by).map(([dim, m]) => [dim, map(m)])),
    durations: Object.fromEntries(Object.entries(w.durations).map(([kind, m]) => [kind, map(m)])),
  };
}
