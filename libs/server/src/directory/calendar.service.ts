import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from '@gridops/domain';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarSettingsEntity } from './calendar-settings.entity';

const CACHE_MS = 60_000;

/** The town's working calendar (office hours, holidays, adjusted workdays), rebuilt from the tables at most once a minute. */
@Injectable()
export class CalendarService {
  private cached: { at: number; calendar: Promise<WorkingCalendar> } | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  calendar(): Promise<WorkingCalendar> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      const calendar = this.build();
      calendar.catch(() => (this.cached = null));
      this.cached = { at: Date.now(), calendar };
    }
    return this.cached.calendar;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async build(): Promise<WorkingCalendar> {
    const settings = await this.ds.getRepository(CalendarSettingsEntity).findOneBy({ id: 1 });
    const days = await this.ds.getRepository(CalendarDayEntity).find();
    return new WorkingCalendar({
      utcOffsetMinutes: settings?.utcOffsetMinutes ?? 480,
      workdayStart: settings?.workdayStart ?? '08:30',
      workdayEnd: settings?.workdayEnd ?? '17:30',
      weekendDays: settings?.weekendDays ?? [0, 6],
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      adjustedWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
    });
  }
}
