import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A key for a source system (Open311 client, IoT platform, 12345 import). Only its SHA-256 is stored. */
@Entity('api_keys')
@Index('uq_api_keys_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** the first characters, so an admin can tell keys apart without seeing them */
  @Column({ type: 'varchar', length: 12 })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  /** what the key may do: `open311`, `alarms`, `hotline-import` */
  @Column({ type: 'varchar', length: 30, array: true })
  scopes!: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
