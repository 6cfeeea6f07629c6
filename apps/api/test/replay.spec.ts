import { DataSource } from 'typeorm';
import type { BoardStats, OpenMap } from '@gridops/contracts';
import { REPLAY_WINDOW_DAYS } from '@gridops/contracts';
import { CASE_VERSION_RETURNING, CaseSnapshots, insertCaseVersionsSql } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint, userId } from './support/fixtures';
import { uploadPhoto } from './support/uploads';

/**
 * 回放 (replay, issue #17): a simulated run of reports and transitions on the real api, with the live board and open
 * map captured after each step (for the town, a 片区-bound worker, a unit, and one 片区 of the town board); then every
 * captured moment replayed (`?at=`) must give the same answer.
 *
 * Left out of the comparison, explicitly: `generatedAt` — the live answer says when it was computed (a few ms after
 * the captured moment), the replayed one says the moment itself — and the replayed board's `replay` (the moment and
 * its feed: the live board's feed comes from the socket, not this answer; checked on its own below). Everything else
 * — seq, every KPI, lights, lists, pins, duty loads — must be equal.
 *
 * Clocks are moved as the other suites do (clock columns set in SQL), but as a real change: the row's `version` and
 * `updated_at` move with it and its next version is written in the same statement, as CaseWriter does.
 *
 * Snapshots of the open set (CaseSnapshots, the `replay.snapshot` job) are taken during the run — one between two
 * captures, one at a captured moment itself, one later — so moments are replayed before the first, between two, on
 * one and after the last; each snapshot must say what the versions say, and taking a slot again changes nothing.
 */
describe('replay (?at=): the board and open map as they were', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, supervisor: string, wx: string, wx2: string, shirong: string;
  let wxId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, lead, supervisor, wx, wx2, shirong] = await Promise.all(
      ['operator', 'lead', 'supervisor', 'worker.xincheng', 'worker2.xincheng', 'unit.shirong'].map((u) => t.login(u)),
    );
    wxId = await userId(t, 'worker.xincheng');
  });
  afterAll(() => t.close());

  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await t.request<T>('GET', path, { token });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const views = () => [
    { who: 'operator (town)', token: operator, query: '' },
    { who: 'operator, 片区 xincheng', token: operator, query: 'district=xincheng' },
    { who: 'worker.xincheng (片区-bound)', token: wx, query: '' },
    { who: 'unit.shirong (assigned)', token: shirong, query: '' },
  ];
  const withAt = (query: string, at: string) => `?${[query, `at=${encodeURIComponent(at)}`].filter(Boolean).join('&')}`;
  /** the answer minus what is "now" by nature (see above) */
  const comparable = <T extends { generatedAt: string; replay?: unknown }>(answer: T): Omit<T, 'generatedAt' | 'replay'> => {
    const { generatedAt: _now, replay: _replay, ...rest } = answer;
    return rest;
  };

  interface Capture {
    step: string;
    at: string;
    answers: { who: string; token: string; query: string; board: BoardStats; map: OpenMap }[];
  }
  const captures: Capture[] = [];

  /** The moment now (the database's clock, to the ms the product's instants have), then the live answers. */
  async function capture(step: string): Promise<void> {
    const [{ at }] = (await ds.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS at`)) as { at: Date }[];
    const answers = [];
    for (const v of views()) {
      const board = await get<BoardStats>(`/api/v1/stats/board${v.query ? `?${v.query}` : ''}`, v.token);
      const map = await get<OpenMap>(`/api/v1/cases/open-map${v.query ? `?${v.query}` : ''}`, v.token);
      answers.push({ ...v, board, map });
    }
    captures.push({ step, at: at.toISOString(), answers });
  }

  /** Moves a case's running clock as a real change would: version and updated_at move too, and a version is written. */
  async function setClock(id: string, yellowAt: Date, dueAt: Date): Promise<void> {
    await ds.query(
      `WITH w AS (UPDATE cases SET clock_yellow_at = $2, clock_due_at = $3, handling_due_at = $3, version = version + 1,
                                   updated_at = date_trunc('milliseconds', clock_timestamp()) WHERE id = $1 RETURNING ${CASE_VERSION_RETURNING})
       ${insertCaseVersionsSql('w', 'w', 'NULL::bigint')}`,
      [id, yellowAt, dueAt],
    );
  }

  const snapshots: string[] = [];
  /** Takes the snapshot of `at` (the database's clock now when not given), as the scheduled job does. */
  async function snapshot(at?: string): Promise<void> {
    const moment = at ?? ((await ds.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS at`)) as { at: Date }[])[0].at.toISOString();
    expect(await t.app.get(CaseSnapshots).take(new Date(moment))).toMatchObject({ taken: true });
    snapshots.push(moment);
  }
  /** A snapshot as stored, and the open versions at its moment computed from every version (the read rule). */
  async function snapshotAndTruth(at: string): Promise<{ stored: string[]; truth: string[] }> {
    const [row] = (await ds.query(`SELECT version_ids::text[] AS ids FROM case_snapshots WHERE taken_at = $1`, [at])) as { ids: string[] }[];
    const truth = (await ds.query(
      `SELECT v.id::text FROM (SELECT DISTINCT ON (case_id) id, state FROM case_versions WHERE valid_from <= $1 ORDER BY case_id, valid_from DESC, id DESC) v
        WHERE v.state NOT IN ('CLOSED', 'VOID') ORDER BY v.id`,
      [at],
    )) as { id: string }[];
    return { stored: row?.ids ?? [], truth: truth.map((r) => r.id) };
  }

  const place = (cell: string) => ({ location: sampleInteriorPoint(cell) });
  async function dispatched(cell: string, assignee: Record<string, string>, category = 'E0102') {
    const c = await createCase(t, operator, { ...place(cell), categoryCode: category });
    await must(t, operator, c.id, 'register');
    await must(t, lead, c.id, 'file');
    return (await must(t, operator, c.id, 'dispatch', { assignee })).case;
  }

  it('answers every captured moment of a simulated run as the live board and map did then', async () => {
    await capture('start');
    const a = await createCase(t, operator, { ...place('xincheng-01'), source: 'hotline_12345', categoryCode: 'E0102' });
    const b = await createCase(t, operator, { ...place('jinsha-01'), categoryCode: 'E0102' });
    await capture('two reports');
    await snapshot(); // between 'two reports' and 'a dispatched'
    await must(t, operator, a.id, 'register');
    await must(t, lead, a.id, 'file');
    await must(t, operator, a.id, 'dispatch', { assignee: { userId: wxId } });
    await capture('a dispatched to worker.xincheng');
    const u = await dispatched('xincheng-02', { unitCode: 'shirong' });
    await must(t, supervisor, u.id, 'urge', { note: '请加快' });
    await capture('u dispatched to 市容 and supervised');
    await must(t, shirong, u.id, 'request-return', { reasonCode: 'not_our_responsibility', note: '非本单位' });
    await must(t, wx, a.id, 'accept');
    // a goes yellow, then red; b is voided
    const now = Date.now();
    await setClock(a.id, new Date(now - 60_000), new Date(now + 3600_000));
    await capture('return requested, a yellow');
    await snapshot(captures.at(-1)?.at); // on the captured moment itself
    await must(t, operator, b.id, 'void', { reasonCode: 'invalid' });
    await setClock(a.id, new Date(now - 120_000), new Date(now - 60_000));
    await capture('a red, b void');
    await must(t, lead, u.id, 'approve-return', { note: '改派' });
    const e = await dispatched('xincheng-01', { userId: wxId }, 'E0102');
    await must(t, wx, e.id, 'accept');
    const due = new Date(Date.parse(e.handlingDueAt as string) + 2 * 24 * 3600_000).toISOString();
    await must(t, wx, e.id, 'request-extension', { dueAt: due, note: '需协调' });
    await capture('return approved, e asks for an extension');
    await snapshot(); // before the last capture
    await must(t, wx, a.id, 'handle', { note: '已清理', attachmentIds: [await uploadPhoto(t, wx)] });
    await must(t, operator, a.id, 'send-check', { checkerUserId: await userId(t, 'worker2.xincheng') });
    await must(t, wx2, a.id, 'check-pass');
    await must(t, lead, a.id, 'close');
    await must(t, lead, e.id, 'reject-extension', { note: '请按期完成' });
    await capture('a closed late, extension rejected');

    // the run changed what the live board says now: the replays below cannot be today's answer in disguise
    const live = await get<BoardStats>('/api/v1/stats/board', operator);
    expect(comparable(live)).not.toEqual(comparable(captures[0].answers[0].board));

    expect(captures.length).toBe(8);
    // each snapshot is what the versions say; a slot taken again (the job rerun) changes nothing
    for (const at of snapshots) {
      const before = await snapshotAndTruth(at);
      expect(before.stored).toEqual(before.truth);
      expect(await t.app.get(CaseSnapshots).take(new Date(at))).toEqual({ taken: false, open: 0 });
      expect(await snapshotAndTruth(at)).toEqual(before);
    }
    expect((await snapshotAndTruth(snapshots[1])).stored.length).toBeGreaterThan(0);
    for (const c of captures) {
      for (const v of c.answers) {
        const board = await get<BoardStats>(`/api/v1/stats/board${withAt(v.query, c.at)}`, v.token);
        const map = await get<OpenMap>(`/api/v1/cases/open-map${withAt(v.query, c.at)}`, v.token);
        expect({ step: c.step, who: v.who, board: comparable(board) }).toEqual({ step: c.step, who: v.who, board: comparable(v.board) });
        expect({ step: c.step, who: v.who, map: comparable(map) }).toEqual({ step: c.step, who: v.who, map: comparable(v.map) });
        expect(board.generatedAt).toBe(c.at);
        // the feed then: the newest line is the answer's seq (when the caller saw it), none later than the moment
        expect(board.replay?.at).toBe(c.at);
        for (const line of board.replay?.feed ?? []) expect(Date.parse(line.at)).toBeLessThanOrEqual(Date.parse(c.at));
        if (v.who === 'operator (town)') expect(board.replay?.feed[0]?.seq ?? '0').toBe(board.seq);
      }
    }
    // the captures saw the run: pins with their lights came and went
    const townPins = (i: number) => captures[i].answers[0].map.rows.map((r) => [r[0], r[4], r[5]]);
    expect(townPins(1)).toEqual(expect.arrayContaining([[a.id, 'green', 'REPORTED']]));
    expect(townPins(4)).toEqual(expect.arrayContaining([[a.id, 'yellow', expect.any(String)]]));
    expect(townPins(5)).toEqual(expect.arrayContaining([[a.id, 'red', expect.any(String)]]));
    expect(townPins(7).map((p) => p[0])).not.toContain(a.id);
    // the feed at 'a red, b void': b's void on top, then a's accept, u's return request
    const feed = (await get<BoardStats>(`/api/v1/stats/board${withAt('', captures[5].at)}`, operator)).replay?.feed ?? [];
    expect(feed.slice(0, 3).map((l) => [l.caseId, l.type])).toEqual([
      [b.id, 'void'],
      [a.id, 'accept'],
      [u.id, 'request-return'],
    ]);
    // a 片区-bound worker's feed holds its 片区 only
    const wxFeed = (await get<BoardStats>(`/api/v1/stats/board${withAt('', captures[5].at)}`, wx)).replay?.feed ?? [];
    expect(wxFeed.length).toBeGreaterThan(0);
    expect(new Set(wxFeed.map((l) => l.districtCode))).toEqual(new Set(['xincheng']));
  });

  it('checks `at`: an ISO time, not in the future, at most 90 days back; role and 片区 as live', async () => {
    const bad = async (path: string, token = operator) => (await t.request<{ error: { code: string; message: string } }>('GET', path, { token }));
    for (const path of ['/api/v1/stats/board', '/api/v1/cases/open-map']) {
      for (const at of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00', '']) {
        const res = await bad(`${path}?at=${encodeURIComponent(at)}`);
        expect({ path, at, status: res.status }).toEqual({ path, at, status: 400 });
      }
      const future = await bad(`${path}?at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(/future/);
      const old = await bad(`${path}?at=${encodeURIComponent(new Date(Date.now() - (REPLAY_WINDOW_DAYS + 1) * 86_400_000).toISOString())}`);
      expect(old.status).toBe(400);
      expect(old.body.error.message).toMatch(/90 days/);
      // before the case history began (the template database was migrated a moment ago)
      const early = await bad(`${path}?at=${encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString())}`);
      expect(early.status).toBe(400);
      expect(early.body.error.message).toMatch(/kept from/);
      // scope as live: a 片区-bound worker naming another 片区 is refused, replay or not
      const other = await bad(`${path}?district=jinsha&at=${encodeURIComponent(new Date(Date.now() - 1000).toISOString())}`, wx);
      expect(other.status).toBe(403);
      const anonymous = await t.request('GET', `${path}?at=${encodeURIComponent(new Date(Date.now() - 1000).toISOString())}`);
      expect(anonymous.status).toBe(401);
    }
  });
});
