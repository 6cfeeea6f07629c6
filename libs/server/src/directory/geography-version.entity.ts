import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One applied import of the town's real geography (片区 and 网格 outlines, docs/geography.md). The schematic seed has
 * no row: districts and cells whose `geography_version` is null are the seed's. Each row keeps the features it
 * applied (WGS-84, as stored), so any version's polygons can be read back.
 */
@Entity('geography_versions')
@Index('idx_geography_versions_applied_at', ['appliedAt'])
export class GeographyVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_geography_versions' })
  id!: number;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt!: Date;

  @Column({ name: 'applied_by', type: 'uuid', nullable: true })
  appliedBy!: string | null;

  @Column({ name: 'applied_by_name', type: 'varchar', length: 100 })
  appliedByName!: string;

  /** the uploaded file's name, as the client gave it (display text only) */
  @Column({ name: 'source_name', type: 'varchar', length: 200 })
  sourceName!: string;

  /** the dry run's checksum the apply was confirmed with (SHA-256 hex of the file and the options) */
  @Column({ type: 'char', length: 64 })
  checksum!: string;

  /** `wgs84` or `gcj02`: what the file was in (stored features are WGS-84 either way) */
  @Column({ name: 'coordinate_system', type: 'varchar', length: 10 })
  coordinateSystem!: string;

  /** counts and changes: districts, cells added / kept / retired, warnings */
  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  /** the applied FeatureCollection, normalised (WGS-84, RFC 7946 ring orientation) */
  @Column({ type: 'jsonb' })
  features!: unknown;
}
