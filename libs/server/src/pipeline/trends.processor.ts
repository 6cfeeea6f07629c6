import { Injectable } from '@nestjs/common';
import { JobName, type JobPayloads } from '@gridops/contracts';
import { TrendDetection } from '../trends/trend-detection.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';

/** Runs `trends.detect` (scheduled: JOB_SCHEDULES) at the clock its payload names (docs/kpis.md "Trend warnings"). */
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
