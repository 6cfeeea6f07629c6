import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DetectionStatus } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { CameraEntity } from './camera.entity';

/**
 * 视频AI识别记录 — a detection of the video platform that was taken in: filed as a case, noted on an open case,
 * waiting for the desk, or decided there. Refused items (unknown camera, bad image …) are answered, not stored.
 * `(platform, event_id)` is unique: a resend answers `duplicate` and writes nothing.
 */
@Entity('video_detections')
@Index('uq_video_detections_event', ['platform', 'eventId'], { unique: true })
// the confirmation queue (pending, oldest first) and the other statuses' lists
@Index('idx_video_detections_status', ['status', 'id'])
// a camera's decided detections, for its rejection rate
@Index('idx_video_detections_camera', ['cameraId', 'status'])
export class VideoDetectionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  platform!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 128 })
  eventId!: string;

  @Column({ name: 'camera_id', type: 'varchar', length: 64 })
  cameraId!: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_video_detections_camera' })
  camera?: CameraEntity;

  /** the camera's 片区 when it arrived: the queue is read by 片区 */
  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @Column({ name: 'category_code', type: 'varchar', length: 10 })
  categoryCode!: string;

  @Column({ type: 'double precision' })
  confidence!: number;

  /** the category's threshold when it arrived */
  @Column({ type: 'double precision' })
  threshold!: number;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  message!: string | null;

  /** the snapshot (attachments, kept while unattached: `retained`) */
  @Column({ name: 'attachment_id', type: 'uuid' })
  attachmentId!: string;

  @ManyToOne('AttachmentEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attachment_id', foreignKeyConstraintName: 'fk_video_detections_attachment' })
  attachment?: { id: string };

  @Column({ type: 'varchar', length: 12 })
  status!: DetectionStatus;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @ManyToOne('CaseEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_video_detections_case' })
  case?: { id: string };

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  /** who confirmed or rejected it at the desk, and when */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_by_name', type: 'varchar', length: 50, nullable: true })
  decidedByName!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** why it was rejected (误报原因) */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;
}
