import { Injectable } from '@nestjs/common';
import { JobName, type JobPayloads } from '@gridops/contracts';
import { DirectoryService } from '../directory/directory.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { DispatchPlanner } from './dispatch-planner';

/** Shown to the desk on a case the pipeline could not place. Persisted in cases.dispatch_hold. */
export const HOLD_NO_ONE_ON_DUTY = 'no_one_on_duty';

/**
 * dispatch (派遣): a filed case goes where DispatchPlanner says. With no one on duty it stays PENDING_DISPATCH, flagged
 * for the desk; the operators are told by the notice the holding event plans (cases/case-effects.ts).
 */
@Injectable()
export class DispatchProcessor implements JobProcessor {
  constructor(
    private readonly system: SystemActions,
    private readonly directory: DirectoryService,
    private readonly planner: DispatchPlanner,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.DispatchCase]: (p) => this.dispatch(p) };
  }

  async dispatch({ caseId, version }: JobPayloads[typeof JobName.DispatchCase]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.state !== 'PENDING_DISPATCH') return `skipped: case is ${c.state}`;
    if (c.dispatchHold === HOLD_NO_ONE_ON_DUTY) return 'skipped: already waiting for the desk';
    if (c.version !== version) return `skipped: case is at version ${c.version}, job was for ${version}`;
    const step = await this.planner.dispatchStep(c, await this.directory.category(c.categoryCode));
    if (step) return this.system.act(c, step.action, step.input, { states: ['PENDING_DISPATCH'] });
    return this.system.act(
      c,
      'comment',
      { systemNote: { code: 'dispatch.noOneOnDuty' }, systemFlags: { dispatchHold: HOLD_NO_ONE_ON_DUTY } },
      { states: ['PENDING_DISPATCH'] },
    );
  }
}
