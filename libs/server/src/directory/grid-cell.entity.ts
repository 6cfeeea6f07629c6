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
}
