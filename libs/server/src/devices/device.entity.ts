import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AlarmEvent, DeviceType } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { CategoryEntity } from '../directory/category.entity';
import { DistrictEntity } from '../directory/district.entity';
import { GridCellEntity } from '../directory/grid-cell.entity';

/**
 * 物联感知设备 — a sensor in the registry. The id is the sensor platform's own device id, the one its alarms carry.
 * District and grid cell are computed from the location (TownGeographyService), never typed in.
 */
@Entity('devices')
@Index('idx_devices_district', ['districtCode', 'id'])
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: DeviceType;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** the category its alarms become when it differs from the type's default (a tilt sensor on a water-supply cover) */
  @Column({ name: 'category_code', type: 'varchar', length: 10, nullable: true })
  categoryCode!: string | null;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_code', foreignKeyConstraintName: 'fk_devices_category' })
  category?: CategoryEntity;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', foreignKeyConstraintName: 'fk_devices_district' })
  district?: DistrictEntity;

  @Column({ name: 'grid_cell_code', type: 'varchar', length: 30 })
  gridCellCode!: string;

  @ManyToOne(() => GridCellEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_cell_code', foreignKeyConstraintName: 'fk_devices_grid_cell' })
  gridCell?: GridCellEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** an inactive device's alarms are refused (and logged): decommissioned, or under maintenance */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** when an alarm of this device last reached us (refused ones included: an inactive device still talking is news) */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'last_alarm_id', type: 'varchar', length: 128, nullable: true })
  lastAlarmId!: string | null;

  @Column({ name: 'last_alarm_event', type: 'varchar', length: 10, nullable: true })
  lastAlarmEvent!: AlarmEvent | null;

  @Column({ name: 'last_alarm_at', type: 'timestamptz', nullable: true })
  lastAlarmAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
