import { Injectable } from '@nestjs/common';
import { JobName, type JobPayloads, type SlaKind } from '@gridops/contracts';
import { HANDLING_CLOCK_STATES } from '@gridops/domain';
import { SLA_TIMER_EFFECTS } from '../cases/case-effects';
import { slaInstants } from './sla-instants';
import { CalendarService } from '../directory/calendar.service';
import { JobQueueService } from '../platform/queue/job-queue.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { CaseBroadcaster } from '../realtime/case-broadcaster.service';

const SLA_KINDS = Object.keys(SLA_TIMER_EFFECTS) as SlaKind[];

/**
 * sla: delayed timers at 80% (yellow: remind the assignee), 100% (red: overdue, supervised, tell the shift lead) and
 * 200% (tell town leadership) of the handling deadline — what each does is SLA_TIMER_EFFECTS. A timer's id carries
 * the deadline version: when the deadline moves (dispatch, re-dispatch, extension, suspension, resume) this job plans
 * the new timers and removes the old ones, which would find themselves stale anyway.
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
    if (deadlineVersion > 1) await Promise.all(SLA_KINDS.map((kind) => this.jobs.remove({ name: JobName.CheckSla, payload: { caseId, kind, deadlineVersion: deadlineVersion - 1 } })));
    if (c.deadlineVersion !== deadlineVersion) return `skipped: deadline version is ${c.deadlineVersion}, job was for ${deadlineVersion}`;
    const at = slaInstants(c, await this.calendars.calendar());
    if (!at) return `skipped: no handling clock runs in ${c.state}`;
    const now = Date.now();
    await Promise.all(SLA_KINDS.map((kind) => this.jobs.enqueue(JobName.CheckSla, { caseId, deadlineVersion, kind }, { delayMs: Math.max(0, at[kind].getTime() - now) })));
    return 'done';
  }

  async check({ caseId, deadlineVersion, kind }: JobPayloads[typeof JobName.CheckSla]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.deadlineVersion !== deadlineVersion) return `skipped: stale timer (deadline version ${c.deadlineVersion}, timer ${deadlineVersion})`;
    if (!HANDLING_CLOCK_STATES.includes(c.state)) return `skipped: no handling clock runs in ${c.state}`;
    const effect = SLA_TIMER_EFFECTS[kind];
    let outcome: JobOutcome = 'done';
    if (effect.step === 'urge' && !c.supervised) {
      // overdue: 督办 by the system — the case is now supervised
      outcome = await this.system.act(c, 'urge', { note: effect.text }, { states: HANDLING_CLOCK_STATES });
    }
    if (effect.step === 'note') {
      // a re-run after a crash must not write the note twice: the note names the deadline version it is about
      const note = `超期达时限两倍，已报镇领导 / overdue by twice the limit: town leadership told (deadline v${deadlineVersion})`;
      outcome = (await this.system.hasSystemNote(caseId, note)) ? 'skipped: escalation already noted' : await this.system.act(c, 'comment', { note }, { states: HANDLING_CLOCK_STATES });
    }
    await this.jobs.enqueue(JobName.Notify, { kind: effect.notice, caseId, about: deadlineVersion });
    this.broadcaster.alert(effect.alert, c, effect.text);
    return outcome;
  }
}
