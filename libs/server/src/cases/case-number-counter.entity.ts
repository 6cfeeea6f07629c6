import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last case number handed out per local day (CZ-YYYYMMDD-NNNN). */
@Entity('case_number_counters')
export class CaseNumberCounterEntity {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'integer' })
  last!: number;
}
