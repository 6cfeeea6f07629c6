import { Injectable } from '@nestjs/common';
import { JobName, type JobPayloads } from '@gridops/contracts';
import { HANDLING_CLOCK_STATES } from '@gridops/domain';
import { slaInstants } from '../cases/sla-instants';
import { SLA_KINDS as KINDS, slaJobId, slaTimerJobs } from './sla-timers';
import { CalendarService } from '../directory/calendar.service';
import { JobQueueService } from '../platform/queue/job-queue.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { CaseBroadcaster } from '../realtime/case-broadcaster.service';
import { notifyJob } from '../notify/notify-job';


const ALERT_TEXT = {
  'sla.yellow': '即将超期 / due soon',
  'sla.red': '已超期，系统督办 / overdue: supervised',
  'sla.escalate': '超期两倍，已报镇领导 / overdue twice the limit',
} as const;

/**
 * sla: delayed timers at 80% (yellow: remind the assignee), 100% (red: overdue, supervised, tell the shift lead) and
 * 200% (tell town leadership) of the handling deadline. A timer's id carries the deadline version: when the deadline
 * moves (re-dispatch, extension, suspension, resume) new timers are planned and the old ones find themselves stale.
 */
@Injectable()
export class SlaProcessor implements JobProcessor {
  constructor(
    private readonly system: SystemActions,
    private readonly jobs: JobQueueService,
    private readonly calendars: CalendarService,
    private readonly broadcaster: CaseBroadcaster,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.ScheduleSla]: (p) => this.schedule(p), [JobName.CheckSla]: (p) => this.check(p) };
  }

  async schedule({ caseId, deadlineVersion }: JobPayloads[typeof JobName.ScheduleSla]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    // the previous deadline's timers: remove what has not fired (they would skip anyway, this keeps Redis tidy).
    // Version 1 is the first dispatch's: before it no clock ran, so there is nothing to remove.
    if (deadlineVersion > 1) await Promise.all(KINDS.map((k) => this.jobs.remove(JobName.CheckSla, slaJobId(caseId, k, deadlineVersion - 1))));
    if (c.deadlineVersion !== deadlineVersion) return `skipped: deadline version is ${c.deadlineVersion}, job was for ${deadlineVersion}`;
    const at = slaInstants(c, await this.calendars.calendar());
    if (!at) return `skipped: no handling clock runs in ${c.state}`;
    const timers = slaTimerJobs(caseId, deadlineVersion, at, Date.now());
    await this.jobs.addAll(timers);
    return 'done';
  }

  async check({ caseId, deadlineVersion, kind }: JobPayloads[typeof JobName.CheckSla]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.deadlineVersion !== deadlineVersion) return `skipped: stale timer (deadline version ${c.deadlineVersion}, timer ${deadlineVersion})`;
    if (!HANDLING_CLOCK_STATES.includes(c.state)) return `skipped: no handling clock runs in ${c.state}`;
    const notify = async (k: 'sla.yellow' | 'sla.red' | 'sla.escalate') => {
      await this.jobs.add(notifyJob(k, caseId, `notify-${k.replace('.', '-')}-${caseId}-${deadlineVersion}`));
      this.broadcaster.alert(k, c, ALERT_TEXT[k]);
    };
    if (kind === 'yellow') {
      await notify('sla.yellow');
      return 'done';
    }
    if (kind === 'red') {
      // overdue: 督办 by the system — the case is now supervised and the shift lead is told
      const outcome = c.supervised ? 'done' : await this.system.act(c, 'urge', { note: '已超期，系统督办 / overdue: supervised' }, { states: HANDLING_CLOCK_STATES });
      await notify('sla.red');
      return outcome;
    }
    // a re-run after a crash must not write the note twice: the note names the deadline version it is about
    const note = `超期达时限两倍，已报镇领导 / overdue by twice the limit: town leadership told (deadline v${deadlineVersion})`;
    const outcome = (await this.system.hasSystemNote(caseId, note))
      ? 'skipped: escalation already noted'
      : await this.system.act(c, 'comment', { note }, { states: HANDLING_CLOCK_STATES });
    await notify('sla.escalate');
    return outcome;
  }
}
