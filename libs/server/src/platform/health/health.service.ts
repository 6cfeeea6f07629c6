import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RedisClient } from '../redis/redis.provider';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: 'up' | 'down'; redis: 'up' | 'down' };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly redis: RedisClient,
  ) {}

  async check(): Promise<HealthReport> {
    const [pg, rd] = await Promise.allSettled([within(this.ds.query('SELECT 1'), 2000), within(this.redis.client.ping(), 2000)]);
    const checks = { postgres: pg.status === 'fulfilled' ? 'up' : 'down', redis: rd.status === 'fulfilled' ? 'up' : 'down' } as const;
    return { status: checks.postgres === 'up' && checks.redis === 'up' ? 'ok' : 'degraded', checks };
  }
}
