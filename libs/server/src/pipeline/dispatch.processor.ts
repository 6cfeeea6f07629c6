import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@gridops/contracts';
import type { CaseEntity } from '../cases/case.entity';
import { DirectoryService } from '../directory/directory.service';
import { JobQueueService } from '../platform/queue/job-queue.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { notifyJob } from '../notify/notify-job';

/** Shown to the desk on a case the pipeline could not place. Persisted in cases.dispatch_hold. */
export const HOLD_NO_ONE_ON_DUTY = 'no_one_on_duty';

/**
 * dispatch (派遣): a filed case goes to its category's unit when the category needs one, else to the on-duty grid
 * worker of its grid cell (值班表) with the fewest open cases. With no one on duty it stays PENDING_DISPATCH, flagged
 * for the desk, and the operators are told.
 */
@Injectable()
export class DispatchProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly system: SystemActions,
    private readonly directory: DirectoryService,
    private readonly jobs: JobQueueService,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.DispatchCase]: (p) => this.dispatch(p) };
  }

  async dispatch({ caseId, version }: JobPayloads[typeof JobName.DispatchCase]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.state !== 'PENDING_DISPATCH') return `skipped: case is ${c.state}`;
    const tellDesk = () => this.jobs.add(notifyJob('case.unassigned', caseId, `notify-unassigned-${caseId}-${version}`));
    if (c.dispatchHold === HOLD_NO_ONE_ON_DUTY) {
      // held on an earlier run (maybe one that died before telling the desk): telling again is a no-op by job id
      await tellDesk();
      return 'skipped: already waiting for the desk';
    }
    if (c.version !== version) return `skipped: case is at version ${c.version}, job was for ${version}`;
    const category = await this.directory.category(c.categoryCode);
    if (category?.needsUnit && category.defaultUnitCode) {
      return this.system.act(c, 'dispatch', { assignee: { unitCode: category.defaultUnitCode }, note: '按类别派至处置单位 / by category' }, { states: ['PENDING_DISPATCH'] });
    }
    const worker = await this.onDutyWorker(c);
    if (worker) {
      return this.system.act(c, 'dispatch', { assignee: { userId: worker }, note: '派至值班网格员 / to the grid worker on duty' }, { states: ['PENDING_DISPATCH'] });
    }
    const held = await this.system.act(
      c,
      'comment',
      { note: '网格无人值班，请人工派遣 / no one on duty in this grid cell: dispatch by hand', systemFlags: { dispatchHold: HOLD_NO_ONE_ON_DUTY } },
      { states: ['PENDING_DISPATCH'] },
    );
    if (held === 'done') await tellDesk();
    return held;
  }

  /** The on-duty grid worker of the case's cell with the lowest open load; ties by id, so the choice is stable. */
  private async onDutyWorker(c: CaseEntity): Promise<string | null> {
    const rows = (await this.ds.query(
      `SELECT u.id,
              (SELECT count(*) FROM cases o WHERE o.assignee_user_id = u.id AND o.state NOT IN ('CLOSED', 'VOID')) AS load
         FROM duty_roster d JOIN users u ON u.id = d.user_id
        WHERE d.grid_cell_code = $1 AND d.starts_at <= now() AND d.ends_at > now()
          AND u.active AND u.role = 'grid_worker' AND u.district_code = $2
        GROUP BY u.id
        ORDER BY load ASC, u.id ASC
        LIMIT 1`,
      [c.gridCellCode, c.districtCode],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }
}
