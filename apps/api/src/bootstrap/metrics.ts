import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Metrics, UNMATCHED_ROUTE, metricsAccess, type AppConfig } from '@gridops/server';

/** Where Prometheus scrapes the api (beside the versioned API, like /health). */
export const METRICS_PATH = '/metrics';

/**
 * Request durations by method, route pattern and status — the pattern Fastify matched (`/api/v1/cases/:id`), never
 * the raw URL; a request no route matched is `unmatched` — and GET /metrics, guarded by `metricsAccess`
 * (METRICS_TOKEN; not served in production without it). Call before app.init(), so the hook covers every route.
 */
export function setupMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const metrics = app.get(Metrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    metrics.httpDuration.observe({ method: req.method, route: routeLabel(req, reply.statusCode), status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  fastify.get(METRICS_PATH, async (req, reply) => {
    const access = metricsAccess(config, req.headers.authorization, 'api');
    if (access === 'not_served') return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    if (access === 'unauthorized') return reply.status(401).header('www-authenticate', 'Bearer').send({ error: { code: 'UNAUTHORIZED', message: 'a metrics token is required' } });
    const { contentType, body } = await metrics.exposition();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

/**
 * The route pattern Fastify matched, or `unmatched`: no route (the not-found handler), or the console's catch-all
 * `/*` answering 404 (an unknown /api path) — a wildcard that found nothing is not a route of its own.
 */
export function routeLabel(req: FastifyRequest, status: number): string {
  const route = req.is404 ? undefined : req.routeOptions.url;
  if (route === undefined || (status === 404 && route.endsWith('*'))) return UNMATCHED_ROUTE;
  return route;
}
