import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind, NotificationParams } from '@gridops/contracts';

/** An in-app notification (站内消息), written only by NoticeWriter. SMS / WeChat would be channels fed from these rows. */
@Entity('notifications')
@Index('idx_notifications_user', ['userId', 'id'])
@Index('uq_notifications_dedupe', ['userId', 'dedupeKey'], { unique: true })
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: NotificationKind;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  /** the values its title names (the case number): worded by the reader's screen, NOTICE_TITLES in libs/contracts */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  params!: NotificationParams;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  body!: string | null;

  /** the notice key (noticeKeyOf): a notice written twice reaches each reader once */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120 })
  dedupeKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
