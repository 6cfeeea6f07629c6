import { randomBytes } from 'node:crypto';
import { Client as PgClient, type Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { AnalyticsStats, BoardStats, CaseDetail, CaseEventMessage, ClientToServerEvents, ServerToClientEvents } from '@gridops/contracts';
import { sampleInteriorPoint } from '@gridops/server';
import { townDateOf } from '@gridops/domain';
import {
  TEST_APP_ROLE,
  TEST_REDIS_URL,
  createStreamingReplica,
  createTestDatabase,
  spawnApi,
  waitFor,
  type StreamingReplica,
  type TestDatabase,
} from '@gridops/server-testing';
import { childScenarios } from './support/child-scenarios';

/**
 * The read replica (#16 part 6, docs/read-replica.md) with a real streaming replica: a second Postgres on this
 * machine, `pg_basebackup -R` of the tests' server, and the BUILT api with DATABASE_READ_URL on it. The board and
 * analytics are served from the replica (its own statistics count the scans); with replay paused the replica falls
 * behind and the same answers come from the primary; stopped, likewise, and `/health/ready` says so; started again,
 * reads go back to it. A second api that tolerates any lag shows the replica's stale board while replay is paused,
 * and its live replay still reads the primary then.
 */

const { defer, watch, scenario } = childScenarios({ cleanupTimeoutMs: 90_000 });

interface Ready {
  status: number;
  body: { status: string; checks: Record<string, string>; readReplica?: { state: string; lagSeconds: number | null; reads: string } };
}

async function ready(base: string): Promise<Ready> {
  const res = await fetch(`${base}/health/ready`);
  return { status: res.status, body: (await res.json()) as Ready['body'] };
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gridops-demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function getJson<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A 新城 patrol report, written to the primary (no worker runs: it stays REPORTED). */
async function report(base: string, token: string): Promise<CaseDetail> {
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ source: 'patrol', categoryCode: 'E0102', description: '巡查发现暴露垃圾 / exposed rubbish seen on patrol', location: sampleInteriorPoint('xincheng-01') }),
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseDetail;
}

/** `gridops_lag_tolerant_reads_total{pool}` from the api's /metrics (served without a token outside production). */
async function readsServed(base: string, pool: 'replica' | 'primary'): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^gridops_lag_tolerant_reads_total\\{pool="${pool}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** Scans of `cases` the replica itself has run (its own statistics; the replica's health check never reads cases). */
async function replicaCaseScans(admin: Client): Promise<number> {
  // statistics are read once per transaction and cached: a fresh snapshot each time
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ n: string }>(`SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text AS n FROM pg_stat_user_tables WHERE relname = 'cases'`);
  return Number(rows[0].n);
}

async function onReplica(admin: Client, caseId: string): Promise<boolean> {
  const { rows } = await admin.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId]);
  return rows.length === 1;
}

/** Closes a connection whether or not its server is still there (pg's end() of a dead connection may never settle). */
async function endQuietly(c: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([c.end().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1000)))]);
  clearTimeout(timer);
}

describe('read replica (a streaming replica on this machine, the built api)', () => {
  scenario('board and analytics are read from the replica; lagging or stopped, from the primary, and /health/ready says so; back, from the replica again', 300_000, async () => {
    const db: TestDatabase = await createTestDatabase();
    defer('database', () => db.drop());
    const replica: StreamingReplica = await createStreamingReplica();
    defer('replica', () => replica.destroy());
    // the test database exists on the replica once its CREATE DATABASE has been replayed
    const admin = await waitFor(() => replica.admin(db.name), { what: 'the test database on the replica', timeoutMs: 30_000, intervalMs: 200 });
    defer('replica connection', () => endQuietly(admin));

    const apiEnv = {
      DATABASE_URL: db.url,
      DATABASE_READ_URL: replica.url(db.name, TEST_APP_ROLE),
      // the default bound: a loaded machine's replica is now and then more than 1.5 s behind
      READ_REPLICA_MAX_LAG_MS: '3000',
      READ_REPLICA_CHECK_MS: '250',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `gridops-replica-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      DEMO: 'true',
    };
    const api = await spawnApi(apiEnv);
    defer('api', () => api.stop());
    watch('api', api.output);

    const readyWith = (state: string, reads: string) =>
      waitFor(
        async () => {
          const r = await ready(api.url);
          return r.body.readReplica?.state === state && r.body.readReplica.reads === reads ? r : null;
        },
        { what: `/health/ready to say the replica is ${state} (reads on the ${reads})`, timeoutMs: 30_000, intervalMs: 100 },
      );

    const up = await readyWith('up', 'replica');
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');
    expect(up.body.readReplica?.lagSeconds).toBeLessThanOrEqual(3);

    const lead = await login(api.url, 'lead');
    const worker = await login(api.url, 'worker.xincheng');
    const today = townDateOf(new Date());
    const board = () => getJson<BoardStats>(api.url, lead, '/api/v1/stats/board');
    const analytics = () => getJson<AnalyticsStats>(api.url, lead, `/api/v1/stats/analytics?from=${today}&to=${today}`);
    const newToday = async () => (await board()).kpis.today.new;
    const base = await newToday();
    const reportedToday = async () => (await analytics()).totals.reported;
    const aBase = await reportedToday();

    // 1. served from the replica: a report written to the primary shows on the board once replicated, and the
    // replica's own statistics count the board's and analytics' scans of cases
    const first = await report(api.url, worker);
    await waitFor(async () => (await newToday()) === base + 1, { what: 'the report on the replica-served board' });
    const scans0 = await replicaCaseScans(admin);
    const replicaReads0 = await readsServed(api.url, 'replica');
    expect((await board()).kpis.today.new).toBe(base + 1);
    expect(await reportedToday()).toBe(aBase + 1);
    expect(await readsServed(api.url, 'replica')).toBeGreaterThan(replicaReads0);
    // case lists and the open map too
    for (const path of ['/api/v1/cases?limit=5', '/api/v1/cases/open-map']) {
      const before = await readsServed(api.url, 'replica');
      await getJson(api.url, lead, path);
      expect(await readsServed(api.url, 'replica')).toBe(before + 1);
    }
    // a backend reports its statistics when idle, at most once a second
    await waitFor(async () => (await replicaCaseScans(admin)) > scans0, { what: "the replica's statistics to count the board's scans of cases" });
    expect(await onReplica(admin, first.id)).toBe(true);

    // 2. lagging: replay paused, a new report is on the primary only; once the lag passes the bound, the board
    // and analytics count it — they can only have read the primary — and no read is counted on the replica
    await admin.query('SELECT pg_wal_replay_pause()');
    const second = await report(api.url, worker);
    const lagging = await readyWith('lagging', 'primary');
    expect(lagging.status).toBe(200);
    expect(lagging.body.status).toBe('ok');
    expect(lagging.body.readReplica?.lagSeconds).toBeGreaterThan(3);
    expect(await onReplica(admin, second.id)).toBe(false);
    const [replicaReads1, primaryReads1] = [await readsServed(api.url, 'replica'), await readsServed(api.url, 'primary')];
    expect((await board()).kpis.today.new).toBe(base + 2);
    expect(await reportedToday()).toBe(aBase + 2);
    expect(await readsServed(api.url, 'primary')).toBeGreaterThan(primaryReads1);
    expect(await readsServed(api.url, 'replica')).toBe(replicaReads1);

    // caught up again: back to the replica
    await admin.query('SELECT pg_wal_replay_resume()');
    await readyWith('up', 'replica');
    expect(await onReplica(admin, second.id)).toBe(true);

    // 3. stopped: the very next answers are right (a read the replica fails is answered by the primary), and
    // /health/ready stays 200 while naming the replica down
    await endQuietly(admin);
    await replica.stop();
    await report(api.url, worker);
    expect((await board()).kpis.today.new).toBe(base + 3);
    expect(await reportedToday()).toBe(aBase + 3);
    const down = await readyWith('down', 'primary');
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/^gridops_read_replica_state\{state="down"\} 1$/m);
    expect(metrics).toMatch(/^gridops_read_replica_state\{state="up"\} 0$/m);

    // 4. started again: it catches up and serves reads again
    await replica.start();
    await readyWith('up', 'replica');
    const admin2 = await replica.admin(db.name);
    defer('replica connection 2', () => endQuietly(admin2));
    const scans2 = await replicaCaseScans(admin2);
    expect((await board()).kpis.today.new).toBe(base + 3);
    await waitFor(async () => (await replicaCaseScans(admin2)) > scans2, { what: "the restarted replica's statistics to count the board's scans" });

    // 5. an api that tolerates any lag (bound 10 min): with replay paused, its board is the replica's — stale, so
    // it was read there — while a board resuming its live feed still gets the newest event, because the replay
    // reads the replica only once it has replayed what the primary had written (else the primary)
    const tolerant = await spawnApi({ ...apiEnv, READ_REPLICA_MAX_LAG_MS: '600000' });
    defer('tolerant api', () => tolerant.stop());
    watch('tolerant api', tolerant.output);
    await waitFor(async () => ((await ready(tolerant.url)).body.readReplica?.reads === 'replica' ? true : null), { what: 'the tolerant api to read the replica' });
    const leadT = await login(tolerant.url, 'lead');
    const newTodayT = async () => (await getJson<BoardStats>(tolerant.url, leadT, '/api/v1/stats/board')).kpis.today.new;
    expect(await newTodayT()).toBe(base + 3);
    const primary = new PgClient({ connectionString: db.ownerUrl });
    await primary.connect();
    defer('primary connection', () => endQuietly(primary));
    const { rows: [{ last }] } = await primary.query<{ last: string }>('SELECT max(seq)::text AS last FROM case_events');
    await admin2.query('SELECT pg_wal_replay_pause()');
    const fourth = await report(tolerant.url, worker);
    expect(await onReplica(admin2, fourth.id)).toBe(false);
    expect(await newTodayT()).toBe(base + 3); // the replica's answer: it has not replayed the report
    const listed = await getJson<{ items: { id: string }[] }>(tolerant.url, leadT, '/api/v1/cases?limit=50');
    expect(listed.items.map((c) => c.id)).not.toContain(fourth.id);
    // the case file is read-your-write: always the primary
    expect((await getJson<{ case: { id: string } }>(tolerant.url, leadT, `/api/v1/cases/${fourth.id}`)).case.id).toBe(fourth.id);
    expect((await ready(tolerant.url)).body.readReplica).toMatchObject({ state: 'up', reads: 'replica' });

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${tolerant.url}/live`, { auth: { token: leadT }, transports: ['websocket'], reconnection: false });
    defer('socket', async () => socket.close());
    const replayed: CaseEventMessage[] = [];
    socket.on('case.created', (m) => void (m.replay && replayed.push(m)));
    socket.on('case.updated', (m) => void (m.replay && replayed.push(m)));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const done = new Promise<{ replayed: number }>((resolve) => socket.once('resume.done', resolve));
    socket.emit('resume', { afterSeq: last });
    await done;
    expect(replayed.map((m) => m.caseId)).toContain(fourth.id);
    await admin2.query('SELECT pg_wal_replay_resume()');
    await waitFor(async () => (await newTodayT()) === base + 4, { what: 'the tolerant board to catch up once replay resumes' });
  });
});
