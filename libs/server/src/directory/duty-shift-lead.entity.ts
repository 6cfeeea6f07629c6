import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * 值班长 of a (Shanghai) day: the shift lead who approves returns and extensions and closes cases that day. One per
 * date; grid workers' duty per cell is in duty_roster.
 */
@Entity('duty_shift_leads')
export class DutyShiftLeadEntity {
  @PrimaryColumn({ name: 'duty_date', type: 'date' })
  dutyDate!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_duty_shift_leads_user' })
  user?: UserEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
