import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { openCaseSql } from '../cases/case-state-sql';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { Metrics } from '../platform/metrics/metrics';

/** How often the relay asks Redis whether it still holds the jobs (one EXISTS); at once after a reconnect. */
export const JOBS_EPOCH_CHECK_MS = 2000;
/** A rebuild's claim lapses after this long, so a worker that dies while rebuilding leaves the work to another. */
const REBUILD_LEASE_MS = 60_000;

/**
 * Redis holds nothing the outbox cannot rebuild. Redis runs without persistence: restarted empty or flushed, it has
 * lost every job — delayed SLA timers, and waiting intake, dispatch and closure jobs whose outbox rows were already
 * marked published. The worker notices by a marker key that goes with them (JobQueueService's jobs epoch); one
 * worker (SET NX) then marks the outbox rows of every open case unpublished again, and the relay plans their jobs
 * anew through effectsOf, in event order — there is no second table from state to jobs. Replaying is harmless:
 * job ids are deterministic, a superseded deadline's timers are retired by the later row that superseded them (or
 * skip as stale), jobs planned for a version the case has left skip, and notices are deduplicated by their key.
 * A first start on an empty Redis (a fresh install) rebuilds too; with no open case it changes nothing.
 */
@Injectable()
export class JobsRebuild {
  private readonly logger = new Logger('jobs-rebuild');
  private checkedAt = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobQueueService,
    private readonly metrics: Metrics,
  ) {}

  /** Check at the next call, whatever the time since the last check (Redis just came back). */
  checkSoon(): void {
    this.checkedAt = 0;
  }

  /**
   * At most every JOBS_EPOCH_CHECK_MS: rebuild if Redis lost the jobs. Throws when Redis or Postgres is away; the
   * check is then due again at the next call.
   */
  async ensure(): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < JOBS_EPOCH_CHECK_MS) return;
    if (!(await this.jobs.hasJobsEpoch())) await this.rebuild();
    this.checkedAt = now;
  }

  private async rebuild(): Promise<void> {
    const token = randomUUID();
    if (!(await this.jobs.claimJobsRebuild(token, REBUILD_LEASE_MS))) return; // another worker rebuilds
    const start = process.hrtime.bigint();
    let reopened: number;
    try {
      reopened = await this.reopenOpenCases();
    } catch (err) {
      await this.jobs.releaseJobsRebuild(token).catch(() => undefined);
      throw err;
    }
    // sealed only if the marker lived through the re-open: lost again meanwhile, the next check rebuilds again
    const sealed = await this.jobs.sealJobsEpoch(`since ${new Date().toISOString()}`);
    // the scheduled jobs (JOB_SCHEDULES) went with the others: the planner asks for the current slot's each minute
    this.metrics.jobsRebuilds.inc();
    this.metrics.jobsRebuildRows.inc(reopened);
    const ms = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
    this.logger.warn(`Redis held no jobs (restarted empty, flushed, or new): re-opened ${reopened} outbox rows of open cases for the relay in ${ms} ms${sealed ? '' : '; Redis lost the marker again meanwhile, will rebuild again'}`);
  }

  /**
   * Every outbox row of an open case, unpublished again (the relay claims them in id order, so each case's events
   * are planned in the order they happened). Closed cases plan nothing. Returns how many rows were re-opened.
   */
  private async reopenOpenCases(): Promise<number> {
    const [, count] = (await this.ds.query(
      `UPDATE outbox o SET published_at = NULL
       FROM cases c
       WHERE o.case_id = c.id AND o.published_at IS NOT NULL AND ${openCaseSql('c')}`,
    )) as [unknown, number];
    return count;
  }
}
