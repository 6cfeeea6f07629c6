import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { io } from 'socket.io-client';
import { JobQueueService, Metrics, PipelineMetrics, metricsAccess, roomKind, WorkerMetricsServer } from '@gridops/server';
import { TEST_REDIS_URL, createTestDatabase, freePort, spawnWorker, startInProcessWorker, waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint, userId } from './support/fixtures';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition → samples (comments skipped). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the sample with this name whose labels include `labels` (undefined when there is none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('metrics', () => {
  describe('the api', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    const scrape = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return parse(res.body);
    };

    it('counts reports by source and actions by name, times requests by route pattern, and never labels with an id', async () => {
      const before = await scrape();
      const operator = await t.login('operator');
      const lead = await t.login('lead');
      const c = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-01') });
      await must(t, operator, c.id, 'register');
      await must(t, lead, c.id, 'file');
      await must(t, operator, c.id, 'dispatch', { assignee: { userId: await userId(t, 'worker.xincheng') } });
      // a URL no route matches, carrying an id: it must not become a label
      expect((await t.request('GET', `/api/v1/nowhere/${c.id}`, { token: operator })).status).toBe(404);

      const after = await scrape();
      const moved = (name: string, labels: Record<string, string>) => (value(after, name, labels) ?? 0) - (value(before, name, labels) ?? 0);
      expect(moved('gridops_reports_accepted_total', { source: 'hotline_12345' })).toBe(1);
      for (const action of ['register', 'file', 'dispatch']) expect(moved('gridops_case_transitions_total', { action })).toBe(1);
      expect(moved('gridops_report_to_dispatch_seconds_count', { source: 'hotline_12345' })).toBe(1);
      expect(value(after, 'gridops_report_to_dispatch_seconds_sum', { source: 'hotline_12345' })).toBeGreaterThan(0);

      const http = (labels: Record<string, string>) => value(after, 'gridops_http_request_duration_seconds_count', labels) ?? 0;
      expect(http({ method: 'POST', route: '/api/v1/reports', status: '201' })).toBeGreaterThanOrEqual(1);
      expect(http({ method: 'POST', route: '/api/v1/cases/:id/actions/:action', status: '200' })).toBeGreaterThanOrEqual(3);
      expect(http({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);

      // the figures of every process: pool, sockets by room kind, event-loop lag, memory
      expect(value(after, 'gridops_pg_pool_connections', { state: 'in_use' })).toEqual(expect.any(Number));
      expect(value(after, 'gridops_pg_pool_connections', { state: 'waiting' })).toBe(0);
      expect(value(after, 'gridops_live_sockets', { room_kind: 'town' })).toBe(0);
      expect(value(after, 'gridops_live_sockets', { room_kind: 'batch:district' })).toBe(0);
      expect(value(after, 'nodejs_eventloop_lag_p99_seconds')).toEqual(expect.any(Number));
      expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(value(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

      // bounded labels: no case id, no user id, no raw URL anywhere
      const values = after.flatMap((s) => Object.values(s.labels));
      expect(values.filter((v) => UUID.test(v))).toEqual([]);
      expect(values.filter((v) => v.includes('nowhere'))).toEqual([]);
    });

    it('reads the outbox backlog and the age of its oldest unrelayed row on scrape (no relay runs here)', async () => {
      await createCase(t, await t.login('operator'), { location: sampleInteriorPoint('nujiang-01') });
      // as if the relay had been away for an hour
      const owner = new DataSource({ type: 'postgres', url: t.db.ownerUrl });
      await owner.initialize();
      try {
        await owner.query(`UPDATE outbox SET created_at = now() - interval '1 hour' WHERE published_at IS NULL`);
      } finally {
        await owner.destroy();
      }
      const metrics = new Metrics();
      new PipelineMetrics(t.app.get(DataSource), t.app.get(JobQueueService, { strict: false }), metrics).onModuleInit();
      const samples = parse((await metrics.exposition()).body);
      expect(value(samples, 'gridops_outbox_backlog_rows')).toBeGreaterThanOrEqual(1);
      expect(value(samples, 'gridops_outbox_oldest_unrelayed_age_seconds')).toBeGreaterThanOrEqual(3600);
      expect(value(samples, 'gridops_queue_jobs', { queue: 'intake', state: 'waiting' })).toBe(0);
    });

    it('counts connected sockets by the kind of room they are in', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = await t.app.getUrl();
      const connect = async (token: string, batch: boolean) => {
        const s = io(`${url.replace('[::1]', '127.0.0.1')}/live`, { auth: { token, batch }, transports: ['websocket'], reconnection: false });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        return s;
      };
      const sockets = [await connect(await t.login('operator'), false), await connect(await t.login('worker.jinsha'), true)];
      try {
        const samples = await waitFor(
          async () => {
            const s = await scrape();
            return value(s, 'gridops_live_sockets', { room_kind: 'user' }) === 2 ? s : null;
          },
          { what: 'two sockets in their rooms' },
        );
        expect(value(samples, 'gridops_live_sockets', { room_kind: 'town' })).toBe(1);
        expect(value(samples, 'gridops_live_sockets', { room_kind: 'batch:district' })).toBe(1);
        expect(value(samples, 'gridops_live_sockets', { room_kind: 'district' })).toBe(0);
      } finally {
        for (const s of sockets) s.disconnect();
      }
      expect(roomKind('batch:unit:U01')).toBe('batch:unit');
      expect(roomKind('district:jinsha')).toBe('district');
      expect(roomKind('Xk3_socket-id')).toBeNull();
      expect(roomKind('townhall')).toBeNull();
    });

    it('answers /metrics with a token only when METRICS_TOKEN is set', async () => {
      const guarded = await startTestApp({ env: { METRICS_TOKEN: 'metrics-test-token-0123456789' } });
      try {
        const get = (authorization?: string) => guarded.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
        const anonymous = await get();
        expect(anonymous.statusCode).toBe(401);
        expect(anonymous.headers['www-authenticate']).toBe('Bearer');
        expect((await get('Bearer wrong-token-wrong-token')).statusCode).toBe(401);
        // an access token of a signed-in admin is not the metrics token
        expect((await get(`Bearer ${await guarded.login('admin')}`)).statusCode).toBe(401);
        const ok = await get('Bearer metrics-test-token-0123456789');
        expect(ok.statusCode).toBe(200);
        expect(ok.body).toContain('gridops_http_request_duration_seconds');
      } finally {
        await guarded.close();
      }
    });

    it('does not serve /metrics in production without METRICS_TOKEN', () => {
      expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: undefined }, undefined, 'api')).toBe('not_served');
      expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: undefined }, 'Bearer anything', 'api')).toBe('not_served');
      expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: 'a-long-enough-token' }, 'Bearer a-long-enough-token', 'api')).toBe('allowed');
      expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: 'a-long-enough-token' }, 'Bearer a-long-enough-toke', 'api')).toBe('unauthorized');
      expect(metricsAccess({ NODE_ENV: 'development', METRICS_TOKEN: undefined }, undefined, 'api')).toBe('allowed');
      // the worker's own port (loopback unless WORKER_METRICS_HOST says otherwise) serves without a token
      expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: undefined }, undefined, 'worker')).toBe('allowed');
    });
  });

  describe("the worker's port", () => {
    let t: TestApp;
    let worker: INestApplicationContext;
    let port: number;
    beforeAll(async () => {
      t = await startTestApp();
      port = await freePort();
      worker = await startInProcessWorker({ ...t.config, WORKER_METRICS_PORT: port });
    });
    afterAll(async () => {
      await worker.close();
      await t.close();
    });

    const scrape = async (headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
      return { status: res.status, samples: res.status === 200 ? parse(await res.text()) : [] };
    };

    it('serves queue gauges, the outbox backlog and relay drain times', async () => {
      expect(worker.get(WorkerMetricsServer).port()).toBe(port);
      const operator = await t.login('operator');
      await createCase(t, operator, { location: sampleInteriorPoint('jinsha-01') });
      // the relay drains the report's outbox row and plans its intake job
      const samples = await waitFor(
        async () => {
          const s = (await scrape()).samples;
          return (value(s, 'gridops_outbox_relay_drain_seconds_count') ?? 0) > 0 ? s : null;
        },
        { what: 'a relay drain' },
      );
      for (const queue of ['intake', 'dispatch', 'sla', 'closure']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(samples, 'gridops_queue_jobs', { queue, state })).toEqual(expect.any(Number));
      }
      expect(value(samples, 'gridops_outbox_backlog_rows')).toEqual(expect.any(Number));
      expect(value(samples, 'gridops_outbox_oldest_unrelayed_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(value(samples, 'gridops_pg_pool_connections', { state: 'idle' })).toEqual(expect.any(Number));
      expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(samples.flatMap((s) => Object.values(s.labels)).filter((v) => UUID.test(v))).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    });
  });

  it('the built worker process serves /metrics on WORKER_METRICS_PORT, behind METRICS_TOKEN when it is set', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const worker = await spawnWorker({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `gridops-test-metrics-${randomBytes(4).toString('hex')}`,
      WORKER_METRICS_PORT: String(port),
      METRICS_TOKEN: 'worker-metrics-token-0123456789',
    });
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: 'Bearer worker-metrics-token-0123456789' } });
      expect(res.status).toBe(200);
      const samples = parse(await res.text());
      expect(value(samples, 'gridops_queue_jobs', { queue: 'closure', state: 'failed' })).toBe(0);
      expect(value(samples, 'gridops_outbox_backlog_rows')).toEqual(expect.any(Number));
      expect(value(samples, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
    } finally {
      await worker.stop();
      await db.drop();
    }
  });
});
