import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@gridops/contracts';
import type { CaseEntity } from '../cases/case.entity';
import { DirectoryService } from '../directory/directory.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';

/**
 * closure (核查结案): a reported fix gets a checker who is not the fixer — a grid worker of the same 片区, on duty for
 * the cell if possible, with the fewest checks waiting; a passed check closes by itself where the category allows;
 * the checker is told by the notice the send-check event plans (cases/case-effects.ts).
 */
@Injectable()
export class ClosureProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly system: SystemActions,
    private readonly directory: DirectoryService,
  ) {}

  handlers(): JobHandlerMap {
    return {
      [JobName.AssignChecker]: (p) => this.assignChecker(p),
      [JobName.AutoClose]: (p) => this.autoClose(p),
    };
  }

  async assignChecker({ caseId, version }: JobPayloads[typeof JobName.AssignChecker]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.version !== version) return `skipped: case is at version ${c.version}, job was for ${version}`;
    const checker = await this.pickChecker(c);
    return this.system.act(
      c,
      'send-check',
      checker ? { checkerUserId: checker, systemNote: { code: 'closure.checkerAssigned' } } : { systemNote: { code: 'closure.noChecker' } },
      { states: ['HANDLED', 'SELF_DISPOSED'] },
    );
  }

  async autoClose({ caseId, version }: JobPayloads[typeof JobName.AutoClose]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.version !== version) return `skipped: case is at version ${c.version}, job was for ${version}`;
    const category = await this.directory.category(c.categoryCode);
    if (!category?.autoClose) return 'skipped: the category is closed by the shift lead';
    return this.system.act(c, 'close', { systemNote: { code: 'closure.autoClosed' } }, { states: ['PENDING_CLOSE'] });
  }

  private async pickChecker(c: CaseEntity): Promise<string | null> {
    const rows = (await this.ds.query(
      `SELECT u.id,
              EXISTS (SELECT 1 FROM duty_roster d WHERE d.user_id = u.id AND d.grid_cell_code = $2
                        AND d.starts_at <= now() AND d.ends_at > now()) AS on_duty,
              (SELECT count(*) FROM cases o WHERE o.checker_user_id = u.id AND o.state = 'PENDING_CHECK') AS load
         FROM users u
        WHERE u.active AND u.role = 'grid_worker' AND u.district_code = $1 AND u.id IS DISTINCT FROM $3::uuid
        ORDER BY on_duty DESC, load ASC, u.id ASC
        LIMIT 1`,
      [c.districtCode, c.gridCellCode, c.fixerUserId],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }
}
