import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JobName, TREND_RUN_INTERVAL_MS, type JobPayloads } from '@gridops/contracts';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { TrendDetection } from '../trends/trend-detection.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';

/** Runs `trends.detect` at the clock its payload names (docs/kpis.md "Trend warnings"). */
@Injectable()
export class TrendsProcessor implements JobProcessor {
  constructor(private readonly detection: TrendDetection) {}

  handlers(): JobHandlerMap {
    return { [JobName.DetectTrends]: (p) => this.detect(p) };
  }

  async detect({ at }: JobPayloads[typeof JobName.DetectTrends]): Promise<JobOutcome> {
    const clock = new Date(at);
    if (!Number.isFinite(clock.getTime())) return `skipped: no clock in ${JSON.stringify(at).slice(0, 40)}`;
    const r = await this.detection.run(clock);
    return r.raised.length || r.cleared ? 'done' : `skipped: ${r.evaluated} series judged, nothing raised or cleared`;
  }
}

/** The clock of the run slot an instant falls in: the start of its TREND_RUN_INTERVAL_MS. */
export function trendSlot(now: number): Date {
  return new Date(Math.floor(now / TREND_RUN_INTERVAL_MS) * TREND_RUN_INTERVAL_MS);
}

/**
 * Plans one `trends.detect` per TREND_RUN_INTERVAL_MS slot, through the catalogue: every worker asks each minute
 * (and at boot) for the current slot's job, whose id (`trends-<slot>`) makes it one job however many ask — and lets a
 * Redis that came back empty get the current slot planned again within a minute. `TREND_WARNINGS=false` plans none.
 */
@Injectable()
export class TrendScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('trends');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.TREND_WARNINGS) return;
    void this.plan();
    this.timer = setInterval(() => void this.plan(), 60_000);
    this.timer.unref();
  }

  private async plan(): Promise<void> {
    try {
      await this.jobs.enqueue(JobName.DetectTrends, { at: trendSlot(Date.now()).toISOString() });
    } catch (err) {
      // Redis away: the next minute asks again
      this.logger.debug(`trends.detect not planned: ${(err as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
