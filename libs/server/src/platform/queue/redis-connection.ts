import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ connections. Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`, BullMQ's
 * requirement). Producers fail fast instead (`enableOfflineQueue: false`): the outbox relay then leaves rows
 * unpublished and tries again, rather than piling commands up in memory while Redis is away.
 */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
}

export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  const r = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (n) => Math.min(n * 200, 2000),
    ...extra,
  });
  r.on('error', () => undefined); // reconnects by itself; callers see failed commands
  return r;
}
