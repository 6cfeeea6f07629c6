import { createServer, type Server } from 'node:http';
import type { HealthService } from '@gridops/server';

/**
 * The worker's only HTTP: `GET /health/live` (200 while the process runs) and `GET /health/ready` (200 when
 * Postgres, Redis and its queue consumers are up; 503 `degraded` otherwise, 503 `draining` from SIGTERM on) on
 * `WORKER_HEALTH_PORT`. Anything else is 404. It stays up while the worker drains, so probes see `draining`.
 */
export async function startHealthServer(health: HealthService, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } });
    if (path === '/health/live') return send(200, health.live());
    if (path === '/health/ready' || path === '/health') {
      void health.check().then(
        (report) => send(report.status === 'ok' ? 200 : 503, report),
        () => send(503, { status: 'degraded' }),
      );
      return;
    }
    send(404, { error: { code: 'NOT_FOUND', message: 'only /health/live and /health/ready' } });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function closeHealthServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
