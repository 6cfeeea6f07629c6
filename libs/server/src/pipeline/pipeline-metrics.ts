import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QUEUE_NAMES } from '@gridops/contracts';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { Metrics, COLLECT_TIMEOUT_MS } from '../platform/metrics/metrics';

/** The backlog is counted up to this many rows: a scrape's cost stays bounded however far the relay is behind. */
export const OUTBOX_BACKLOG_COUNT_CAP = 100_000;

/**
 * The worker's scrape-time figures: jobs per queue and state (one getJobCounts round trip per queue) and the outbox
 * backlog with the age of its oldest unrelayed row (one statement on the partial index of unpublished rows, with a
 * statement timeout).
 */
@Injectable()
export class PipelineMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobQueueService,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.provide({
      queues: () =>
        Promise.all(
          QUEUE_NAMES.map(async (queue) => {
            const c = await this.jobs.queue(queue).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
            return { queue, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
          }),
        ),
      outbox: () => this.outboxBacklog(),
    });
  }

  async outboxBacklog(): Promise<{ rows: number; oldestAt: Date | null }> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = ${COLLECT_TIMEOUT_MS}`);
      const [row] = (await m.query(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT ${OUTBOX_BACKLOG_COUNT_CAP}) b)::int AS rows,
                (SELECT created_at FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS oldest`,
      )) as { rows: number; oldest: Date | null }[];
      return { rows: row.rows, oldestAt: row.oldest ? new Date(row.oldest) : null };
    });
  }
}
