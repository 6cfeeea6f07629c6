import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_CALENDAR_CONFIG, WorkingCalendar } from '@gridops/domain';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarSettingsEntity } from './calendar-settings.entity';

/** How long a process trusts its calendar before asking whether it changed (one tiny query). */
const REVISION_CHECK_MS = 1_000;

/**
 * The town's working calendar (office hours, holidays, adjusted workdays). Each process keeps it in memory and
 * compares `calendar_settings.revision` — bumped by every admin edit (PUT /calendar/days/:date) — at most once a
 * second, so an edit reaches the deadline computations of every api and worker process within a second.
 */
@Injectable()
export class CalendarService {
  private current: { revision: number; calendar: WorkingCalendar } | null = null;
  private checkedAt = 0;
  private pending: Promise<WorkingCalendar> | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  calendar(): Promise<WorkingCalendar> {
    if (this.current && Date.now() - this.checkedAt < REVISION_CHECK_MS) return Promise.resolve(this.current.calendar);
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  /** This process edited the calendar: rebuild on the next use. */
  invalidate(): void {
    this.current = null;
    this.checkedAt = 0;
  }

  private async refresh(): Promise<WorkingCalendar> {
    try {
      const rows = (await this.ds.query(`SELECT revision FROM calendar_settings WHERE id = 1`)) as { revision: number }[];
      const revision = rows.length ? Number(rows[0].revision) : -1;
      // read the revision before the tables: an edit landing in between leaves a newer revision, rebuilt next time
      if (!this.current || this.current.revision !== revision) this.current = { revision, calendar: await this.build() };
      this.checkedAt = Date.now();
      return this.current.calendar;
    } catch (err) {
      // Postgres away: the last calendar is better than none; without one the caller learns of the outage
      if (this.current) return this.current.calendar;
      throw err;
    }
  }

  private async build(): Promise<WorkingCalendar> {
    const settings = await this.ds.getRepository(CalendarSettingsEntity).findOneBy({ id: 1 });
    const days = await this.ds.getRepository(CalendarDayEntity).find();
    return new WorkingCalendar({
      utcOffsetMinutes: settings?.utcOffsetMinutes ?? DEFAULT_CALENDAR_CONFIG.utcOffsetMinutes,
      workdayStart: settings?.workdayStart ?? DEFAULT_CALENDAR_CONFIG.workdayStart,
      workdayEnd: settings?.workdayEnd ?? DEFAULT_CALENDAR_CONFIG.workdayEnd,
      weekendDays: settings?.weekendDays ?? DEFAULT_CALENDAR_CONFIG.weekendDays,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      adjustedWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
    });
  }
}
