import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { CaseState, DistrictCode, LimitUnit, Priority, ReturnReason, Source, VoidReason } from '@gridops/domain';
import { CategoryEntity } from '../directory/category.entity';
import { DistrictEntity } from '../directory/district.entity';
import { GridCellEntity } from '../directory/grid-cell.entity';
import { openCaseSql } from './case-state-sql';

const ts = (name: string) => ({ name, type: 'timestamptz' as const, nullable: true });

/**
 * 案件 — one real-world problem (高效处置一件事). The workflow columns mirror libs/domain's WorkflowCase; the rest
 * is what was reported. Milestone timestamps are kept here so KPIs need no event replay.
 */
@Entity('cases')
@Index('uq_cases_number', ['number'], { unique: true })
@Index('idx_cases_reported', ['reportedAt', 'id'])
@Index('idx_cases_district_state', ['districtCode', 'state'])
@Index('idx_cases_state', ['state'])
@Index('idx_cases_assignee_user', ['assigneeUserId'])
@Index('idx_cases_assignee_unit', ['assigneeUnitCode'])
@Index('idx_cases_clock_due', ['clockDueAt'])
@Index('idx_cases_device', ['deviceId'], { where: 'device_id IS NOT NULL' })
@Index('idx_cases_camera', ['cameraId', 'categoryCode'], { where: 'camera_id IS NOT NULL' })
@Index('idx_cases_category_reported', ['categoryCode', 'reportedAt'])
// open cases only: the duplicate search (by latitude band) and the dispatch load count stay cheap however many
// cases are closed
@Index('idx_cases_open_category_lat', ['categoryCode', 'lat'], { where: openCaseSql() })
@Index('idx_cases_open_assignee_user', ['assigneeUserId'], { where: openCaseSql() })
// the open cases due later today, taken out of a window read from the rollups (notYetDueDayRowsSql), and the live
// counts' open cases dispatched, accepted or due in their window (kpi-sql.ts touchedSince)
@Index('idx_cases_open_milestones', ['handlingDueAt', 'dispatchedAt', 'acceptedAt'], { where: openCaseSql() })
// the open set's live state, action-list totals and map, read from the index alone: a covering index (INCLUDE) that
// TypeORM cannot describe, made by migration OpenSetIndex
@Index('idx_cases_open_set', { synchronize: false })
@Index('idx_cases_open_supervised', ['clockDueAt', 'reportedAt', 'id'], { where: `supervised AND ${openCaseSql()}` })
// milestones the KPIs count per period (docs/kpis.md): the board and analytics read the cases of a period by these
@Index('idx_cases_filed_at', ['filedAt'], { where: 'filed_at IS NOT NULL' })
@Index('idx_cases_handled_at', ['handledAt'], { where: 'handled_at IS NOT NULL' })
@Index('idx_cases_closed_at', ['closedAt'], { where: 'closed_at IS NOT NULL' })
// a void case has no closing instant: its dispatch and accept of today are found by these (kpi-sql.ts touchedSince)
@Index('idx_cases_void_dispatched_at', ['dispatchedAt'], { where: "state = 'VOID'" })
@Index('idx_cases_void_accepted_at', ['acceptedAt'], { where: "state = 'VOID'" })
// the desk's text search (q=): GIN expression indexes TypeORM cannot describe, made by migration CaseTextSearch
@Index('idx_cases_search_trgm', { synchronize: false })
@Index('idx_cases_search_grams', { synchronize: false })
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** 案件编号 CZ-YYYYMMDD-NNNN */
  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ type: 'varchar', length: 20 })
  source!: Source;

  @Column({ name: 'category_code', type: 'varchar', length: 10 })
  categoryCode!: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_code', foreignKeyConstraintName: 'fk_cases_category' })
  category?: CategoryEntity;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @Column({ name: 'district_code', type: 'varchar', length: 20 })
  districtCode!: DistrictCode;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', foreignKeyConstraintName: 'fk_cases_district' })
  district?: DistrictEntity;

  @Column({ name: 'grid_cell_code', type: 'varchar', length: 30 })
  gridCellCode!: string;

  @ManyToOne(() => GridCellEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_cell_code', foreignKeyConstraintName: 'fk_cases_grid_cell' })
  gridCell?: GridCellEntity;

  @Column({ type: 'varchar', length: 2 })
  priority!: Priority;

  @Column({ type: 'varchar', length: 24 })
  state!: CaseState;

  @Column({ type: 'boolean', default: false })
  urgent!: boolean;

  @Column({ type: 'boolean', default: false })
  supervised!: boolean;

  @Column({ name: 'escalated_to_district', type: 'boolean', default: false })
  escalatedToDistrict!: boolean;

  @Column({ name: 'assignee_user_id', type: 'uuid', nullable: true })
  assigneeUserId!: string | null;

  @Column({ name: 'assignee_unit_code', type: 'varchar', length: 40, nullable: true })
  assigneeUnitCode!: string | null;

  @Column({ name: 'fixer_user_id', type: 'uuid', nullable: true })
  fixerUserId!: string | null;

  @Column({ name: 'checker_user_id', type: 'uuid', nullable: true })
  checkerUserId!: string | null;

  @Column({ name: 'requested_from_state', type: 'varchar', length: 24, nullable: true })
  requestedFromState!: CaseState | null;

  @Column(ts('requested_due_at'))
  requestedDueAt!: Date | null;

  @Column({ name: 'rework_count', type: 'integer', default: 0 })
  reworkCount!: number;

  @Column({ name: 'extension_count', type: 'integer', default: 0 })
  extensionCount!: number;

  @Column({ name: 'return_count', type: 'integer', default: 0 })
  returnCount!: number;

  @Column({ name: 'deadline_version', type: 'integer', default: 0 })
  deadlineVersion!: number;

  @Column(ts('handling_started_at'))
  handlingStartedAt!: Date | null;

  @Column(ts('handling_due_at'))
  handlingDueAt!: Date | null;

  @Column({ name: 'handling_limit_unit', type: 'varchar', length: 20, nullable: true })
  handlingLimitUnit!: LimitUnit | null;

  @Column({ name: 'suspended_remaining_minutes', type: 'double precision', nullable: true })
  suspendedRemainingMinutes!: number | null;

  @Column({ name: 'step_started_at', type: 'timestamptz' })
  stepStartedAt!: Date;

  @Column(ts('step_due_at'))
  stepDueAt!: Date | null;

  @Column(ts('clock_yellow_at'))
  clockYellowAt!: Date | null;

  @Column(ts('clock_due_at'))
  clockDueAt!: Date | null;

  @Column({ name: 'void_reason', type: 'varchar', length: 30, nullable: true })
  voidReason!: VoidReason | null;

  @Column({ name: 'return_reason', type: 'varchar', length: 30, nullable: true })
  returnReason!: ReturnReason | null;

  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf!: string | null;

  @Column({ name: 'suggested_duplicate_of', type: 'uuid', nullable: true })
  suggestedDuplicateOf!: string | null;

  @Column({ name: 'dispatch_hold', type: 'varchar', length: 40, nullable: true })
  dispatchHold!: string | null;

  /** the sensor that raised it (IoT): repeated alarms of one device merge into its open case */
  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  /** the camera whose detection it is (视频AI): repeated detections of one camera and category merge into its open case */
  @Column({ name: 'camera_id', type: 'varchar', length: 64, nullable: true })
  cameraId!: string | null;

  @Column({ name: 'callback_satisfied', type: 'boolean', nullable: true })
  callbackSatisfied!: boolean | null;

  /** PII: shown only to roles that need to call the reporter back */
  @Column({ name: 'reporter_name', type: 'varchar', length: 50, nullable: true })
  reporterName!: string | null;

  @Column({ name: 'reporter_phone', type: 'varchar', length: 30, nullable: true })
  reporterPhone!: string | null;

  @Column(ts('occurred_at'))
  occurredAt!: Date | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column(ts('filed_at'))
  filedAt!: Date | null;

  @Column(ts('dispatched_at'))
  dispatchedAt!: Date | null;

  @Column(ts('accepted_at'))
  acceptedAt!: Date | null;

  @Column(ts('handled_at'))
  handledAt!: Date | null;

  @Column(ts('checked_at'))
  checkedAt!: Date | null;

  @Column(ts('closed_at'))
  closedAt!: Date | null;

  /** the user who submitted the report, when it came through a login */
  @Column({ name: 'reported_by', type: 'uuid', nullable: true })
  reportedBy!: string | null;

  /** optimistic lock: every action names the version it saw; a stale one answers 409 */
  @VersionColumn({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
