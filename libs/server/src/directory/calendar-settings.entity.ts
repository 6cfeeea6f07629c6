import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TOWN_UTC_OFFSET_MINUTES } from '@gridops/domain';

/** Office hours and weekend of the working calendar; one row (id = 1). */
@Entity('calendar_settings')
export class CalendarSettingsEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id!: number;

  @Column({ name: 'workday_start', type: 'varchar', length: 5 })
  workdayStart!: string;

  @Column({ name: 'workday_end', type: 'varchar', length: 5 })
  workdayEnd!: string;

  /** 0 = Sunday … 6 = Saturday */
  @Column({ name: 'weekend_days', type: 'smallint', array: true })
  weekendDays!: number[];

  @Column({ name: 'utc_offset_minutes', type: 'smallint', default: TOWN_UTC_OFFSET_MINUTES })
  utcOffsetMinutes!: number;

  /** bumped by every calendar edit: each process compares it to rebuild its cached calendar (calendar.service.ts) */
  @Column({ type: 'integer', default: 0 })
  revision!: number;
}
