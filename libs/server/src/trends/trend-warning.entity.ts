import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DayKind, DistrictCode, TrendWindow } from '@gridops/domain';

/**
 * 趋势预警 — a 片区 × category whose count in a window rose well above its baseline (docs/kpis.md "Trend warnings").
 * Written only by the worker's `trends.detect` job (TrendDetection); acknowledged by a supervisor or shift lead.
 *
 * One warning per 片区 × category × window while it stays raised: the partial unique index on the open ones is the
 * dedupe key; a run that finds the rise over sets `cleared_at`, after which the same key may be raised again.
 * The numbers are those of the run that raised it. The cases behind it are the case list's
 * `district`, `category`, `from` = window_start, `to` = window_end.
 */
@Entity('trend_warnings')
@Index('uq_trend_warnings_open', ['districtCode', 'categoryCode', 'window'], { unique: true, where: 'cleared_at IS NULL' })
@Index('idx_trend_warnings_raised', ['raisedAt', 'id'])
export class TrendWarningEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @Column({ name: 'category_code', type: 'varchar', length: 10 })
  categoryCode!: string;

  /** `2h` / `24h` (TREND_WINDOWS); `window` is a reserved word in SQL */
  @Column({ name: 'time_window', type: 'varchar', length: 8 })
  window!: TrendWindow;

  @Column({ type: 'int' })
  observed!: number;

  /** the floored baseline mean */
  @Column({ type: 'double precision' })
  expected!: number;

  @Column({ name: 'baseline_days', type: 'smallint' })
  baselineDays!: number;

  @Column({ name: 'day_kind', type: 'varchar', length: 10 })
  dayKind!: DayKind;

  /** P(X ≥ observed | expected), Poisson */
  @Column({ name: 'p_value', type: 'double precision' })
  pValue!: number;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  /** the clock of the run that raised it (the job's `at`, not the time the job happened to run) */
  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;
}
