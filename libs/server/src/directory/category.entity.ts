import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LimitUnit, Priority } from '@gridops/domain';

/** 案件类别 (管理部件和事件). Data, editable by admins: a real town runs 100–250 leaf categories. */
@Entity('categories')
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code!: string;

  /** GB/T 30428.2 / GB/T 47678.5 code */
  @Column({ name: 'standard_code', type: 'varchar', length: 20 })
  standardCode!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: 'component' | 'event';

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 80 })
  nameEn!: string;

  @Column({ type: 'varchar', length: 2 })
  priority!: Priority;

  /** handling limit from dispatch (处置时限) */
  @Column({ name: 'limit_amount', type: 'real' })
  limitAmount!: number;

  @Column({ name: 'limit_unit', type: 'varchar', length: 20 })
  limitUnit!: LimitUnit;

  /** first limit where there is one: make safe / cordon / stop */
  @Column({ name: 'response_limit_amount', type: 'real', nullable: true })
  responseLimitAmount!: number | null;

  @Column({ name: 'response_limit_unit', type: 'varchar', length: 20, nullable: true })
  responseLimitUnit!: LimitUnit | null;

  @Column({ name: 'self_disposable', type: 'boolean' })
  selfDisposable!: boolean;

  @Column({ name: 'default_unit_code', type: 'varchar', length: 40, nullable: true })
  defaultUnitCode!: string | null;

  @Column({ name: 'needs_unit', type: 'boolean' })
  needsUnit!: boolean;

  @Column({ name: 'after_photo_required', type: 'boolean' })
  afterPhotoRequired!: boolean;

  @Column({ name: 'auto_file_from_patrol', type: 'boolean' })
  autoFileFromPatrol!: boolean;

  @Column({ name: 'auto_close', type: 'boolean' })
  autoClose!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
