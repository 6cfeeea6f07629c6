import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One exception to the weekly pattern: a public holiday, or an adjusted workday (调休上班) on a weekend. `normal` is
 * an admin's "no exception here" for a day the seed lists, kept as a row so the seed does not bring it back.
 */
@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: 'holiday' | 'workday' | 'normal';

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 80 })
  nameEn!: string;
}
