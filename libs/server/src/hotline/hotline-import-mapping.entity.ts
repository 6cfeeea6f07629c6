import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { HotlineAddressHint, HotlineColumns, HotlineCoordinateSystem } from '@gridops/contracts';

/**
 * A saved way to read one 12345 export format: which column holds which of our fields, which 12345 分类 is which of
 * our categories, the coordinate system, and address keywords that place a row without coordinates in a grid cell.
 */
@Entity('hotline_import_mappings')
@Index('uq_hotline_import_mappings_name', ['name'], { unique: true })
// at most one default
@Index('uq_hotline_import_mappings_default', ['isDefault'], { unique: true, where: 'is_default' })
export class HotlineImportMappingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  /** our field → the column header in the file */
  @Column({ type: 'jsonb' })
  columns!: HotlineColumns;

  /** 12345 分类 (as written in the file) → our category code */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  categories!: Record<string, string>;

  @Column({ name: 'coordinate_system', type: 'varchar', length: 10 })
  coordinateSystem!: HotlineCoordinateSystem;

  @Column({ name: 'address_hints', type: 'jsonb', default: () => "'[]'" })
  addressHints!: HotlineAddressHint[];

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
