import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEntity } from '../cases/case.entity';
import { openCaseSql } from '../cases/case-state-sql';
import type { CategoryEntity } from '../directory/category.entity';
import type { SystemStep } from '../cases/case-transition.service';
import { queryPrepared } from '../platform/database/prepared';

/** Open cases counted per grid worker when balancing (a worker with this many is full). */
export const LOAD_COUNT_CAP = 200;

/**
 * 派遣 — who a filed case goes to: its category's unit when the category needs one, else the on-duty grid worker
 * (值班表) of its grid cell with the fewest open cases. Used by the dispatch job and by intake, which dispatches a
 * patrol report it has just filed in the same write.
 */
@Injectable()
export class DispatchPlanner {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The dispatch step for this case, or null when no one is on duty (the desk must dispatch by hand). */
  async dispatchStep(c: CaseEntity, category: CategoryEntity | undefined): Promise<SystemStep | null> {
    if (category?.needsUnit && category.defaultUnitCode) {
      return { action: 'dispatch', input: { assignee: { unitCode: category.defaultUnitCode }, systemNote: { code: 'dispatch.byCategory' } } };
    }
    const worker = await this.onDutyWorker(c);
    return worker ? { action: 'dispatch', input: { assignee: { userId: worker }, systemNote: { code: 'dispatch.onDuty' } } } : null;
  }

  /**
   * The on-duty grid worker of the case's cell with the lowest open load; ties by id, so the choice is stable.
   * Loads are counted up to LOAD_COUNT_CAP: past it everyone on duty is equally overloaded, and counting thousands of
   * open cases on every dispatch would make each one slower than the last.
   */
  private async onDutyWorker(c: CaseEntity): Promise<string | null> {
    const rows = await queryPrepared<{ id: string }>(
      this.ds.manager,
      `SELECT u.id,
              (SELECT count(*) FROM (SELECT 1 FROM cases o WHERE o.assignee_user_id = u.id AND ${openCaseSql('o')} LIMIT ${LOAD_COUNT_CAP}) open) AS load
         FROM duty_roster d JOIN users u ON u.id = d.user_id
        WHERE d.grid_cell_code = $1 AND d.starts_at <= now() AND d.ends_at > now()
          AND u.active AND u.role = 'grid_worker' AND u.district_code = $2
        GROUP BY u.id
        ORDER BY load ASC, u.id ASC
        LIMIT 1`,
      [c.gridCellCode, c.districtCode],
    );
    return rows[0]?.id ?? null;
  }
}
