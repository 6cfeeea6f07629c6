import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';

/**
 * What an Open311 GeoReport v2 client sent beside the case it became (source `citizen_app`): the token, the
 * media_url, the typed attribute answers and the full description. Written in the case's own transaction.
 * Contact fields (email, account) are PII and never leave through the public GET methods.
 */
@Entity('open311_requests')
@Index('uq_open311_requests_token', ['token'], { unique: true })
export class Open311RequestEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'pk_open311_requests' })
  caseId!: string;

  // one row per case: case_id is the primary key (ManyToOne only names the foreign key)
  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_open311_requests_case' })
  case?: CaseEntity;

  /** answered with the service_request_id; `GET tokens/{token}` maps it back */
  @Column({ type: 'varchar', length: 40 })
  token!: string;

  /** the API key the client used (null if the key was deleted later) */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ name: 'jurisdiction_id', type: 'varchar', length: 100, nullable: true })
  jurisdictionId!: string | null;

  /** as submitted (up to 4,000 characters, the spec's limit; the case keeps a shortened copy) */
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'address_string', type: 'varchar', length: 200, nullable: true })
  addressString!: string | null;

  /** a grid-cell code, or the id of an address-library entry (a uuid) */
  @Column({ name: 'address_id', type: 'varchar', length: 40, nullable: true })
  addressId!: string | null;

  /** attribute code → value (string, or string[] for a multivaluelist), checked against the service definition */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, string | string[]>;

  @Column({ name: 'media_url', type: 'varchar', length: 2000, nullable: true })
  mediaUrl!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'account_id', type: 'varchar', length: 100, nullable: true })
  accountId!: string | null;

  /** the reporter's phone or app install, not an IoT sensor */
  @Column({ name: 'device_id', type: 'varchar', length: 100, nullable: true })
  deviceId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
