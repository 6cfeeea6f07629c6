import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CategoryEntity } from '../directory/category.entity';

/**
 * 置信度阈值 — per category, set by an admin: a video detection below it waits for an operator's confirmation.
 * A category without a row uses DEFAULT_CONFIRM_BELOW (@gridops/contracts).
 */
@Entity('video_thresholds')
export class VideoThresholdEntity {
  @PrimaryColumn({ name: 'category_code', type: 'varchar', length: 10 })
  categoryCode!: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_code', foreignKeyConstraintName: 'fk_video_thresholds_category' })
  category?: CategoryEntity;

  @Column({ name: 'confirm_below', type: 'double precision' })
  confirmBelow!: number;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
