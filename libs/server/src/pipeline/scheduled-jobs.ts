import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JOB_SCHEDULES, JobName, job, type ScheduledJobName } from '@gridops/contracts';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { JobQueueService } from '../platform/queue/job-queue.service';

/** How often each worker asks for the current slots' jobs. */
const PLAN_EVERY_MS = 60_000;

/** The start of the `everyMs` slot an instant falls in: the clock of that slot's run. */
export function slotOf(now: number, everyMs: number): Date {
  return new Date(Math.floor(now / everyMs) * everyMs);
}

/** The slot a schedule's job is planned for at `now`: the one that began `lagMs` ago or later. */
export const plannedSlot = (now: number, schedule: { everyMs: number; lagMs?: number }): Date => slotOf(now - (schedule.lagMs ?? 0), schedule.everyMs);

/**
 * The one planner of scheduled jobs (JOB_SCHEDULES): every worker asks, at start, each minute and whenever its Redis
 * connection is ready again, for the current slot's job of each schedule — `job(name, { at: slot })`, whose id
 * (`<name>-<slot>`, jobIdOf) makes it one job however many workers ask, and kept a day after it ran, so a slot runs
 * once (a schedule with a `lagMs` asks for the slot that began that long ago). A Redis that came back empty gets the
 * current slot planned again within a minute. `TREND_WARNINGS=false` plans no trend runs.
 */
@Injectable()
export class ScheduledJobsPlanner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('schedules');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.plan();
    this.jobs.onRedisReady(() => void this.plan());
    this.timer = setInterval(() => void this.plan(), PLAN_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private scheduled(): ScheduledJobName[] {
    return (Object.keys(JOB_SCHEDULES) as ScheduledJobName[]).filter((name) => name !== JobName.DetectTrends || this.config.TREND_WARNINGS);
  }

  private async plan(now = Date.now()): Promise<void> {
    try {
      await this.jobs.enqueueAll(this.scheduled().map((name) => job(name, { at: plannedSlot(now, JOB_SCHEDULES[name]).toISOString() })));
    } catch (err) {
      // Redis away: the next minute (or the ready connection) asks again
      this.logger.debug(`scheduled jobs not planned: ${(err as Error).message}`);
    }
  }
}
