import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job, type MinimalJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_BACKOFF_STRATEGY, JobName, QUEUE_NAMES, cappedBackoff, type QueueName } from '@gridops/contracts';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { workerConnection } from '../platform/queue/redis-connection';
import { HealthService } from '../platform/health/health.service';
import { ShutdownState } from '../platform/health/shutdown-state';
import { JOB_PROCESSORS, checkHandlerCoverage, type JobHandler, type JobHandlerMap, type JobProcessor } from './job-handler';

/** Jobs in flight per queue and process: enough to overlap database round trips on two cores. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = { intake: 16, dispatch: 16, sla: 8, closure: 8, models: 1, trends: 1 };

/**
 * Consumes the queues (worker app only). Refuses to start when a job name has no handler or two (style rule 1),
 * so a job can never sit unprocessed because a processor was forgotten.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private readonly handlers: Map<string, JobHandler<JobName>>;

  constructor(
    @Inject(JOB_PROCESSORS) processors: JobProcessor[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthService,
    private readonly shutdown: ShutdownState,
  ) {
    const maps: JobHandlerMap[] = processors.map((p) => p.handlers());
    const { missing, duplicated } = checkHandlerCoverage(Object.values(JobName), maps);
    if (missing.length || duplicated.length) {
      throw new Error(`job catalogue and handlers disagree — missing: [${missing.join(', ')}], handled twice: [${duplicated.join(', ')}]`);
    }
    this.handlers = new Map(maps.flatMap((m) => Object.entries(m) as [string, JobHandler<JobName>][]));
  }

  onApplicationBootstrap(): void {
    for (const queue of QUEUE_NAMES) {
      const connection = workerConnection(this.config.REDIS_URL);
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const worker = new Worker(queue, (job: Job) => this.run(job), {
        connection,
        prefix: this.config.REDIS_PREFIX,
        concurrency: QUEUE_CONCURRENCY[queue],
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: Math.max(500, Math.floor(this.config.JOB_LOCK_MS / 2)),
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob) =>
            type === JOB_BACKOFF_STRATEGY ? cappedBackoff(attemptsMade, Number((job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 500)) : 1000,
        },
      });
      worker.on('failed', (job, err) => this.logger.warn(`${queue}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
      worker.on('error', (err) => this.logger.warn(`${queue} worker: ${err.message}`));
      this.workers.push(worker);
    }
    // ready while every queue's consumer runs on a live connection; on SIGTERM: take no new job, finish the running
    // ones (BullMQ's close waits for them)
    this.health.addCheck('queues', () => this.workers.every((w) => w.isRunning() && !w.closing) && this.connections.every((c) => c.status === 'ready'));
    this.shutdown.onDrain('queues', () => this.closeWorkers());
  }

  private closeWorkers(): Promise<void> {
    return Promise.all(this.workers.map((w) => w.close().catch(() => undefined))).then(() => undefined);
  }

  private async run(job: Job): Promise<string> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job.data as never);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closeWorkers();
    this.connections.forEach((c) => c.disconnect());
  }
}
