import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AreaGeometry, DistrictCode } from '@gridops/domain';

/** 片区 — one of the four grid-management districts. */
@Entity('districts')
export class DistrictEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code!: DistrictCode;

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 50 })
  nameEn!: string;

  /** GeoJSON Polygon/MultiPolygon, [lng, lat] */
  @Column({ type: 'jsonb' })
  geometry!: AreaGeometry;

  /** the geography version that last drew this outline; null = the schematic seed */
  @Column({ name: 'geography_version', type: 'integer', nullable: true })
  geographyVersion!: number | null;
}
