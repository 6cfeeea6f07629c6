import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CalendarDayResult, CalendarYearView, PutCalendarDayRequest } from '@gridops/contracts';
import { DEFAULT_CALENDAR_CONFIG } from '@gridops/domain';
import { CalendarService } from '../directory/calendar.service';
import { unprocessable } from '../platform/errors/api-error';

interface DayRow {
  date: string;
  kind: 'holiday' | 'workday' | 'normal';
  name_zh: string;
  name_en: string;
}

/**
 * The working calendar's exceptions (法定节假日 and 调休上班), edited by admins. Every edit bumps
 * `calendar_settings.revision` in the same transaction, which is how every process's CalendarService learns of it:
 * deadlines computed after the edit (dispatch, extension, resume, SLA timers) use the new calendar. Deadlines already
 * set stay as they were promised.
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  async year(year: number): Promise<CalendarYearView> {
    const [settings] = (await this.ds.query(
      `SELECT workday_start, workday_end, weekend_days, utc_offset_minutes FROM calendar_settings WHERE id = 1`,
    )) as { workday_start: string; workday_end: string; weekend_days: number[]; utc_offset_minutes: number }[];
    const days = (await this.ds.query(
      `SELECT date::text AS date, kind, name_zh, name_en FROM calendar_days
        WHERE date >= $1::date AND date < $2::date AND kind <> 'normal' ORDER BY date`,
      [`${year}-01-01`, `${year + 1}-01-01`],
    )) as DayRow[];
    return {
      year,
      settings: {
        workdayStart: settings?.workday_start ?? DEFAULT_CALENDAR_CONFIG.workdayStart,
        workdayEnd: settings?.workday_end ?? DEFAULT_CALENDAR_CONFIG.workdayEnd,
        weekendDays: (settings?.weekend_days ?? DEFAULT_CALENDAR_CONFIG.weekendDays).map(Number),
        utcOffsetMinutes: Number(settings?.utc_offset_minutes ?? DEFAULT_CALENDAR_CONFIG.utcOffsetMinutes),
      },
      days: days.map((d) => ({ date: d.date, kind: d.kind as 'holiday' | 'workday', nameZh: d.name_zh, nameEn: d.name_en })),
    };
  }

  async putDay(date: string, body: PutCalendarDayRequest): Promise<CalendarDayResult> {
    const year = Number(date.slice(0, 4));
    if (year < 2000 || year > 2100) throw unprocessable('RULE_VIOLATION', 'the calendar covers the years 2000–2100');
    const [settings] = (await this.ds.query(`SELECT weekend_days FROM calendar_settings WHERE id = 1`)) as { weekend_days: number[] }[];
    const weekend = new Set((settings?.weekend_days ?? [0, 6]).map(Number));
    const isWeekend = weekend.has(new Date(`${date}T00:00:00Z`).getUTCDay());
    if (body.kind === 'workday' && !isWeekend) {
      throw unprocessable('RULE_VIOLATION', `${date} is a weekday: an adjusted workday (调休上班) is a weekend day made a workday`);
    }
    // a "normal" day stays as a row, so a seeded holiday the admin removed does not come back on the next start
    const nameZh = body.kind === 'normal' ? '常规' : (body.nameZh as string);
    const nameEn = body.kind === 'normal' ? 'normal' : (body.nameEn ?? nameZh);
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO calendar_days (date, kind, name_zh, name_en) VALUES ($1, $2, $3, $4)
         ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en`,
        [date, body.kind, nameZh, nameEn],
      );
      // TypeORM answers an UPDATE with [rows, affected]
      const [, bumped] = (await m.query(`UPDATE calendar_settings SET revision = revision + 1 WHERE id = 1`)) as [unknown[], number];
      if (!bumped) throw unprocessable('RULE_VIOLATION', 'the calendar settings are missing: run the seed first');
    });
    this.calendars.invalidate();
    const fresh = await this.calendars.calendar();
    return {
      date,
      kind: body.kind,
      nameZh: body.kind === 'normal' ? null : nameZh,
      nameEn: body.kind === 'normal' ? null : nameEn,
      isWorkday: fresh.isWorkday(date),
    };
  }
}
