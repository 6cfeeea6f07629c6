import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorRole, CaseEventType, CaseState, SystemNote } from '@gridops/domain';
import { CaseEntity } from './case.entity';

/**
 * 案件流转记录 — append-only. `seq` is global and strictly increasing: it orders the timeline, is the audit log, and
 * is what a reconnecting board resumes from.
 */
@Entity('case_events')
@Index('idx_case_events_case', ['caseId', 'seq'])
// approved returns in a period, per unit and worker (回退率): a small index, only this event type is in it
@Index('idx_case_events_approve_return_at', ['at'], { where: "type = 'approve-return'" })
export class CaseEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_events_case' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 24 })
  type!: CaseEventType;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 20 })
  actorRole!: ActorRole;

  @Column({ name: 'actor_name', type: 'varchar', length: 50 })
  actorName!: string;

  @Column({ name: 'from_state', type: 'varchar', length: 24, nullable: true })
  fromState!: CaseState | null;

  @Column({ name: 'to_state', type: 'varchar', length: 24 })
  toState!: CaseState;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** a note the software wrote: `{ code, params }`, put into words when read (systemNoteText) */
  @Column({ name: 'system_note', type: 'jsonb', nullable: true })
  systemNote!: SystemNote | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: string[];

  @Column({ type: 'timestamptz' })
  at!: Date;
}
