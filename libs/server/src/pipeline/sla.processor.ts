import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@gridops/contracts';
import { HANDLING_CLOCK_STATES, type SystemNote } from '@gridops/domain';
import { SLA_TIMER_EFFECTS } from '../cases/case-effects';
import { NoticeWriter } from '../notify/notice-writer';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { CaseBroadcaster } from '../realtime/case-broadcaster.service';

/**
 * sla: delayed timers at 80% (yellow: remind the assignee), 100% (red: overdue, supervised, tell the shift lead) and
 * 200% (tell town leadership) of the handling deadline — what each does is SLA_TIMER_EFFECTS. The relay plans them
 * from the event that set the deadline (case-effects.ts). A timer's id carries the deadline version: when the deadline
 * moves, the old timers are retired, and one that fires anyway finds its version stale and skips.
 */
@Injectable()
export class SlaProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly system: SystemActions,
    private readonly notices: NoticeWriter,
    private readonly broadcaster: CaseBroadcaster,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.CheckSla]: (p) => this.check(p) };
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
      outcome = await this.system.act(c, 'urge', { systemNote: { code: 'sla.overdueUrged' } }, { states: HANDLING_CLOCK_STATES });
    }
    if (effect.step === 'note') {
      // a re-run after a crash must not write the note twice: the note names the deadline version it is about
      const systemNote: SystemNote = { code: 'sla.escalated', params: { deadlineVersion } };
      outcome = (await this.system.hasSystemNote(caseId, systemNote))
        ? 'skipped: escalation already noted'
        : await this.system.act(c, 'comment', { systemNote }, { states: HANDLING_CLOCK_STATES });
    }
    // after the step: a re-run after a crash finds the step taken and the notice written (its key names the deadline)
    this.broadcaster.notifications(await this.notices.write(this.ds.manager, [{ kind: effect.notice, caseId, about: deadlineVersion }]));
    this.broadcaster.alert(effect.alert, c, effect.text);
    return outcome;
  }
}
