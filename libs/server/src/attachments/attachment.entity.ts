import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AttachmentKind } from '@gridops/domain';

/**
 * 附件 — a photo uploaded to the storage (attachment-storage.ts). It is uploaded first, unattached, and belongs to a
 * case once a report or an action names it; `event_seq` is the timeline event that brought it. Files are found by
 * generated storage keys only: the uploaded name is display text.
 */
@Entity('attachments')
@Index('idx_attachments_case', ['caseId', 'createdAt'])
// an uploader's photos waiting to be attached, and the sweep of abandoned ones
@Index('idx_attachments_unattached', ['uploadedBy', 'createdAt'], { where: 'case_id IS NULL' })
export class AttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  // named, not imported: attachments sit below cases in the module order
  @ManyToOne('CaseEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_attachments_case' })
  case?: { id: string };

  @Column({ name: 'event_seq', type: 'bigint', nullable: true })
  eventSeq!: string | null;

  /** before / after / report / other (persisted values: never rename) */
  @Column({ type: 'varchar', length: 10 })
  kind!: AttachmentKind;

  /** of the stored file (EXIF stripped; HEIC stored as JPEG) */
  @Column({ type: 'varchar', length: 40 })
  mime!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  /** SHA-256 (hex) of the stored file */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** the uploaded file name, sanitised for display; never a path */
  @Column({ name: 'original_name', type: 'varchar', length: 200, nullable: true })
  originalName!: string | null;

  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey!: string;

  @Column({ name: 'thumb_key', type: 'varchar', length: 200 })
  thumbKey!: string;

  /** `user:<id>` or `key:<api key id>`: only this principal may attach it or read it while unattached */
  @Column({ name: 'uploaded_by', type: 'varchar', length: 60 })
  uploadedBy!: string;

  @Column({ name: 'uploader_name', type: 'varchar', length: 50 })
  uploaderName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'attached_at', type: 'timestamptz', nullable: true })
  attachedAt!: Date | null;

  /**
   * Kept by a channel's own record while unattached — a video detection's snapshot (视频AI) waiting for the desk, or
   * rejected and kept as evidence of the false alarm: never swept as abandoned, not counted as the uploader's waiting.
   */
  @Column({ type: 'boolean', default: false })
  retained!: boolean;

  /**
   * Shown to the public (Open311's media_url)? null: the default — the photos a citizen-app report brought (what the
   * citizen sent) are, every other photo (a grid worker's before/after, a unit's) is not. true/false: staff decided
   * (operator or shift lead, `PATCH /api/v1/attachments/:id`), with who and when.
   */
  @Column({ type: 'boolean', nullable: true })
  public!: boolean | null;

  @Column({ name: 'public_marked_by', type: 'varchar', length: 60, nullable: true })
  publicMarkedBy!: string | null;

  @Column({ name: 'public_marked_at', type: 'timestamptz', nullable: true })
  publicMarkedAt!: Date | null;
}
