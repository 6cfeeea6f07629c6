import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An `Idempotency-Key` seen at intake, per caller (a key only means something to whoever chose it).
 * Written in the same transaction as the case, so a repeat finds either nothing or the finished case.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  /** `user:<id>` or `key:<api key id>` */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  principal!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key!: string;

  /** SHA-256 of the request body: the same key with another body is a client bug, answered 422 */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
