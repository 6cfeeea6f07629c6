import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AreaGeometry, DistrictCode } from '@gridops/domain';

/** 网格 — a grid cell inside a district, patrolled by its grid workers. */
@Entity('grid_cells')
@Index('idx_grid_cells_district', ['districtCode'])
export class GridCellEntity {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  code!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 50 })
  nameEn!: string;

  @Column({ type: 'jsonb' })
  geometry!: AreaGeometry;

  /** the geography version that last drew this outline; null = the schematic seed */
  @Column({ name: 'geography_version', type: 'integer', nullable: true })
  geographyVersion!: number | null;

  /**
   * The version whose map no longer holds this cell; null while it is on the current map. A retired cell stays a
   * row: cases (and devices placed before) keep the cell they were placed in, but nothing new is placed in it.
   */
  @Column({ name: 'retired_version', type: 'integer', nullable: true })
  retiredVersion!: number | null;
}
