import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import type { CaseDetail } from '@gridops/contracts';
import { sampleInteriorPoint } from '@gridops/server';
import {
  TEST_REDIS_URL,
  abortWorkOfLostClients,
  createTestDatabase,
  freePort,
  holdCaseRow,
  spawnApi,
  spawnWorker,
  proxyFor,
  waitFor,
  type ChildApp,
  type TestDatabase,
} from '@gridops/server-testing';
import { childScenarios } from './support/child-scenarios';

/**
 * Liveness, readiness and graceful shutdown (#16 part 3), with the BUILT api and worker as child processes
 * (apps/*\/dist, `npm run build`). A slow request or job is made by holding its case row locked from outside.
 */

const { defer, watch, scenario } = childScenarios();

async function openDatabase(): Promise<{ db: TestDatabase; pg: Client }> {
  const db = await createTestDatabase();
  defer('database', () => db.drop());
  await abortWorkOfLostClients(db);
  const pg = new Client({ connectionString: db.url });
  pg.on('error', () => undefined);
  await pg.connect();
  defer('pg client', () => pg.end());
  return { db, pg };
}

const env = (databaseUrl: string, prefix: string, extra: Record<string, string> = {}): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: TEST_REDIS_URL,
  REDIS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  DEMO: 'true',
  ...extra,
});
const newPrefix = () => `gridops-health-${randomBytes(4).toString('hex')}`;

async function startApi(e: Record<string, string>) {
  const api = await spawnApi(e);
  defer('api', () => api.stop());
  watch('api', api.output);
  return api;
}

async function startWorker(e: Record<string, string>) {
  const w = await spawnWorker(e);
  defer('worker', () => w.stop());
  watch('worker', w.output);
  return w;
}

/** Resolves with how the child ended (at once if it already has). */
function exited(child: ChildApp): Promise<{ code: number | null; signal: string | null }> {
  const { proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
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

/** A 新城 patrol report; with no worker running it stays REPORTED. */
async function report(base: string): Promise<CaseDetail> {
  const token = await login(base, 'worker.xincheng');
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ source: 'patrol', categoryCode: 'E0102', description: '巡查发现暴露垃圾 / exposed rubbish seen on patrol', location: sampleInteriorPoint('xincheng-01') }),
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseDetail;
}

/** The operator registers the case: a request that waits while the test holds the case row. */
async function register(base: string, caseId: string): Promise<{ status: number; text: string }> {
  const token = await login(base, 'operator');
  const detail = (await (await fetch(`${base}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { case: { version: number } };
  const res = await fetch(`${base}/api/v1/cases/${caseId}/actions/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ version: detail.case.version }),
  });
  return { status: res.status, text: await res.text() };
}

describe('health and graceful shutdown (built processes)', () => {
  scenario('api: live and ready are 200; with Postgres cut ready (and /health) answer 503 while live stays 200', 60_000, async () => {
    const { db } = await openDatabase();
    const { proxy, url: viaProxy } = await proxyFor(db.url);
    defer('tcp proxy', () => proxy.close());
    const api = await startApi(env(viaProxy, newPrefix()));

    expect(await get(`${api.url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${api.url}/health/ready`)).toEqual({ status: 200, body: { status: 'ok', checks: { postgres: 'up', redis: 'up' } } });
    expect(await get(`${api.url}/health`)).toEqual({ status: 200, body: { status: 'ok', checks: { postgres: 'up', redis: 'up' } } });

    await proxy.cut();
    expect(await get(`${api.url}/health/ready`)).toEqual({ status: 503, body: { status: 'degraded', checks: { postgres: 'down', redis: 'up' } } });
    expect((await get(`${api.url}/health`)).status).toBe(503);
    expect(await get(`${api.url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });

    await proxy.restore();
    await waitFor(async () => (await get(`${api.url}/health/ready`)).status === 200, { what: 'ready again', timeoutMs: 20_000 });
  });

  scenario(
    'api SIGTERM: ready answers 503 draining at once, websockets are told to go, new connections are refused, the request in flight completes, exit 0',
    60_000,
    async () => {
      const { db, pg } = await openDatabase();
      const api = await startApi(env(db.url, newPrefix(), { SHUTDOWN_DELAY_MS: '2000', SHUTDOWN_TIMEOUT_MS: '10000' }));
      const c = await report(api.url);

      const token = await login(api.url, 'operator');
      const socket = io(`${api.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
      defer('live socket', async () => socket.close());
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const socketCut = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

      const hold = await holdCaseRow(db.url, c.id);
      defer('case row lock', () => hold.release());
      const inFlight = register(api.url, c.id);
      await waitFor(async () => (await hold.waiters()) > 0, { what: 'the register action to wait for the case row', timeoutMs: 10_000, intervalMs: 25 });

      const ended = exited(api);
      const t0 = Date.now();
      api.proc.kill('SIGTERM');
      // as soon as the signal is handled, while it still listens (SHUTDOWN_DELAY_MS): not ready, still live
      const ready = await waitFor(
        async () => {
          const r = await get(`${api.url}/health/ready`);
          return r.status === 503 ? r : null;
        },
        { what: 'ready to turn 503', timeoutMs: 1500, intervalMs: 10 },
      );
      expect(ready.body.status).toBe('draining');
      expect((await get(`${api.url}/health`)).status).toBe(503);
      expect((await get(`${api.url}/health/live`)).status).toBe(200);

      // after the delay: the live socket is closed by the server (the live client reconnects elsewhere) and the
      // port refuses new connections, while the held request is still in flight
      expect(await socketCut).toBe('io server disconnect');
      await waitFor(async () => (await fetch(`${api.url}/health/live`).then(() => false, () => true)), { what: 'the api to stop listening', timeoutMs: 5000, intervalMs: 50 });
      expect(api.proc.exitCode).toBeNull();

      await hold.release();
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      const { rows } = await pg.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [c.id]);
      expect(rows[0].state).not.toBe('REPORTED');

      expect(await ended).toEqual({ code: 0, signal: null });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(api.output()).toMatch(/gridops api: drained and closed/);
    },
  );

  scenario('api SIGTERM with a request stuck past SHUTDOWN_TIMEOUT_MS: the process exits anyway (code 1) within the bound', 60_000, async () => {
    const { db } = await openDatabase();
    const api = await startApi(env(db.url, newPrefix(), { SHUTDOWN_TIMEOUT_MS: '1500' }));
    const c = await report(api.url);
    const hold = await holdCaseRow(db.url, c.id);
    defer('case row lock', () => hold.release());
    const inFlight = register(api.url, c.id).catch((err: Error) => ({ status: 0, text: err.message }));
    await waitFor(async () => (await hold.waiters()) > 0, { what: 'the register action to wait for the case row', timeoutMs: 10_000, intervalMs: 25 });

    const ended = exited(api);
    const t0 = Date.now();
    api.proc.kill('SIGTERM');
    expect(await ended).toEqual({ code: 1, signal: null });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(5000);
    expect((await inFlight).status).not.toBe(200);
    expect(api.output()).toMatch(/did not finish within 1500 ms/);
  });

  scenario('worker: with Postgres cut its ready answers 503 (postgres down) while live stays 200', 60_000, async () => {
    const { db } = await openDatabase();
    const { proxy, url: viaProxy } = await proxyFor(db.url);
    defer('tcp proxy', () => proxy.close());
    const port = await freePort();
    await startWorker(env(viaProxy, newPrefix(), { WORKER_HEALTH_PORT: String(port), HOST: '127.0.0.1' }));
    const base = `http://127.0.0.1:${port}`;
    expect((await get(`${base}/health/ready`)).status).toBe(200);

    await proxy.cut();
    expect(await get(`${base}/health/ready`)).toEqual({ status: 503, body: { status: 'degraded', checks: { postgres: 'down', redis: 'up', queues: 'up' } } });
    expect(await get(`${base}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);

    await proxy.restore();
    await waitFor(async () => (await get(`${base}/health/ready`)).status === 200, { what: 'the worker ready again', timeoutMs: 20_000 });
  });

  scenario('worker: its health port answers live and ready (queues up); SIGTERMed mid-job it turns draining, finishes the job (no retry) and exits 0', 90_000, async () => {
    const { db, pg } = await openDatabase();
    const prefix = newPrefix();
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    const queue = new Queue('intake', { connection, prefix });
    defer('intake queue', async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      connection.disconnect();
    });
    const api = await startApi(env(db.url, prefix));
    const c = await report(api.url);
    expect(c.state).toBe('REPORTED');
    const hold = await holdCaseRow(db.url, c.id);
    defer('case row lock', () => hold.release());

    const port = await freePort();
    const worker = await startWorker(env(db.url, prefix, { WORKER_HEALTH_PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '15000' }));
    const base = `http://127.0.0.1:${port}`;
    expect(await get(`${base}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${base}/health/ready`)).toEqual({ status: 200, body: { status: 'ok', checks: { postgres: 'up', redis: 'up', queues: 'up' } } });

    // the intake job runs in the worker, its write waiting for the test's lock
    const job = await waitFor(async () => (await queue.getActive()).find((j) => (j.data as { caseId?: string }).caseId === c.id), {
      what: 'the intake job to be active',
      timeoutMs: 30_000,
      intervalMs: 25,
    });
    await waitFor(async () => (await hold.waiters()) > 0, { what: "the job's write to wait for the case row", timeoutMs: 10_000, intervalMs: 25 });

    const ended = exited(worker);
    worker.proc.kill('SIGTERM');
    await waitFor(async () => (await get(`${base}/health/ready`)).body.status === 'draining', { what: 'the worker to report draining', timeoutMs: 5000, intervalMs: 25 });
    expect((await get(`${base}/health/ready`)).status).toBe(503);
    expect(worker.proc.exitCode).toBeNull();

    await hold.release();
    expect(await ended).toEqual({ code: 0, signal: null });
    const done = await queue.getJob(String(job.id));
    expect(await done?.getState()).toBe('completed');
    expect(done?.returnvalue).toBe('done');
    expect(done?.attemptsMade).toBe(1);
    const { rows } = await pg.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [c.id]);
    expect(rows[0].state).toBe('DISPATCHED');
    expect(worker.output()).toMatch(/gridops worker: drained and closed/);
  });
});
