import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_QUEUE, JOB_RETRY, QUEUE_NAMES, job, jobIdOf, type AnyJob, type JobName, type JobPayloads, type PlannedJob, type QueueName, type QueueStats } from '@gridops/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { producerConnection } from './redis-connection';

/** Finished jobs stay a day so a re-planned job with the same id is recognised as done, not run again. */
const KEEP = { removeOnComplete: { age: 24 * 3600, count: 50_000 }, removeOnFail: { age: 7 * 24 * 3600 } } as const;

/** The one typed way to enqueue (style rule 1), and queue health. The api and the worker both produce; only the worker consumes. */
@Injectable()
export class JobQueueService implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues: Map<QueueName, Queue>;
  /**
   * The marker the worker keeps in Redis while Redis holds the jobs it planned: Redis runs without persistence, so a
   * restart or a flush takes the marker with the jobs, and its absence tells the worker to plan them again
   * (pipeline/jobs-rebuild.ts).
   */
  private readonly epochKey: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = producerConnection(config.REDIS_URL);
    this.epochKey = `${config.REDIS_PREFIX}:jobs-epoch`;
    this.queues = new Map(QUEUE_NAMES.map((q) => [q, new Queue(q, { connection: this.connection, prefix: config.REDIS_PREFIX })]));
  }

  queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  }

  /** One job of the catalogue, typed by its name; its id is the catalogue's (jobIdOf), so planning it twice adds it once. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): Promise<void> {
    return this.enqueueAll([job(name, payload, opts.delayMs)]);
  }

  /** Many jobs, one round trip per queue. */
  async enqueueAll(jobs: readonly PlannedJob[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const j of jobs) {
      const q = JOB_QUEUE[j.name];
      const list = byQueue.get(q) ?? [];
      list.push({ name: j.name, data: j.payload, opts: { jobId: jobIdOf(j), delay: j.delayMs, ...JOB_RETRY[j.name], ...KEEP } });
      byQueue.set(q, list);
    }
    await Promise.all([...byQueue].map(([q, list]) => this.queue(q).addBulk(list)));
  }

  /** Remove jobs that are no longer wanted (a superseded deadline's timers); absent or running jobs are left alone. */
  async removeAll(jobs: readonly AnyJob[]): Promise<void> {
    await Promise.all(jobs.map((j) => this.queue(JOB_QUEUE[j.name]).remove(jobIdOf(j)).catch(() => 0)));
  }

  /** Redis still holds this prefix's jobs marker (a rebuild claimed or done): one EXISTS. Throws when Redis is away. */
  async hasJobsEpoch(): Promise<boolean> {
    return (await this.connection.exists(this.epochKey)) === 1;
  }

  /** Claim the rebuild of a lost Redis (SET NX with a lease): true for exactly one caller until `sealJobsEpoch` or the lease ends. */
  async claimJobsRebuild(token: string, leaseMs: number): Promise<boolean> {
    return (await this.connection.set(this.epochKey, `rebuilding ${token}`, 'PX', leaseMs, 'NX')) === 'OK';
  }

  /**
   * The rebuild is done: the marker stays for good — only if it is still there (SET XX). False when Redis lost it
   * again meanwhile: the next check rebuilds again.
   */
  async sealJobsEpoch(epoch: string): Promise<boolean> {
    return (await this.connection.set(this.epochKey, epoch, 'XX')) === 'OK';
  }

  /** Give a failed rebuild's claim back at once (when still ours), so the next check tries again without waiting for the lease. */
  async releaseJobsRebuild(token: string): Promise<void> {
    if ((await this.connection.get(this.epochKey)) === `rebuilding ${token}`) await this.connection.del(this.epochKey);
  }

  /** Call `fn` each time the producer connection to Redis is (re)established. */
  onRedisReady(fn: () => void): void {
    this.connection.on('ready', fn);
  }

  async stats(): Promise<QueueStats[]> {
    return Promise.all(
      QUEUE_NAMES.map(async (name) => {
        const q = this.queue(name);
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
        return {
          queue: name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
          paused: await q.isPaused(),
        };
      }),
    );
  }

  async failedJobs(name: QueueName, limit = 50): Promise<{ id: string; name: string; data: unknown; failedReason: string; attemptsMade: number; finishedOn: number | null }[]> {
    const jobs = await this.queue(name).getFailed(0, limit - 1);
    return jobs.map((j) => ({
      id: String(j.id),
      name: j.name,
      data: j.data as unknown,
      failedReason: j.failedReason,
      attemptsMade: j.attemptsMade,
      finishedOn: j.finishedOn ?? null,
    }));
  }

  /** Put failed jobs back to work (admin). Returns how many were retried. */
  async retryFailed(name: QueueName): Promise<number> {
    const failed = await this.queue(name).getFailed(0, 999);
    await Promise.all(failed.map((j) => j.retry('failed')));
    return failed.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection.disconnect();
  }
}
