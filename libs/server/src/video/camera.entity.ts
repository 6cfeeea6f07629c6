import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DistrictCode } from '@gridops/domain';
import { DistrictEntity } from '../directory/district.entity';
import { GridCellEntity } from '../directory/grid-cell.entity';

/**
 * 视频监控点位 — a camera of the city video platform in the registry. The id is the platform's own camera id, the one
 * its detections carry. District and grid cell are computed from the location (TownGeographyService), never typed in.
 */
@Entity('cameras')
@Index('idx_cameras_district', ['districtCode', 'id'])
export class CameraEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', foreignKeyConstraintName: 'fk_cameras_district' })
  district?: DistrictEntity;

  @Column({ name: 'grid_cell_code', type: 'varchar', length: 30 })
  gridCellCode!: string;

  @ManyToOne(() => GridCellEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_cell_code', foreignKeyConstraintName: 'fk_cameras_grid_cell' })
  gridCell?: GridCellEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** the case categories its detections may become (codes of active categories, checked when set) */
  @Column({ type: 'varchar', length: 10, array: true })
  categories!: string[];

  /** an inactive camera's detections are refused: decommissioned, or pointed elsewhere for a while */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
