import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QUEUE_NAMES, type CaseDetail, type CaseView, type CategoryView, type QueueName, type SlaKind } from '@gridops/contracts';
import { sampleInteriorPoint } from '@gridops/server';
import {
  TEST_REDIS_URL,
  abortWorkOfLostClients,
  createTestDatabase,
  holdCaseRow,
  spawnApi,
  spawnWorker,
  startInProcessWorker,
  startPrivateRedis,
  proxyFor,
  startTcpProxy,
  waitFor,
  type ChildApp,
  type TestDatabase,
} from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { childScenarios } from './support/child-scenarios';

/**
 * The pipeline under failure, with the BUILT api and worker as child processes (apps/*\/dist, `npm run build`):
 * a worker killed mid-job, Redis gone, Postgres gone, two workers racing, and stale SLA timers. Every test waits on
 * state (Postgres rows, BullMQ job states), never on a guessed sleep; each has its own database and Redis prefix.
 */

// ---- per-test resources: always released, in reverse order, even when the test fails --------------------------

const { defer, watch, scenario } = childScenarios();

const newPrefix = () => `gridops-fail-${randomBytes(4).toString('hex')}`;

interface Db {
  db: TestDatabase;
  /** a direct connection to the test database (never through a proxy) */
  pg: Client;
}

async function openDatabase(): Promise<Db> {
  const db = await createTestDatabase();
  defer(`database ${db.name}`, () => db.drop());
  const pg = new Client({ connectionString: db.url });
  pg.on('error', () => undefined);
  await pg.connect();
  defer('pg client', () => pg.end());
  return { db, pg };
}

function baseEnv(databaseUrl: string, redisUrl: string, prefix: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', DEMO: 'true' };
}

async function startApi(env: Record<string, string>): Promise<ChildApp & { url: string }> {
  const api = await spawnApi(env);
  defer('api', () => api.stop());
  watch('api', () => `${exitNote(api)}${api.output()}`);
  return api;
}

function exitNote(child: ChildApp): string {
  const { exitCode, signalCode } = child.proc;
  return exitCode === null && signalCode === null ? '' : `(exited: ${signalCode ?? `code ${exitCode}`})\n`;
}

let workerCount = 0;
async function startWorker(env: Record<string, string>, role = ''): Promise<ChildApp> {
  const w = await spawnWorker(env);
  const name = `worker #${++workerCount}${role ? ` (${role})` : ''}`;
  defer(name, () => w.stop());
  watch(name, () => `${exitNote(w)}${w.output()}`);
  return w;
}

/** BullMQ queues of one prefix, to look at job states; removes the prefix's keys when the test ends. */
interface QueueProbe {
  queue(name: QueueName): Queue;
  job(name: QueueName, id: string): Promise<Job | undefined>;
  /** no job waiting or running in any queue (delayed timers may remain) */
  idle(): Promise<boolean>;
}

function probeQueues(redisUrl: string, prefix: string): QueueProbe {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const queues = new Map(QUEUE_NAMES.map((n) => [n, new Queue(n, { connection, prefix })]));
  const queue = (name: QueueName) => queues.get(name) as Queue;
  defer(`queues of ${prefix}`, async () => {
    await Promise.all([...queues.values()].map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    await connection.quit().catch(() => connection.disconnect());
  });
  return {
    queue,
    job: async (name, id) => (await queue(name).getJob(id)) ?? undefined,
    async idle() {
      for (const q of queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0) > 0) return false;
      }
      return true;
    },
  };
}

// ---- HTTP against a child api -----------------------------------------------------------------------------------

interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
}

async function call<T = unknown>(base: string, method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T, text };
}

async function login(base: string, username: string): Promise<string> {
  const res = await call<{ accessToken: string }>(base, 'POST', '/api/v1/auth/login', { body: { username, password: 'gridops-demo' } });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

type Point = { lat: number; lng: number };

function patrolReport(location: Point, description = '巡查发现暴露垃圾 / exposed rubbish seen on patrol') {
  return { source: 'patrol', categoryCode: 'E0102', description, location };
}

/** A patrol report by a grid worker of 新城 that must be accepted. */
async function postPatrol(base: string, token: string, location: Point, description?: string): Promise<CaseDetail> {
  const res = await call<CaseDetail>(base, 'POST', '/api/v1/reports', { token, body: patrolReport(location, description) });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${res.text}`);
  return res.body;
}

/**
 * `n` points inside 新城, pairwise further apart than the duplicate-suggestion radius (50 m: 0.000525° of longitude,
 * 0.000452° of latitude here), so intake files each report instead of holding it as a possible duplicate.
 */
function distinctXinchengPoints(n: number): Point[] {
  const points: Point[] = [];
  for (const cell of ['xincheng-01', 'xincheng-02', 'xincheng-03', 'xincheng-04']) {
    const c = sampleInteriorPoint(cell);
    for (const dLat of [-0.0005, 0.0005]) {
      for (const k of [-2, -1, 0, 1, 2]) points.push({ lat: +(c.lat + dLat).toFixed(6), lng: +(c.lng + k * 0.0007).toFixed(6) });
    }
  }
  if (n > points.length) throw new Error(`only ${points.length} distinct points`);
  return points.slice(0, n);
}

// ---- Postgres probes ----------------------------------------------------------------------------------------------

async function states(pg: Client, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await pg.query<{ id: string; state: string }>(`SELECT id, state FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.state]));
}

async function allInState(pg: Client, ids: string[], state: string): Promise<boolean> {
  const s = await states(pg, ids);
  return ids.every((id) => s.get(id) === state);
}

/** Each case's event types in timeline order. */
async function eventTypes(pg: Client, ids: string[]): Promise<Map<string, string[]>> {
  const { rows } = await pg.query<{ case_id: string; type: string }>(
    `SELECT case_id, type FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`,
    [ids],
  );
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(r.case_id)?.push(r.type);
  return out;
}

async function typeCounts(pg: Client, caseId: string): Promise<Record<string, number>> {
  const { rows } = await pg.query<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM case_events WHERE case_id = $1 GROUP BY type`, [caseId]);
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

async function unpublished(pg: Client, ids?: string[]): Promise<number> {
  const { rows } = ids
    ? await pg.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND case_id = ANY($1::uuid[])`, [ids])
    : await pg.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`);
  return Number(rows[0].n);
}

const FILED_AND_DISPATCHED = ['report', 'register', 'file', 'dispatch'];

/** For a failure message: where the cases got stuck, and what the queues hold. */
async function pipelineReport(pg: Client, ids: string[], queues?: QueueProbe): Promise<string> {
  const lines: string[] = [];
  const s = await states(pg, ids);
  const byState = new Map<string, number>();
  for (const id of ids) byState.set(s.get(id) ?? 'MISSING', (byState.get(s.get(id) ?? 'MISSING') ?? 0) + 1);
  lines.push(`cases by state: ${JSON.stringify(Object.fromEntries(byState))}`);
  const timelines = await eventTypes(pg, ids);
  for (const id of ids.filter((i) => s.get(i) !== 'DISPATCHED').slice(0, 5)) lines.push(`  ${id}: ${JSON.stringify(timelines.get(id))}`);
  lines.push(`unpublished outbox rows: ${await unpublished(pg)}`);
  if (queues) {
    for (const name of QUEUE_NAMES) {
      const q = queues.queue(name);
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      const failed = (await q.getFailed(0, 2)).map((j) => `${String(j.id)}: ${j.failedReason}`);
      lines.push(`queue ${name}: ${JSON.stringify(counts)}${failed.length ? ` failed e.g. ${failed.join(' | ')}` : ''}`);
    }
  }
  return lines.join('\n');
}

// ---- 1. a worker killed with SIGKILL mid-job ------------------------------------------------------------------------

describe('pipeline failures', () => {
  /**
   * The test holds the case row locked (`SELECT … FOR UPDATE` in a transaction of its own), so the intake job — which
   * registers, files and dispatches a patrol report in one write — waits at that write inside the doomed worker.
   * `before`: the worker is killed there, nothing of the job committed (Postgres rolls back the statement of a client
   * that has gone). `after`: the worker's Redis connection goes through a proxy that is stalled before the lock is
   * released, so the write commits but the job is never acknowledged; then the worker is killed. JOB_LOCK_MS=1500
   * lets a fresh worker take the dead worker's job over after 1.5 s (BullMQ stalled-job check).
   */
  async function killMidJob(when: 'before' | 'after'): Promise<void> {
    const { db, pg } = await openDatabase();
    await abortWorkOfLostClients(db);
    const prefix = newPrefix();
    const queues = probeQueues(TEST_REDIS_URL, prefix);
    const env = baseEnv(db.url, TEST_REDIS_URL, prefix);
    const api = await startApi(env);

    // reported while no worker runs: the case waits in REPORTED with its intake unplanned
    const token = await login(api.url, 'worker.xincheng');
    const c = await postPatrol(api.url, token, sampleInteriorPoint('xincheng-01'));
    expect(c.state).toBe('REPORTED');
    const hold = await holdCaseRow(db.url, c.id);
    defer('case row lock', () => hold.release());

    const redis = new URL(TEST_REDIS_URL);
    const redisProxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    defer('redis proxy', () => redisProxy.close());
    const viaProxy = new URL(TEST_REDIS_URL);
    viaProxy.port = String(redisProxy.port);
    const doomed = await startWorker({ ...env, REDIS_URL: viaProxy.toString(), JOB_LOCK_MS: '1500' }, 'doomed');

    // the intake job is running inside the doomed worker, its write waiting for the test's lock
    const job = await waitFor(async () => (await queues.queue('intake').getActive()).find((j) => (j.data as { caseId?: string }).caseId === c.id), {
      what: 'the intake job to be active in the doomed worker',
      timeoutMs: 30_000,
      intervalMs: 25,
    });
    const jobId = String(job.id);
    await waitFor(async () => (await hold.waiters()) > 0, { what: "the intake job's write to wait for the case row", timeoutMs: 10_000, intervalMs: 25 });
    if (when === 'before') {
      // stopped inside its handler, before its write: nothing done yet
      expect((await states(pg, [c.id])).get(c.id)).toBe('REPORTED');
      await doomed.kill9();
      await waitFor(async () => (await hold.waiters()) === 0, { what: "Postgres to drop the dead worker's waiting write", timeoutMs: 10_000, intervalMs: 25 });
      await hold.release();
      expect((await states(pg, [c.id])).get(c.id)).toBe('REPORTED');
    } else {
      // its write goes through, its acknowledgement never reaches Redis: the transitions are committed, the job not
      // acknowledged
      redisProxy.stall();
      await hold.release();
      await waitFor(async () => (await states(pg, [c.id])).get(c.id) === 'DISPATCHED', { what: 'the held job to have dispatched', timeoutMs: 10_000, intervalMs: 25 });
      expect(await (await queues.job('intake', jobId))?.getState()).toBe('active');
      await doomed.kill9();
    }

    // a fresh worker takes the orphaned job over once its lock has lapsed
    await startWorker({ ...env, JOB_LOCK_MS: '1500' });
    await waitFor(async () => (await states(pg, [c.id])).get(c.id) === 'DISPATCHED', { what: 'the case to be DISPATCHED', timeoutMs: 30_000 });
    const finished = await waitFor(
      async () => {
        const j = await queues.job('intake', jobId);
        // read the job again once completed: the copy fetched before its completion carries no return value
        return j && (await j.getState()) === 'completed' ? queues.job('intake', jobId) : null;
      },
      { what: `intake job ${jobId} to complete`, timeoutMs: 30_000 },
    );
    // before: the re-run did the work; after: the re-run found it done and skipped
    if (when === 'before') expect(finished.returnvalue).toBe('done');
    else expect(String(finished.returnvalue)).toMatch(/^skipped: case is DISPATCHED/);

    await waitFor(async () => (await unpublished(pg, [c.id])) === 0 && (await queues.idle()), {
      what: 'the outbox to be published and the queues idle',
      timeoutMs: 30_000,
    });
    expect(await typeCounts(pg, c.id)).toEqual({ report: 1, register: 1, file: 1, dispatch: 1 });
    expect((await eventTypes(pg, [c.id])).get(c.id)).toEqual(FILED_AND_DISPATCHED);
    expect(await unpublished(pg, [c.id])).toBe(0);
  }

  scenario('a worker SIGKILLed while its intake job waits to write: a fresh worker files and dispatches the case, once', 90_000, () => killMidJob('before'));

  scenario('a worker SIGKILLed after intake committed the dispatch but before the job was acknowledged: the re-run skips, no event twice', 90_000, () =>
    killMidJob('after'),
  );

  // ---- 2. Redis unavailable ------------------------------------------------------------------------------------------

  scenario('Redis down: reports are still accepted and kept in Postgres; once Redis is back they all go through, once', 90_000, async () => {
    const redis = await startPrivateRedis();
    defer(`private redis :${redis.port}`, () => redis.stop());
    watch('private redis', redis.output);
    const { db, pg } = await openDatabase();
    const env = baseEnv(db.url, redis.url, newPrefix());
    const api = await startApi(env);
    await startWorker(env);
    const token = await login(api.url, 'worker.xincheng');

    await redis.stop();
    const points = distinctXinchengPoints(5);
    const replies = await Promise.all(points.map((p, i) => call<CaseDetail>(api.url, 'POST', '/api/v1/reports', { token, body: patrolReport(p, `Redis 停机时上报 #${i}`) })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = replies.map((r) => r.body.id);

    const s = await states(pg, ids);
    expect(ids.map((id) => s.get(id))).toEqual(ids.map(() => 'REPORTED'));
    expect(await unpublished(pg, ids)).toBe(5); // one 'report' row each, waiting for Redis

    const health = await call<{ status: string; checks: { postgres: string; redis: string } }>(api.url, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', checks: { postgres: 'up', redis: 'down' } });

    await redis.start(); // same port, empty
    await waitFor(async () => (await allInState(pg, ids, 'DISPATCHED')) && (await unpublished(pg)) === 0, {
      what: 'all five cases to be DISPATCHED and the outbox fully published',
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const timelines = await eventTypes(pg, ids);
    for (const id of ids) expect(timelines.get(id)).toEqual(FILED_AND_DISPATCHED);
    await waitFor(async () => (await call(api.url, 'GET', '/health')).status === 200, { what: '/health to answer 200 again', timeoutMs: 15_000 });
  });

  scenario('Redis restarts empty (FLUSHALL): the open cases get their lost jobs back from the outbox — a case waiting for dispatch is dispatched once, timers are planned again', 120_000, async () => {
    const redis = await startPrivateRedis();
    defer(`private redis :${redis.port}`, () => redis.stop());
    watch('private redis', redis.output);
    const { db, pg } = await openDatabase();
    const prefix = newPrefix();
    const env = baseEnv(db.url, redis.url, prefix);
    const queues = probeQueues(redis.url, prefix);
    const api = await startApi(env);
    const worker = await startWorker(env);
    const [reporter, worker2, operator, lead, admin] = await Promise.all(['worker.xincheng', 'worker2.xincheng', 'operator', 'lead', 'admin'].map((u) => login(api.url, u)));
    const users = (await call<{ id: string; username: string }[]>(api.url, 'GET', '/api/v1/users', { token: admin })).body;
    const tokenOf = new Map([
      [users.find((u) => u.username === 'worker.xincheng')?.id, reporter],
      [users.find((u) => u.username === 'worker2.xincheng')?.id, worker2],
    ]);
    const must = async (token: string, id: string, action: string, input: Record<string, unknown> = {}) => {
      const detail = await call<CaseView>(api.url, 'GET', `/api/v1/cases/${id}`, { token: operator });
      const res = await call<CaseView>(api.url, 'POST', `/api/v1/cases/${id}/actions/${action}`, { token, body: { version: detail.body.case.version, ...input } });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
      return res.body.case;
    };
    const KINDS: SlaKind[] = ['yellow', 'red', 'escalate'];
    const timerId = (caseId: string, kind: SlaKind, v: number) => `sla-${caseId}-${kind}-${v}`;
    /** each timer's due instant (ms), once all three of deadline version `v` wait in Redis */
    const timersOf = async (caseId: string, v = 1) => {
      const due: number[] = [];
      for (const kind of KINDS) {
        const j = await queues.job('sla', timerId(caseId, kind, v));
        if (!j || (await j.getState()) !== 'delayed') return null;
        due.push(j.timestamp + (j.opts.delay ?? 0));
      }
      return due;
    };

    // A: dispatched by intake, accepted and its deadline extended (deadline version 2): the first deadline's timers
    // retired, the second's delayed in Redis
    const a = await postPatrol(api.url, reporter, sampleInteriorPoint('xincheng-01'));
    await waitFor(async () => (await states(pg, [a.id])).get(a.id) === 'DISPATCHED', { what: 'case A to be DISPATCHED', timeoutMs: 30_000 });
    await waitFor(() => timersOf(a.id, 1), { what: "case A's first timers to be delayed", timeoutMs: 15_000 });
    const dispatchedA = (await call<CaseView>(api.url, 'GET', `/api/v1/cases/${a.id}`, { token: operator })).body.case;
    const assignee = tokenOf.get(dispatchedA.assigneeUserId ?? undefined);
    if (!assignee) throw new Error(`dispatched to an unexpected assignee ${dispatchedA.assigneeUserId}`);
    await must(assignee, a.id, 'accept');
    const extendTo = new Date(new Date(dispatchedA.handlingDueAt as string).getTime() + 3600_000).toISOString();
    await must(assignee, a.id, 'request-extension', { dueAt: extendTo, note: '需协调物业 / needs the property manager' });
    await must(lead, a.id, 'approve-extension');
    const dueBefore = await waitFor(() => timersOf(a.id, 2), { what: "case A's extended deadline's timers to be delayed", timeoutMs: 15_000 });
    await waitFor(async () => (await queues.job('sla', timerId(a.id, 'red', 1))) === undefined, { what: "case A's first timers to be retired", timeoutMs: 15_000 });

    // B: a hotline case filed by the shift lead, waiting in PENDING_DISPATCH; its dispatch job relayed (row published)
    // into a paused queue, so it is still waiting when Redis loses it
    await queues.queue('dispatch').pause();
    const b = (await call<CaseDetail>(api.url, 'POST', '/api/v1/reports', { token: operator, body: { source: 'hotline_12345', categoryCode: 'E0102', description: '热线反映暴露垃圾 / rubbish reported by phone', location: sampleInteriorPoint('xincheng-03'), reporter: { name: '王先生', phone: '13800001234' } } })).body;
    await waitFor(async () => (await unpublished(pg, [b.id])) === 0 && (await queues.idle()), { what: "case B's intake to have run", timeoutMs: 30_000 });
    await must(operator, b.id, 'register');
    await must(lead, b.id, 'file');
    await waitFor(async () => (await unpublished(pg, [b.id])) === 0 && (await queues.queue('dispatch').getWaitingCount()) === 1, {
      what: "case B's dispatch job to wait in the paused queue",
      timeoutMs: 30_000,
    });
    expect((await states(pg, [b.id])).get(b.id)).toBe('PENDING_DISPATCH');
    const noticesOf = async (caseId: string) =>
      (await pg.query<{ user_id: string; kind: string; dedupe_key: string }>(`SELECT user_id, kind, dedupe_key FROM notifications WHERE case_id = $1 ORDER BY user_id, dedupe_key`, [caseId])).rows;
    const aNotices = await noticesOf(a.id);
    expect(aNotices.map((n) => n.kind)).toContain('case.dispatched');

    // Redis loses everything: A's timers, B's dispatch job, the pause, the marker
    const flusher = new Redis(redis.url);
    defer('redis client of the test', () => flusher.quit().then(() => undefined));
    await flusher.flushall();
    expect(await timersOf(a.id, 2)).toBeNull();

    // B is dispatched; A's timers are back, with their ids and their due instants; B's timers are planned
    await waitFor(async () => (await states(pg, [b.id])).get(b.id) === 'DISPATCHED', { what: 'case B to be dispatched after the flush', timeoutMs: 30_000, intervalMs: 100 });
    const dueAfter = await waitFor(() => timersOf(a.id, 2), { what: "case A's timers to be planned again", timeoutMs: 15_000 });
    // the same instants, planned from the same event (delay = instant - now at each planning: ms apart, not hours)
    dueAfter.forEach((t, i) => expect(Math.abs(t - dueBefore[i])).toBeLessThan(1000));
    await waitFor(() => timersOf(b.id), { what: "case B's timers", timeoutMs: 15_000 });
    await waitFor(async () => (await unpublished(pg)) === 0 && (await queues.idle()), { what: 'the outbox published and the queues idle', timeoutMs: 30_000 });
    // the replayed first deadline's timers: retired again by the replayed extension, or ran and found themselves stale
    for (const kind of KINDS) {
      const old = await queues.job('sla', timerId(a.id, kind, 1));
      if (old) expect([await old.getState(), String(old.returnvalue)]).toEqual(['completed', expect.stringMatching(/^skipped: stale timer/)]);
    }

    // nothing twice: one dispatch each, A's notices as before, B told of its dispatch once; no job failed
    expect(await typeCounts(pg, a.id)).toEqual({ report: 1, register: 1, file: 1, dispatch: 1, accept: 1, 'request-extension': 1, 'approve-extension': 1 });
    expect((await typeCounts(pg, b.id)).dispatch).toBe(1);
    expect(await noticesOf(a.id)).toEqual(aNotices);
    const bDispatched = (await noticesOf(b.id)).filter((n) => n.kind === 'case.dispatched');
    expect(bDispatched.length).toBeGreaterThan(0);
    expect(new Set(bDispatched.map((n) => n.user_id)).size).toBe(bDispatched.length);
    for (const name of QUEUE_NAMES) expect(await queues.queue(name).getFailedCount()).toBe(0);
    expect(worker.output()).toMatch(/Redis held no jobs .*: re-opened \d+ outbox rows of open cases/);
  });

  // ---- 3. Postgres unavailable ---------------------------------------------------------------------------------------

  scenario('Postgres down: a report is refused with 503 DEPENDENCY_UNAVAILABLE, nothing is written, and the api recovers', 90_000, async () => {
    const { db, pg } = await openDatabase();
    const { proxy, url: viaProxy } = await proxyFor(db.url);
    defer('tcp proxy', () => proxy.close());
    // no worker: the case rows must stay exactly what the api wrote
    const api = await startApi(baseEnv(viaProxy, TEST_REDIS_URL, newPrefix()));
    const token = await login(api.url, 'worker.xincheng');

    const count = async () => {
      const { rows } = await pg.query<{ cases: string; events: string; outbox: string }>(
        `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM outbox) AS outbox`,
      );
      return { cases: Number(rows[0].cases), events: Number(rows[0].events), outbox: Number(rows[0].outbox) };
    };
    const before = await count();

    await proxy.cut();
    const refusedText = `数据库停机时上报 / reported while Postgres is down ${randomBytes(3).toString('hex')}`;
    const refused = await call<{ error: { code: string; message: string } }>(api.url, 'POST', '/api/v1/reports', {
      token,
      body: patrolReport(sampleInteriorPoint('xincheng-01'), refusedText),
    });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String) } });
    expect(refused.text).not.toMatch(/\n\s+at |stack|\.ts:\d+|\.js:\d+/);

    const health = await call<{ status: string; checks: { postgres: string; redis: string } }>(api.url, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', checks: { postgres: 'down', redis: 'up' } });

    await proxy.restore();
    await waitFor(async () => (await call(api.url, 'GET', '/health')).status === 200, { what: 'the api to see Postgres again', timeoutMs: 30_000 });
    const accepted = await postPatrol(api.url, token, sampleInteriorPoint('xincheng-02'), '数据库恢复后上报 / reported after Postgres came back');
    expect(accepted.state).toBe('REPORTED');

    // the refused report left nothing behind; the accepted one wrote its case, its event and its outbox row
    expect(await count()).toEqual({ cases: before.cases + 1, events: before.events + 1, outbox: before.outbox + 1 });
    expect((await pg.query(`SELECT 1 FROM cases WHERE description = $1`, [refusedText])).rowCount).toBe(0);
    expect((await pg.query(`SELECT 1 FROM cases WHERE id = $1`, [accepted.id])).rowCount).toBe(1);
  });

  // ---- 4. two workers on the same queues --------------------------------------------------------------------------

  scenario('two worker processes on the same queues: 40 reports, each filed and dispatched exactly once', 120_000, async () => {
    const { db, pg } = await openDatabase();
    const prefix = newPrefix();
    const queues = probeQueues(TEST_REDIS_URL, prefix);
    const env = baseEnv(db.url, TEST_REDIS_URL, prefix);
    const api = await startApi(env);
    await Promise.all([startWorker(env), startWorker(env)]);
    const token = await login(api.url, 'worker.xincheng');

    const points = distinctXinchengPoints(40);
    const ids: string[] = [];
    for (let i = 0; i < points.length; i += 10) {
      const batch = await Promise.all(points.slice(i, i + 10).map((p, k) => postPatrol(api.url, token, p, `两个worker并发 #${i + k}`)));
      ids.push(...batch.map((c) => c.id));
    }
    expect(new Set(ids).size).toBe(40);

    await waitFor(async () => allInState(pg, ids, 'DISPATCHED'), { what: 'all 40 cases to be DISPATCHED', timeoutMs: 90_000, intervalMs: 200 }).catch(
      async (err: Error) => {
        throw new Error(`${err.message}\n${await pipelineReport(pg, ids, queues)}`);
      },
    );
    await waitFor(async () => (await unpublished(pg)) === 0 && (await queues.idle()), { what: 'the outbox published and the queues idle', timeoutMs: 30_000 });
    const timelines = await eventTypes(pg, ids);
    const wrong = ids.filter((id) => JSON.stringify(timelines.get(id)) !== JSON.stringify(FILED_AND_DISPATCHED));
    expect(wrong.map((id) => ({ id, types: timelines.get(id) }))).toEqual([]);
    expect(await unpublished(pg)).toBe(0);
  });

  // ---- 5. stale SLA timers -----------------------------------------------------------------------------------------

  scenario('dispatched, extended, returned and re-dispatched: only the newest deadline has timers, the stale red one never urges', 90_000, async () => {
    const t: TestApp = await startTestApp();
    defer('in-process api', () => t.close());
    const queues = probeQueues(TEST_REDIS_URL, t.config.REDIS_PREFIX);
    const sla = queues.queue('sla');
    const timerId = (caseId: string, kind: SlaKind, v: number) => `sla-${caseId}-${kind}-${v}`;
    const KINDS: SlaKind[] = ['yellow', 'red', 'escalate'];

    // the pipeline in this process; restartable, because it caches categories (see the limit change below)
    let pipeline: INestApplicationContext | null = null;
    const startPipeline = async () => {
      pipeline = await startInProcessWorker(t.config);
    };
    const stopPipeline = async () => {
      const p = pipeline;
      pipeline = null;
      await p?.close();
    };
    defer('in-process pipeline', stopPipeline);

    const [admin, operator, lead, w1, w2] = await Promise.all(['admin', 'operator', 'lead', 'worker.xincheng', 'worker2.xincheng'].map((u) => t.login(u)));
    const users = await t.request<{ id: string; username: string }[]>('GET', '/api/v1/users', { token: admin });
    const tokenOf = new Map([
      [users.body.find((u) => u.username === 'worker.xincheng')?.id, w1],
      [users.body.find((u) => u.username === 'worker2.xincheng')?.id, w2],
    ]);

    const view = async (id: string) => {
      const res = await t.request<CaseView>('GET', `/api/v1/cases/${id}`, { token: operator });
      if (res.status !== 200) throw new Error(`GET case: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const must = async (token: string, id: string, action: string, input: Record<string, unknown> = {}) => {
      const v = (await view(id)).case.version;
      const res = await t.request<CaseView>('POST', `/api/v1/cases/${id}/actions/${action}`, { token, body: { version: v, ...input } });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const jobState = async (id: string) => (await queues.job('sla', id))?.getState();

    // a handling limit of 0.003 natural hours = 10.8 s: yellow at 8.6 s, red at 10.8 s, escalate at 21.6 s
    const original = (await t.request<CategoryView[]>('GET', '/api/v1/categories', { token: admin })).body.find((c) => c.code === 'E0102');
    if (!original) throw new Error('no category E0102');
    const patch = async (handlingLimit: CategoryView['handlingLimit']) => {
      const res = await t.request('PATCH', '/api/v1/categories/E0102', { token: admin, body: { handlingLimit } });
      if (res.status !== 200) throw new Error(`PATCH category: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await patch({ amount: 0.003, unit: 'natural_hours' });
    await startPipeline();

    // a 12345 report waits for the desk; once filed, the pipeline dispatches it (deadline version 1)
    const reported = await t.request<CaseDetail>('POST', '/api/v1/reports', {
      token: operator,
      body: {
        source: 'hotline_12345',
        categoryCode: 'E0102',
        description: '12345来电：小区门口暴露垃圾 / exposed rubbish at the gate',
        location: sampleInteriorPoint('xincheng-01'),
        reporter: { name: '王先生', phone: '13800001234' },
      },
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id;
    await must(operator, id, 'register');
    await must(lead, id, 'file');
    const first = await waitFor(
      async () => {
        const v = await view(id);
        return v.case.state === 'DISPATCHED' ? v.case : null;
      },
      { what: 'the pipeline to dispatch the case', timeoutMs: 20_000 },
    );
    expect(first.deadlineVersion).toBe(1);
    const staleRedDue = new Date(first.handlingDueAt as string).getTime();
    expect(staleRedDue - Date.now()).toBeLessThan(60_000); // the short limit applies
    // every deadline's timers, the first one's too, are planned by the relay from the event that set it
    await waitFor(async () => (await jobState(timerId(id, 'red', 1))) === 'delayed', { what: 'the first deadline\'s red timer', timeoutMs: 10_000 });

    // accepted, then extended by an hour (deadline version 2)
    const assignee = tokenOf.get(first.assigneeUserId ?? undefined);
    if (!assignee) throw new Error(`dispatched to an unexpected assignee ${first.assigneeUserId}`);
    await must(assignee, id, 'accept');
    await must(assignee, id, 'request-extension', { dueAt: new Date(staleRedDue + 3600_000).toISOString(), note: '需协调物业 / needs the property manager' });
    const extended = await must(lead, id, 'approve-extension');
    expect(extended.case.deadlineVersion).toBe(2);
    await waitFor(async () => (await jobState(timerId(id, 'red', 2))) === 'delayed', { what: "the extended deadline's red timer", timeoutMs: 10_000 });

    // the next dispatch should run on the category's normal limit: the pipeline caches categories for 30 s, so restart it
    await patch(original.handlingLimit);
    await stopPipeline();
    await startPipeline();

    // returned (deadline version 3) and dispatched again by the pipeline (deadline version 4)
    await must(assignee, id, 'request-return', { reasonCode: 'not_our_responsibility', note: '不属于本网格 / not this grid' });
    const returned = await must(lead, id, 'approve-return', { note: '改派 / dispatch again' });
    expect(returned.case.deadlineVersion).toBe(3);
    const again = await waitFor(
      async () => {
        const v = await view(id);
        return v.case.state === 'DISPATCHED' && v.case.deadlineVersion === 4 ? v.case : null;
      },
      { what: 'the pipeline to dispatch the returned case again', timeoutMs: 20_000 },
    );
    expect(new Date(again.handlingDueAt as string).getTime() - Date.now()).toBeGreaterThan(60_000);
    await waitFor(async () => (await jobState(timerId(id, 'red', 4))) === 'delayed', { what: "the new dispatch's red timer", timeoutMs: 10_000 });

    // older deadlines: their timers are gone, or ran and found themselves stale; the newest has its three
    const olderGoneOrStale = async () => {
      for (const v of [1, 2, 3]) {
        for (const kind of KINDS) {
          const job = await queues.job('sla', timerId(id, kind, v));
          if (!job) continue;
          const state = await job.getState();
          if (state !== 'completed') return `${job.id} is ${state}`;
          if (!String(job.returnvalue).startsWith('skipped: stale timer')) return `${job.id} returned ${String(job.returnvalue)}`;
        }
      }
      return null;
    };
    expect(await olderGoneOrStale()).toBeNull();
    for (const kind of KINDS) expect(await jobState(timerId(id, kind, 4))).toBe('delayed');

    // past the stale red timer's due time, and nothing of an older deadline left waiting, running or delayed
    await waitFor(
      async () => {
        if (Date.now() <= staleRedDue) return false;
        const c = await sla.getJobCounts('waiting', 'active', 'prioritized');
        if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) > 0) return false;
        const delayed = (await sla.getDelayed()).map((j) => String(j.id));
        return delayed.every((jid) => jid.endsWith('-4')) && (await olderGoneOrStale()) === null;
      },
      { what: "the stale red timer's due time to pass and the sla queue to drain", timeoutMs: 40_000, intervalMs: 200 },
    );
    const after = await view(id);
    expect(after.timeline.map((e) => e.type)).not.toContain('urge');
    expect(after.case.supervised).toBe(false);
    for (const kind of KINDS) expect(await jobState(timerId(id, kind, 4))).toBe('delayed');
  });
});
