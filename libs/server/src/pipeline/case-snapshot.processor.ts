import { Injectable } from '@nestjs/common';
import { JOB_SCHEDULES, JobName, type JobPayloads } from '@gridops/contracts';
import { CaseSnapshots } from '../cases/case-snapshots';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';

/**
 * `replay.snapshot` (scheduled, JOB_SCHEDULES): the snapshot of the open cases at the slot time in its payload
 * (CaseSnapshots), then the pruning of those replay no longer reaches. A slot not yet safely past is left for later.
 */
@Injectable()
export class CaseSnapshotProcessor implements JobProcessor {
  constructor(private readonly snapshots: CaseSnapshots) {}

  handlers(): JobHandlerMap {
    return { [JobName.SnapshotCases]: (p) => this.snapshot(p) };
  }

  async snapshot({ at }: JobPayloads[typeof JobName.SnapshotCases], now = new Date()): Promise<JobOutcome> {
    const slot = new Date(at);
    if (!Number.isFinite(slot.getTime())) return `skipped: no slot in ${JSON.stringify(at).slice(0, 40)}`;
    // a change made before the slot may still be committing: never take a slot younger than the schedule's lag
    if (slot.getTime() > now.getTime() - (JOB_SCHEDULES[JobName.SnapshotCases].lagMs ?? 0)) return `skipped: ${at} is not past yet`;
    const r = await this.snapshots.take(slot);
    await this.snapshots.prune(now);
    return r.taken ? 'done' : `skipped: ${at} already taken`;
  }
}
