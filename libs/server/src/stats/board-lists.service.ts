import { Injectable } from '@nestjs/common';
import { REPLAY_FEED_SIZE, type ActionItem, type ActionList, type BoardDuty, type ReplayFeedLine } from '@gridops/contracts';
import { lightOf, type Actor, type DistrictCode } from '@gridops/domain';
import { lightIsSql } from '../cases/case-filters';
import { openCaseSql } from '../cases/case-state-sql';
import { caseScopeSql } from '../cases/case-scope';
import { seqAtSql, type CaseRows } from '../cases/cases-at';
import { SqlParams } from '../platform/database/sql-params';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { OPEN } from './kpi-sql';

type Row = Record<string, unknown>;

/** Items per action list; the total is always given. */
export const ACTION_LIST_SIZE = 20;

/** The moment the board is asked about, and where its case rows are read. */
export interface Window {
  now: Date;
  /** where the case rows are read: `cases` live, the versions valid at `now` when replayed */
  rows: CaseRows;
  today: string;
  todayStart: Date;
  monthStart: Date;
}

/**
 * The board's lists beside its figures: action lists (待办督办), who is on duty, and a replayed moment's feed — each
 * one read of the case rows the board was asked about (live, or as they were at a past moment).
 */
@Injectable()
export class BoardListsService {
  constructor(private readonly reads: ReadDatabase) {}

  /**
   * The last case events at or before `at` that the caller may see: back from the last event then, by seq (the
   * primary key). Scoped on the case row as it is now (片区 and cell never change; an assigned scope follows the
   * assignment of now).
   */
  async feedAt(actor: Actor, district: DistrictCode | null, at: Date): Promise<ReplayFeedLine[]> {
    const p = new SqlParams();
    const moment = p.add(at);
    const scope = caseScopeSql(actor, 'c', p, district);
    const rows = (await this.reads.query(
      `SELECT e.seq::text AS seq, e.type, e.case_id, e.from_state, e.to_state, e.at, c.number, c.district_code, c.grid_cell_code, c.category_code
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.seq <= ${seqAtSql(moment)}::bigint AND e.at <= ${moment} AND ${scope}
        ORDER BY e.seq DESC
        LIMIT ${REPLAY_FEED_SIZE}`,
      p.values,
    )) as Row[];
    return rows.map((r) => ({
      seq: String(r.seq),
      type: r.type as ReplayFeedLine['type'],
      caseId: String(r.case_id),
      fromState: (r.from_state as ReplayFeedLine['fromState']) ?? null,
      toState: r.to_state as ReplayFeedLine['toState'],
      at: (r.at as Date).toISOString(),
      number: String(r.number),
      districtCode: r.district_code as DistrictCode,
      gridCellCode: String(r.grid_cell_code),
      categoryCode: String(r.category_code),
    }));
  }

  async actionLists(actor: Actor, district: DistrictCode | null, w: Window) {
    const p = new SqlParams();
    const now = p.add(w.now);
    const scope = caseScopeSql(actor, 'c', p, district);
    const cases = w.rows.from(p, 'c');
    // the total counted apart from the page, on the open set's columns only: an index-only scan of idx_cases_open_set
    // (a window count over the page's query would fetch every matching row's heap page for the columns it shows)
    const select = (list: string, where: string, order: string) => `(
      SELECT '${list}' AS list, (SELECT count(*) FROM ${cases} WHERE ${OPEN} AND ${scope} AND ${where})::int AS total, page.*
        FROM (SELECT c.id, c.number, c.state, c.priority, c.urgent, c.supervised, c.district_code, c.grid_cell_code, c.category_code,
                     c.assignee_user_id, c.assignee_unit_code, coalesce(u.display_name, un.name_zh) AS assignee_name,
                     c.clock_yellow_at, c.clock_due_at, c.step_started_at, c.requested_due_at, c.return_reason, c.reported_at
                FROM ${cases}
                LEFT JOIN users u ON u.id = c.assignee_user_id
                LEFT JOIN units un ON un.code = c.assignee_unit_code
               WHERE ${OPEN} AND ${scope} AND ${where}
               ORDER BY ${order}
               LIMIT ${ACTION_LIST_SIZE}) page)`;
    const rows = (await this.reads.query(
      [
        // the open-set index's order: the most overdue 20 are its first entries
        select('overdue', lightIsSql('red', 'c', now), 'c.clock_due_at ASC, c.reported_at ASC, c.id'),
        select('supervised', 'c.supervised', 'c.clock_due_at ASC NULLS LAST, c.reported_at ASC, c.id'),
        select('returnRequests', `c.state = 'RETURN_REQUESTED'`, 'c.step_started_at ASC, c.id'),
        select('extensionRequests', `c.state = 'EXTENSION_REQUESTED'`, 'c.clock_due_at ASC NULLS LAST, c.step_started_at ASC, c.id'),
      ].join('\nUNION ALL\n'),
      p.values,
    )) as Row[];
    const lists: Record<'overdue' | 'supervised' | 'returnRequests' | 'extensionRequests', ActionList> = {
      overdue: { total: 0, items: [] },
      supervised: { total: 0, items: [] },
      returnRequests: { total: 0, items: [] },
      extensionRequests: { total: 0, items: [] },
    };
    for (const r of rows) {
      const list = lists[r.list as keyof typeof lists];
      list.total = Number(r.total);
      list.items.push(actionItem(r, w.now));
    }
    return lists;
  }

  /**
   * Today's shift lead and the grid workers on duty now (in the board's district), with their open load. Duty is
   * organisational, not case data: everyone who sees the board sees who is on duty.
   */
  async duty(district: DistrictCode | null, w: Window): Promise<BoardDuty> {
    const p = new SqlParams();
    const now = p.add(w.now);
    const where = district ? `AND g.district_code = ${p.add(district)}` : '';
    // replayed, the open set of that moment is read once for every worker's load (live: the partial index, per worker)
    const cases = w.rows.at ? 'open_at o' : w.rows.from(p, 'o');
    const withOpen = w.rows.at ? `WITH open_at AS MATERIALIZED (SELECT x.assignee_user_id, x.state FROM ${w.rows.from(p, 'x')})` : '';
    const [workers, leads] = await Promise.all([
      this.reads.query(
        `${withOpen}
         SELECT u.id, u.display_name, u.phone, u.district_code,
                array_agg(DISTINCT d.grid_cell_code ORDER BY d.grid_cell_code) AS cells,
                (SELECT count(*) FROM ${cases} WHERE o.assignee_user_id = u.id AND ${openCaseSql('o')})::int AS load
           FROM duty_roster d
           JOIN users u ON u.id = d.user_id
           JOIN grid_cells g ON g.code = d.grid_cell_code
          WHERE d.starts_at <= ${now} AND d.ends_at > ${now} AND u.active AND u.role = 'grid_worker' ${where}
          GROUP BY u.id
          ORDER BY u.district_code, u.display_name, u.id`,
        p.values,
      ) as Promise<Row[]>,
      this.reads.query(
        `SELECT u.id, u.display_name, u.phone FROM duty_shift_leads s JOIN users u ON u.id = s.user_id WHERE s.duty_date = $1`,
        [w.today],
      ) as Promise<Row[]>,
    ]);
    const lead = leads[0];
    return {
      date: w.today,
      shiftLead: lead ? { userId: String(lead.id), displayName: String(lead.display_name), phone: (lead.phone as string | null) ?? null } : null,
      workers: workers.map((r) => ({
        userId: String(r.id),
        displayName: String(r.display_name),
        phone: (r.phone as string | null) ?? null,
        districtCode: (r.district_code as DistrictCode | null) ?? null,
        gridCellCodes: r.cells as string[],
        openLoad: Number(r.load),
      })),
    };
  }
}

const iso = (v: unknown): string | null => (v ? (v as Date).toISOString() : null);

function actionItem(r: Row, now: Date): ActionItem {
  const clockDueAt = (r.clock_due_at as Date | null) ?? null;
  const clockYellowAt = (r.clock_yellow_at as Date | null) ?? null;
  return {
    id: String(r.id),
    number: String(r.number),
    state: r.state as ActionItem['state'],
    light: lightOf({ clockDueAt, clockYellowAt }, now),
    priority: r.priority as ActionItem['priority'],
    urgent: Boolean(r.urgent),
    supervised: Boolean(r.supervised),
    districtCode: r.district_code as DistrictCode,
    gridCellCode: String(r.grid_cell_code),
    categoryCode: String(r.category_code),
    categoryNameZh: String(r.category_code),
    assigneeUserId: (r.assignee_user_id as string | null) ?? null,
    assigneeUnitCode: (r.assignee_unit_code as string | null) ?? null,
    assigneeName: (r.assignee_name as string | null) ?? null,
    clockDueAt: iso(clockDueAt),
    waitingSince: (r.step_started_at as Date).toISOString(),
    requestedDueAt: iso(r.requested_due_at),
    returnReason: (r.return_reason as ActionItem['returnReason']) ?? null,
    reportedAt: (r.reported_at as Date).toISOString(),
  };
}
