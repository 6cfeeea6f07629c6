import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';

/**
 * 12345 工单 already taken in: the 工单号 is the key, so one work order becomes one case however often the export
 * is imported. Written in the same transaction as its case.
 */
@Entity('hotline_orders')
@Index('idx_hotline_orders_case', ['caseId'])
export class HotlineOrderEntity {
  /** 工单号 as 12345 gives it */
  @PrimaryColumn({ name: 'external_ref', type: 'varchar', length: 64 })
  externalRef!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_hotline_orders_case' })
  case?: CaseEntity;

  /** SHA-256 of the row's mapped values when last taken in: a changed row is merged into the case, an equal one is unchanged */
  @Column({ name: 'row_hash', type: 'varchar', length: 64 })
  rowHash!: string;

  /** how the case was placed: `coordinates`, or `address` (a grid cell's anchor point, to be verified on site) */
  @Column({ name: 'located_by', type: 'varchar', length: 12 })
  locatedBy!: 'coordinates' | 'library' | 'address';

  @Column({ name: 'first_import_id', type: 'uuid', nullable: true })
  firstImportId!: string | null;

  @Column({ name: 'last_import_id', type: 'uuid', nullable: true })
  lastImportId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
