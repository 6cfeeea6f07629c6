import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 值班表: who is on duty for which grid cell, when. Dispatch picks the on-duty grid worker of a case's cell. */
@Entity('duty_roster')
@Index('idx_duty_roster_cell_time', ['gridCellCode', 'startsAt', 'endsAt'])
export class DutyRosterEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'grid_cell_code', type: 'varchar', length: 30 })
  gridCellCode!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;
}
