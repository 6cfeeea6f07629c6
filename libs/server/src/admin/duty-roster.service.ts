import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DutyRosterView, PutRosterDayRequest, RosterDay, RosterQuery } from '@gridops/contracts';
import { addDays, datesBetween, townDateOf, townDayStart, type Actor, type DistrictCode } from '@gridops/domain';
import { TownGeographyService } from '../directory/town-geography.service';
import { forbidden, unprocessable } from '../platform/errors/api-error';
import { resolveDistrict } from '../stats/stats-scope';

/** How far ahead a roster may be planned. */
export const ROSTER_PLAN_AHEAD_DAYS = 366;

type Row = Record<string, unknown>;

interface Shift {
  userId: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * 值班表: which grid workers are on duty in which grid cell, and the day's shift lead (值班长). Shifts are time
 * ranges (duty_roster); dispatch and the checker choice read who is on duty *now*. Editing a day replaces that day's
 * shifts of the named cells — from now on, if the day is today, so the record of who was on duty this morning stays.
 * Past days are not edited: the roster is also the record of who was responsible.
 */
@Injectable()
export class DutyRosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
  ) {}

  async read(q: RosterQuery, actor: Actor): Promise<DutyRosterView> {
    const district = resolveDistrict(actor, q.district);
    const cells = (await this.geography.cells()).filter((c) => !district || c.districtCode === district);
    const from = townDayStart(q.from);
    const to = townDayStart(addDays(q.to, 1));
    const [shifts, leads] = await Promise.all([
      this.ds.query(
        `SELECT d.id::text AS id, d.user_id, u.display_name, d.grid_cell_code, d.starts_at, d.ends_at
           FROM duty_roster d JOIN users u ON u.id = d.user_id
          WHERE d.starts_at < $2 AND d.ends_at > $1 AND d.grid_cell_code = ANY($3::varchar[])
          ORDER BY d.grid_cell_code, d.starts_at, u.display_name, d.id`,
        [from, to, cells.map((c) => c.code)],
      ) as Promise<Row[]>,
      this.ds.query(
        `SELECT s.duty_date::text AS date, u.id, u.display_name, u.phone
           FROM duty_shift_leads s JOIN users u ON u.id = s.user_id
          WHERE s.duty_date >= $1::date AND s.duty_date <= $2::date`,
        [q.from, q.to],
      ) as Promise<Row[]>,
    ]);
    const leadByDate = new Map(leads.map((l) => [String(l.date), l]));
    const days: RosterDay[] = datesBetween(q.from, q.to).map((date) => {
      const dayStart = townDayStart(date).getTime();
      const dayEnd = townDayStart(addDays(date, 1)).getTime();
      const lead = leadByDate.get(date);
      return {
        date,
        shiftLead: lead ? { userId: String(lead.id), displayName: String(lead.display_name), phone: (lead.phone as string | null) ?? null } : null,
        cells: cells.map((cell) => ({
          gridCellCode: cell.code,
          districtCode: cell.districtCode,
          workers: shifts
            .filter((s) => s.grid_cell_code === cell.code && (s.starts_at as Date).getTime() < dayEnd && (s.ends_at as Date).getTime() > dayStart)
            .map((s) => ({
              id: String(s.id),
              userId: String(s.user_id),
              displayName: String(s.display_name),
              startsAt: (s.starts_at as Date).toISOString(),
              endsAt: (s.ends_at as Date).toISOString(),
            })),
        })),
      };
    });
    return { from: q.from, to: q.to, district, days };
  }

  async putDay(date: string, body: PutRosterDayRequest, actor: Actor, now = new Date()): Promise<RosterDay> {
    const today = townDateOf(now);
    if (date < today) throw unprocessable('RULE_VIOLATION', `${date} is past: the roster of a past day is the record of who was on duty`);
    if (date > addDays(today, ROSTER_PLAN_AHEAD_DAYS)) throw unprocessable('RULE_VIOLATION', `plan at most ${ROSTER_PLAN_AHEAD_DAYS} days ahead`);
    const bound: DistrictCode | null = actor.role === 'system' ? null : actor.districtCode;
    if (bound && body.shiftLeadUserId !== undefined) throw forbidden('the day’s shift lead is set at town level');

    const cellsByCode = new Map((await this.geography.cells()).map((c) => [c.code, c]));
    for (const { gridCellCode } of body.cells ?? []) {
      const cell = cellsByCode.get(gridCellCode);
      if (!cell) throw unprocessable('UNKNOWN_GRID_CELL', `unknown grid cell ${gridCellCode}`);
      if (bound && cell.districtCode !== bound) throw forbidden(`you plan the roster of 片区 ${bound} only`);
    }
    await this.checkPeople(body, cellsByCode);

    const dayStart = townDayStart(date);
    const dayEnd = townDayStart(addDays(date, 1));
    const start = new Date(Math.max(dayStart.getTime(), now.getTime()));
    await this.ds.transaction(async (m) => {
      // roster edits are rare: one lock keeps two editors from interleaving their splits
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('gridops:duty-roster'))`);
      for (const { gridCellCode, userIds } of body.cells ?? []) {
        const overlapping = (await m.query(
          `DELETE FROM duty_roster WHERE grid_cell_code = $1 AND starts_at < $2 AND ends_at > $3 RETURNING user_id, starts_at, ends_at`,
          [gridCellCode, dayEnd, start],
        )) as [Row[], number];
        // keep what lies outside [start, dayEnd) of each shift that overlapped it
        const kept: Shift[] = [];
        for (const s of overlapping[0]) {
          const startsAt = s.starts_at as Date;
          const endsAt = s.ends_at as Date;
          if (startsAt < start) kept.push({ userId: String(s.user_id), startsAt, endsAt: start });
          if (endsAt > dayEnd) kept.push({ userId: String(s.user_id), startsAt: dayEnd, endsAt });
        }
        // someone who stays on duty keeps one continuous shift rather than three pieces
        for (const userId of userIds) {
          const shift: Shift = { userId, startsAt: start, endsAt: dayEnd };
          const before = kept.findIndex((k) => k.userId === userId && k.endsAt.getTime() === start.getTime());
          if (before >= 0) shift.startsAt = kept.splice(before, 1)[0].startsAt;
          const after = kept.findIndex((k) => k.userId === userId && k.startsAt.getTime() === dayEnd.getTime());
          if (after >= 0) shift.endsAt = kept.splice(after, 1)[0].endsAt;
          kept.push(shift);
        }
        for (const k of kept) await insertShift(m, k.userId, gridCellCode, k.startsAt, k.endsAt);
      }
      if (body.shiftLeadUserId === null) {
        await m.query(`DELETE FROM duty_shift_leads WHERE duty_date = $1`, [date]);
      } else if (body.shiftLeadUserId !== undefined) {
        await m.query(
          `INSERT INTO duty_shift_leads (duty_date, user_id) VALUES ($1, $2)
           ON CONFLICT (duty_date) DO UPDATE SET user_id = EXCLUDED.user_id, updated_at = now()`,
          [date, body.shiftLeadUserId],
        );
      }
    });
    return (await this.read({ from: date, to: date }, actor)).days[0];
  }

  /** Everyone named must exist and be active; workers are grid workers of the cell's 片区, the lead a shift lead. */
  private async checkPeople(body: PutRosterDayRequest, cellsByCode: Map<string, { districtCode: DistrictCode }>): Promise<void> {
    const ids = [...new Set([...(body.cells ?? []).flatMap((c) => c.userIds), ...(body.shiftLeadUserId ? [body.shiftLeadUserId] : [])])];
    if (!ids.length) return;
    const rows = (await this.ds.query(`SELECT id, role, district_code, active, display_name FROM users WHERE id = ANY($1::uuid[])`, [ids])) as Row[];
    const found = new Map(rows.map((u) => [String(u.id), u]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw unprocessable('UNKNOWN_USER', `unknown user ${missing[0]}`, { userIds: missing });
    const user = (id: string) => found.get(id) as Row;
    for (const { gridCellCode, userIds } of body.cells ?? []) {
      const district = cellsByCode.get(gridCellCode)?.districtCode;
      for (const id of userIds) {
        const u = user(id);
        const who = `${String(u.display_name)} (${id})`;
        if (!u.active) throw unprocessable('RULE_VIOLATION', `${who} is deactivated`);
        if (u.role !== 'grid_worker') throw unprocessable('RULE_VIOLATION', `${who} is not a grid worker: only grid workers stand duty in a cell`);
        if (u.district_code !== district) throw unprocessable('RULE_VIOLATION', `${who} belongs to 片区 ${String(u.district_code)}, not ${district}`);
      }
    }
    if (body.shiftLeadUserId) {
      const u = user(body.shiftLeadUserId);
      if (!u.active) throw unprocessable('RULE_VIOLATION', `${String(u.display_name)} is deactivated`);
      if (u.role !== 'shift_lead') throw unprocessable('RULE_VIOLATION', `${String(u.display_name)} is not a shift lead (值班长)`);
    }
  }
}

function insertShift(m: { query: (sql: string, params: unknown[]) => Promise<unknown> }, userId: string, cell: string, startsAt: Date, endsAt: Date) {
  return m.query(`INSERT INTO duty_roster (user_id, grid_cell_code, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [userId, cell, startsAt, endsAt]);
}
