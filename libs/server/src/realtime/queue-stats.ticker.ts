import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QUEUE_STATS_INTERVAL_MS } from '@gridops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { producerConnection } from '../platform/queue/redis-connection';
import { LivePublisher } from './live-publisher';
import { TOWN_ROOM } from './live-rooms';

/**
 * Queue figures to the town room every few seconds. With several workers, a short Redis lock picks one per tick, so
 * boards don't get the same figures twice.
 */
@Injectable()
export class QueueStatsTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly redis: Redis;
  private readonly me = randomUUID();

  constructor(
    private readonly jobs: JobQueueService,
    private readonly publisher: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.redis = producerConnection(config.REDIS_URL);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), QUEUE_STATS_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const won = await this.redis.set(`${this.config.REDIS_PREFIX}:queue-stats-lock`, this.me, 'PX', QUEUE_STATS_INTERVAL_MS - 500, 'NX');
    if (won !== 'OK') return;
    this.publisher.emit([TOWN_ROOM], 'queue.stats', { at: new Date().toISOString(), queues: await this.jobs.stats() });
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.redis.disconnect();
  }
}
