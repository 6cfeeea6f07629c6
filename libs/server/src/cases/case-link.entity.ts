import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * 专项关联: a repeat (one case of a hotspot, 高发点位) linked to the one 专项 case opened for the place's root cause.
 * A repeat is linked to one 专项 case at most (the key), which is also what keeps two leads opening the same hotspot
 * at once from making two 专项 cases (libs/server hotspots). A 专项 case is never itself a repeat.
 */
@Entity('case_links')
@Index('idx_case_links_special', ['specialCaseId'])
export class CaseLinkEntity {
  @PrimaryColumn({ name: 'member_case_id', type: 'uuid', primaryKeyConstraintName: 'PK_case_links_member' })
  memberCaseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_case_id', foreignKeyConstraintName: 'fk_case_links_member' })
  member?: CaseEntity;

  @Column({ name: 'special_case_id', type: 'uuid' })
  specialCaseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'special_case_id', foreignKeyConstraintName: 'fk_case_links_special' })
  special?: CaseEntity;

  /** the hotspot (its anchor case) the link was made from */
  @Column({ name: 'hotspot_id', type: 'uuid' })
  hotspotId!: string;

  @Column({ name: 'linked_by', type: 'uuid', nullable: true })
  linkedBy!: string | null;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;
}
