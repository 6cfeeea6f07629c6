import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 处置单位 — a unit that handles dispatched work (城管中队, 市容环卫, 物业…). */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 80 })
  nameEn!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone!: string | null;
}
