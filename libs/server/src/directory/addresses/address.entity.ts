import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AddressKind, DistrictCode } from '@gridops/domain';
import { DistrictEntity } from '../district.entity';
import { GridCellEntity } from '../grid-cell.entity';

/**
 * 标准地址库 — one entry of the town's standard address library: a road (路), a house number (号), a lane (弄), a
 * residential compound (小区) or a landmark (地标), with its point. District and grid cell are derived from the point
 * (TownGeographyService), never typed in. `normalized_text` is the natural key (one entry per spelling: an import
 * updates the entry it names); `search_key` (the finding keys of the standard form, the name and the aliases,
 * libs/domain address-text.ts) carries the trigram index the search reads (migration 1764900000400).
 */
@Entity('addresses')
@Index('uq_addresses_normalized_text', ['normalizedText'], { unique: true })
@Index('idx_addresses_search_trgm', { synchronize: false })
@Index('idx_addresses_cell', ['gridCellCode'])
export class AddressEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: AddressKind;

  @Column({ type: 'varchar', length: 50, nullable: true })
  road!: string | null;

  /** the house or lane number (1350), without 号/弄 */
  @Column({ type: 'varchar', length: 20, nullable: true })
  number!: string | null;

  /** a compound's or landmark's name; a lane's name (梅川一村) when it has one */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  /** what cases and screens show: 梅川路1350弄, 天地软件园 */
  @Column({ name: 'standard_text', type: 'varchar', length: 200 })
  standardText!: string;

  @Column({ name: 'normalized_text', type: 'varchar', length: 200 })
  normalizedText!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Column({ name: 'search_key', type: 'text' })
  searchKey!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', foreignKeyConstraintName: 'fk_addresses_district' })
  district?: DistrictEntity;

  @Column({ name: 'grid_cell_code', type: 'varchar', length: 30 })
  gridCellCode!: string;

  @ManyToOne(() => GridCellEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_cell_code', foreignKeyConstraintName: 'fk_addresses_grid_cell' })
  gridCell?: GridCellEntity;

  /** placed on the schematic map (the seed), not surveyed: the town's real library replaces it by import */
  @Column({ type: 'boolean', default: false })
  schematic!: boolean;

  /** where the entry came from: seed, import (CSV), admin (edited by hand) */
  @Column({ type: 'varchar', length: 20 })
  source!: 'seed' | 'import' | 'admin';

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
