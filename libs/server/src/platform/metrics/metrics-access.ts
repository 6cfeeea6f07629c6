import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/** What a request for /metrics gets: the figures, a challenge, or nothing (the endpoint does not exist). */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'not_served';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics (docs/operations.md, "Metrics"). With METRICS_TOKEN set: only a request bearing it
 * (`Authorization: Bearer <token>`), on the api and the worker alike. Without it: the api serves /metrics on a
 * development machine but not in production (404), where route and queue figures are not for the internet; the
 * worker's own port (bound to WORKER_METRICS_HOST, loopback by default) serves it to whoever can reach it.
 */
export function metricsAccess(config: Pick<AppConfig, 'METRICS_TOKEN' | 'NODE_ENV'>, authorization: string | undefined, where: 'api' | 'worker'): MetricsAccess {
  const token = config.METRICS_TOKEN;
  if (token === undefined) return where === 'api' && config.NODE_ENV === 'production' ? 'not_served' : 'allowed';
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  // compared as digests: equal length, constant time, whatever the caller sends
  return given !== undefined && timingSafeEqual(digest(given), digest(token)) ? 'allowed' : 'unauthorized';
}
