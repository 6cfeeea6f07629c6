import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { QueryClient } from '@tanstack/query-core';
import type { CaseEventMessage, CaseSummary, ClientToServerEvents, Page, ServerToClientEvents } from '@gridops/contracts';
import { caseKeys, createLiveClient } from '@gridops/live-client';
import { sampleInteriorPoint } from '@gridops/server';
import { TEST_REDIS_URL, createTestDatabase, spawnApi, spawnWorker, waitFor, type ChildApp, type TestDatabase } from '@gridops/server-testing';
import { reportBody } from './support/fixtures';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Api = ChildApp & { url: string; port: number };

/** Real processes: two api instances and a worker on one Postgres and one Redis, as in production. */
describe('live to the operations centre', () => {
  let db: TestDatabase;
  let pg: Client;
  let apiA: Api, apiB: Api, worker: ChildApp;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `gridops-live-${randomBytes(4).toString('hex')}` };
    [apiA, apiB, worker] = await Promise.all([spawnApi(env), spawnApi(env), spawnWorker(env)]);
  }, 90_000);

  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await Promise.all([apiA?.stop(), apiB?.stop(), worker?.stop()]);
    await pg?.end();
    await db?.drop();
  }, 30_000);

  const login = async (api: Api, username: string) => {
    const res = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'gridops-demo' }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const report = async (api: Api, token: string, body: object) => {
    const res = await fetch(`${api.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
    return (await res.json()) as CaseSummary;
  };
  /** a connected socket that records every case event it receives */
  const connect = async (api: Api, token: string, batch = false) => {
    const s: LiveSocket = io(`${api.url}/live`, { auth: { token, batch }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    const got: CaseEventMessage[] = [];
    const frames = { single: 0, batch: 0 };
    s.on('case.created', (m) => (frames.single++, got.push(m)));
    s.on('case.updated', (m) => (frames.single++, got.push(m)));
    s.on('case.batch', (list) => (frames.batch++, got.push(...list)));
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return { socket: s, got, frames };
  };
  const refused = (api: Api, auth: object) =>
    new Promise<string>((resolve, reject) => {
      const s: LiveSocket = io(`${api.url}/live`, { auth, transports: ['websocket'], reconnection: false });
      sockets.push(s);
      s.once('connect', () => reject(new Error('connected without a valid token')));
      s.once('connect_error', (err) => resolve(err.message));
    });
  const eventCount = async (caseIds: string[]) =>
    Number(((await pg.query(`SELECT count(*) FROM case_events WHERE case_id = ANY($1::uuid[])`, [caseIds])).rows[0] as { count: string }).count);

  it('refuses a handshake without a token, with a bad one and with an expired one, saying why', async () => {
    expect(await refused(apiA, {})).toMatch(/unauthorized/);
    expect(await refused(apiA, { token: 'not-a-jwt' })).toMatch(/invalid or expired/);
    const expired = jwt.sign(
      { typ: 'access', sub: '00000000-0000-4000-8000-000000000000', usr: 'operator', name: 'x', role: 'operator', dst: null, unit: null, exp: Math.floor(Date.now() / 1000) - 60 },
      'gridops-demo-secret-change-me',
      { issuer: 'gridops' },
    );
    expect(await refused(apiA, { token: expired })).toMatch(/invalid or expired/);
  });

  it('delivers to a board on instance B, in order, a report posted to instance A and its automatic dispatch by the worker', async () => {
    const board = await connect(apiB, await login(apiB, 'operator'));
    const c = await report(apiA, await login(apiA, 'worker.xincheng'), reportBody({ source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-01') }));
    const mine = await waitFor(
      async () => {
        const events = board.got.filter((m) => m.caseId === c.id);
        return events.some((m) => m.type === 'dispatch') ? events : null;
      },
      { what: 'the dispatch event on instance B' },
    );
    expect(mine.map((m) => `${m.type}:${m.actor.role}`)).toEqual(['report:grid_worker', 'register:system', 'file:system', 'dispatch:system']);
    const seqs = mine.map((m) => BigInt(m.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(mine.at(-1)?.case).toMatchObject({ id: c.id, state: 'DISPATCHED', districtCode: 'xincheng' });
  });

  it('keeps another 片区 out of a grid worker socket during a burst of 100 mixed reports, while the operator gets all — batched or not', async () => {
    const operatorBoard = await connect(apiA, await login(apiA, 'operator'));
    const operatorBatched = await connect(apiB, await login(apiB, 'operator'), true);
    const jinsha = await connect(apiB, await login(apiB, 'worker.jinsha'));
    const jinshaBatched = await connect(apiA, await login(apiA, 'worker.jinsha'), true);
    const token = await login(apiA, 'operator');
    const cells = ['xincheng-01', 'jinsha-02', 'nujiang-03', 'meichuan-04', 'xincheng-03'];
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        report(i % 2 ? apiA : apiB, token, reportBody({ source: i % 3 ? 'hotline_12345' : 'citizen_app', location: sampleInteriorPoint(cells[i % cells.length], i % 5), description: `burst ${i}` })),
      ),
    );
    const ids = created.map((c) => c.id);
    const total = await eventCount(ids);
    await waitFor(async () => operatorBoard.got.filter((m) => ids.includes(m.caseId)).length >= total, { what: `${total} events on the operator board` });
    const jinshaIds = created.filter((c) => c.districtCode === 'jinsha').map((c) => c.id);
    await waitFor(async () => jinsha.got.filter((m) => jinshaIds.includes(m.caseId)).length >= (await eventCount(jinshaIds)), { what: 'the jinsha events' });
    expect(jinsha.got.length).toBeGreaterThan(0);
    expect(jinsha.got.every((m) => m.case.districtCode === 'jinsha')).toBe(true);
    expect(JSON.stringify(jinsha.got)).not.toMatch(/xincheng|nujiang|meichuan/);

    // batching clients get the same events, grouped into fewer frames, and the same scope
    const seqsOf = (list: CaseEventMessage[], of: string[]) => list.filter((m) => of.includes(m.caseId)).map((m) => m.seq).sort();
    // (the worker may still be adding events to these cases: compare once both boards hold everything committed)
    const settled = async () => {
      const now = await eventCount(ids);
      return seqsOf(operatorBatched.got, ids).length >= now && seqsOf(operatorBoard.got, ids).length >= now;
    };
    await waitFor(settled, { what: 'every event on both operator boards' });
    expect(seqsOf(operatorBatched.got, ids)).toEqual(seqsOf(operatorBoard.got, ids));
    expect(operatorBatched.frames.single).toBe(0);
    expect(operatorBatched.frames.batch).toBeLessThan(total);
    await waitFor(
      async () => {
        const now = await eventCount(jinshaIds);
        return seqsOf(jinshaBatched.got, jinshaIds).length >= now && seqsOf(jinsha.got, jinshaIds).length >= now;
      },
      { what: 'the jinsha events on both jinsha sockets' },
    );
    expect(seqsOf(jinshaBatched.got, jinshaIds)).toEqual(seqsOf(jinsha.got, jinshaIds));
    expect(JSON.stringify(jinshaBatched.got)).not.toMatch(/xincheng|nujiang|meichuan/);
  });

  it('replays exactly the 50 events a board missed, in order, and tells a board that is too far behind to refetch', async () => {
    const token = await login(apiA, 'operator');
    const before = await connect(apiA, token);
    const first = await report(apiA, token, reportBody({ location: sampleInteriorPoint('nujiang-02') }));
    const seen = await waitFor(async () => before.got.find((m) => m.caseId === first.id), { what: 'the first event' });
    before.socket.close();

    // 12345 reports stay REPORTED; spread ≥ 60 m apart so no duplicate suggestion adds events of its own
    for (let i = 0; i < 50; i++) {
      const location = { lat: 31.232 + (i % 10) * 0.0006, lng: 121.374 + Math.floor(i / 10) * 0.0024 };
      await report(apiB, token, reportBody({ location, description: `missed ${i}` }));
    }

    const after = await connect(apiB, token);
    const done = new Promise<{ replayed: number; lastSeq: string | null }>((resolve) => after.socket.once('resume.done', resolve));
    after.socket.emit('resume', { afterSeq: seen.seq });
    const summary = await done;
    const replayed = after.got.filter((m) => m.replay);
    // the replay is in seq order, once each, and together with what arrived live since reconnecting it covers every
    // event the database holds after the board's last seq (a transaction still committing when the replay was read
    // — a lower seq committed later — reaches the connected board live)
    const seqs = replayed.map((m) => BigInt(m.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(summary.replayed).toBe(replayed.length);
    const expected = (await pg.query(`SELECT seq::text FROM case_events WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [seen.seq, summary.lastSeq])).rows.map(
      (r: { seq: string }) => r.seq,
    );
    await waitFor(async () => expected.every((s) => after.got.some((m) => m.seq === s)), { what: 'every missed event, replayed or live' });
    const missed = replayed.filter((m) => m.type === 'report' && m.case.description.startsWith('missed '));
    expect(missed.map((m) => m.case.description)).toEqual(Array.from({ length: 50 }, (_, i) => `missed ${i}`));
    expect(new Set(replayed.map((m) => m.seq)).size).toBe(replayed.length);

    // too old: the next event after this seq is more than 24 h old
    const [{ seq: lastSeq }] = (await pg.query(`SELECT max(seq)::text AS seq FROM case_events`)).rows as { seq: string }[];
    await pg.query(
      `INSERT INTO case_events (case_id, type, actor_role, actor_name, from_state, to_state, note, at)
       VALUES ($1, 'comment', 'operator', 'test', 'REPORTED', 'REPORTED', 'old', now() - interval '25 hours')`,
      [first.id],
    );
    const resync = new Promise<{ reason: string }>((resolve) => after.socket.once('resync', resolve));
    after.socket.emit('resume', { afterSeq: lastSeq });
    expect((await resync).reason).toMatch(/24 h/);

    // too many: more than 5,000 events missed
    const [{ seq: beforeFlood }] = (await pg.query(`SELECT max(seq)::text AS seq FROM case_events`)).rows as { seq: string }[];
    await pg.query(
      `INSERT INTO case_events (case_id, type, actor_role, actor_name, from_state, to_state, note, at)
       SELECT $1, 'comment', 'operator', 'test', 'REPORTED', 'REPORTED', 'flood', now() FROM generate_series(1, 5001)`,
      [first.id],
    );
    const resync2 = new Promise<{ reason: string }>((resolve) => after.socket.once('resync', resolve));
    after.socket.emit('resume', { afterSeq: beforeFlood });
    expect((await resync2).reason).toMatch(/5000/);
  });

  it('patches a board query cache from events: a new case joins the cached list and later moves on', async () => {
    const token = await login(apiA, 'operator');
    const qc = new QueryClient();
    const filters = { district: 'jinsha', open: 'true' as const };
    qc.setQueryData<Page<CaseSummary>>(caseKeys.list(filters), { items: [], nextCursor: null });
    const states: string[] = [];
    const live = createLiveClient({ origin: apiB.url, getToken: () => token, queryClient: qc, socketOptions: { transports: ['websocket'] } });
    live.onState((s) => states.push(s));
    try {
      await waitFor(async () => live.state === 'live', { what: 'the live state' });
      const workerToken = await login(apiA, 'worker.jinsha');
      const c = await report(apiA, workerToken, reportBody({ source: 'patrol', reporter: undefined, location: sampleInteriorPoint('jinsha-01') }));
      const listed = await waitFor(
        async () => qc.getQueryData<Page<CaseSummary>>(caseKeys.list(filters))?.items.find((x) => x.id === c.id && x.state === 'DISPATCHED'),
        { what: 'the dispatched case in the cached list' },
      );
      expect(listed.assigneeUserId).not.toBeNull();
      expect(live.lastSeq).not.toBeNull();
      // an event for another 片区 never enters this list
      await report(apiA, token, reportBody({ location: sampleInteriorPoint('xincheng-02') }));
      expect(qc.getQueryData<Page<CaseSummary>>(caseKeys.list(filters))?.items.every((x) => x.districtCode === 'jinsha')).toBe(true);
    } finally {
      live.close();
      qc.clear();
    }
    expect(states[0]).toBe('live');
  });
});
