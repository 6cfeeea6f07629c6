import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { HotlineImportRowResult } from '@gridops/contracts';

/** One 12345 import (not dry runs): who, which file, which mapping, the counts and every row's outcome. */
@Entity('hotline_imports')
@Index('idx_hotline_imports_started', ['startedAt', 'id'])
export class HotlineImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 200, nullable: true })
  fileName!: string | null;

  @Column({ name: 'file_type', type: 'varchar', length: 4 })
  fileType!: 'csv' | 'xlsx';

  @Column({ name: 'file_size', type: 'integer' })
  fileSize!: number;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256!: string;

  @Column({ name: 'mapping_id', type: 'uuid', nullable: true })
  mappingId!: string | null;

  @Column({ name: 'mapping_name', type: 'varchar', length: 50 })
  mappingName!: string;

  @Column({ name: 'imported_by', type: 'uuid' })
  importedBy!: string;

  @Column({ name: 'importer_name', type: 'varchar', length: 50 })
  importerName!: string;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ type: 'integer' })
  created!: number;

  @Column({ type: 'integer' })
  merged!: number;

  @Column({ type: 'integer' })
  unchanged!: number;

  @Column({ type: 'integer' })
  refused!: number;

  @Column({ type: 'jsonb' })
  rows!: HotlineImportRowResult[];

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;
}
