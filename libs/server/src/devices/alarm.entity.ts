import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AlarmEvent, AlarmOutcome, AlarmRefusal, DeviceType } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';

/**
 * 告警流水 — every alarm a sensor platform sent us, whatever became of it (refused ones too, so the operations centre
 * sees an unknown device that keeps calling). The board's alarm stream reads this table.
 *
 * Idempotency: one row per (platform, alarm id, event) that was taken in — a repeat finds it and writes nothing.
 * Refused alarms are left out of that unique index, so a platform may resend them once the device is registered.
 */
@Entity('alarms')
@Index('uq_alarms_platform_alarm_event', ['platform', 'alarmId', 'event'], { unique: true, where: "outcome <> 'refused'" })
@Index('idx_alarms_received', ['receivedAt', 'id'])
@Index('idx_alarms_device', ['deviceId', 'id'])
@Index('idx_alarms_district', ['districtCode', 'id'])
export class AlarmEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  platform!: string;

  @Column({ name: 'alarm_id', type: 'varchar', length: 128 })
  alarmId!: string;

  /** as sent: not a foreign key, since alarms of unknown devices are logged too */
  @Column({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  /** the type the platform reported */
  @Column({ name: 'device_type', type: 'varchar', length: 20 })
  deviceType!: DeviceType;

  @Column({ type: 'varchar', length: 10 })
  event!: AlarmEvent;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  level!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;

  @Column({ type: 'varchar', length: 12 })
  outcome!: Exclude<AlarmOutcome, 'duplicate'>;

  @Column({ type: 'varchar', length: 30, nullable: true })
  reason!: AlarmRefusal | null;

  /** the case it became or was recorded on */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  /** the key the batch came with (api_keys.id): which platform connection sent it */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  /** the device's 片区 when it is known: the list is scoped by it */
  @Column({ name: 'district_code', type: 'varchar', length: 20, nullable: true })
  districtCode!: DistrictCode | null;
}
