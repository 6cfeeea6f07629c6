import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_CONFIRM_BELOW, type DetectionView, type Page, type ThresholdView, type listDetectionsQuerySchema } from '@gridops/contracts';
import type { Actor, CaseState, DistrictCode } from '@gridops/domain';
import type { z } from 'zod';
import { AttachmentsService } from '../attachments/attachments.service';
import { applyScope } from '../cases/case-scope';
import { DirectoryService } from '../directory/directory.service';
import { conflict, notFound, unprocessable } from '../platform/errors/api-error';
import { CameraEntity } from './camera.entity';
import { VideoDetectionEntity } from './video-detection.entity';
import { VideoFiling, type RowWrite } from './video-filing';

type ListQuery = z.output<typeof listDetectionsQuerySchema>;

/** Who decides: a user of the desk, by id and name. */
export interface Decider {
  actor: Actor;
  name: string;
}

/**
 * 视频AI待确认队列: detections below their category's threshold wait here until an operator or shift lead confirms
 * one (it becomes a case through the same path as a detection filed at ingest — VideoFiling) or rejects it (误报: kept
 * with the reason and who decided, never a case; counted in its camera's rejection rate). Read by 片区 like cases.
 */
@Injectable()
export class VideoReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly attachments: AttachmentsService,
    private readonly filing: VideoFiling,
    private readonly directory: DirectoryService,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<DetectionView>> {
    const qb = applyScope(this.ds.getRepository(VideoDetectionEntity).createQueryBuilder('d').where('d.status = :status', { status: q.status }), actor, {
      district: 'd.district_code',
    });
    if (q.camera) qb.andWhere('d.camera_id = :camera', { camera: q.camera });
    if (q.district) qb.andWhere('d.district_code = :district', { district: q.district });
    // the queue is worked oldest first; decided lists are read newest first
    const pending = q.status === 'pending';
    if (q.cursor) qb.andWhere(pending ? 'd.id > :cursor' : 'd.id < :cursor', { cursor: q.cursor });
    const rows = await qb.orderBy('d.id', pending ? 'ASC' : 'DESC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return { items: await this.views(page), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  async get(id: string, actor: Actor): Promise<DetectionView> {
    const [view] = await this.views([await this.findVisible(id, actor)]);
    return view;
  }

  /** Confirm a pending detection: a new case at its camera, or a note on the camera's open case of that category. 409 if already decided. */
  async confirm(id: string, by: Decider, now = new Date()): Promise<DetectionView> {
    const d = await this.findVisible(id, by.actor);
    if (d.status !== 'pending') throw conflict(`detection ${id} was already decided (${d.status})`);
    const camera = await this.ds.getRepository(CameraEntity).findOneByOrFail({ id: d.cameraId });
    const decided = { by: by.actor.userId, name: by.name.slice(0, 50), at: now };
    const write: RowWrite = {
      filed: async (m, caseId) => moved(await m.query(UPDATE_DECIDED, [d.id, 'confirmed', caseId, decided.by, decided.name, decided.at])),
      merged: async (caseId) => moved(await this.ds.query(UPDATE_DECIDED, [d.id, 'merged', caseId, decided.by, decided.name, decided.at])),
      undoMerged: async () => {
        await this.ds.query(`UPDATE video_detections SET status = 'pending', case_id = NULL, decided_by = NULL, decided_by_name = NULL, decided_at = NULL WHERE id = $1 AND status = 'merged'`, [d.id]);
      },
    };
    const result = await this.filing.file(d, camera, now, write, by.name);
    if (result.outcome === 'lost') throw conflict(`detection ${id} was decided by someone else just now`);
    if (result.outcome === 'refused') {
      throw result.reason === 'retry_later' ? conflict(result.message) : unprocessable('CAMERA_MISCONFIGURED', `cannot file it: ${result.message}; an admin must fix the camera`);
    }
    return this.get(id, by.actor);
  }

  /** Reject a pending detection (误报): kept with the reason, never a case. 409 if already decided. */
  async reject(id: string, reason: string, by: Decider, now = new Date()): Promise<DetectionView> {
    const d = await this.findVisible(id, by.actor);
    if (d.status !== 'pending') throw conflict(`detection ${id} was already decided (${d.status})`);
    const done = moved(
      await this.ds.query(
        `UPDATE video_detections SET status = 'rejected', reason = $2, decided_by = $3, decided_by_name = $4, decided_at = $5 WHERE id = $1 AND status = 'pending'`,
        [d.id, reason, by.actor.userId, by.name.slice(0, 50), now],
      ),
    );
    if (!done) throw conflict(`detection ${id} was decided by someone else just now`);
    return this.get(id, by.actor);
  }

  /** Every active category with its threshold (an admin's, else the default). */
  async thresholds(): Promise<ThresholdView[]> {
    const rows = (await this.ds.query(
      `SELECT c.code, t.confirm_below, t.updated_at FROM categories c LEFT JOIN video_thresholds t ON t.category_code = c.code WHERE c.active ORDER BY c.code`,
    )) as { code: string; confirm_below: number | null; updated_at: Date | null }[];
    return rows.map((r) => ({
      categoryCode: r.code,
      confirmBelow: r.confirm_below === null ? DEFAULT_CONFIRM_BELOW : Number(r.confirm_below),
      set: r.confirm_below !== null,
      updatedAt: r.updated_at ? r.updated_at.toISOString() : null,
    }));
  }

  async setThreshold(categoryCode: string, confirmBelow: number, by: Actor, now = new Date()): Promise<ThresholdView> {
    const category = await this.directory.category(categoryCode);
    if (!category || !category.active) throw notFound(`no category ${categoryCode}`);
    await this.ds.query(
      `INSERT INTO video_thresholds (category_code, confirm_below, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (category_code) DO UPDATE SET confirm_below = EXCLUDED.confirm_below, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [categoryCode, confirmBelow, by.userId, now],
    );
    return { categoryCode, confirmBelow, set: true, updatedAt: now.toISOString() };
  }

  /** A detection the caller may see, or 404 (never 403: one outside one's 片区 is not revealed). */
  private async findVisible(id: string, actor: Actor): Promise<VideoDetectionEntity> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('detection not found');
    const found = await applyScope(this.ds.getRepository(VideoDetectionEntity).createQueryBuilder('d'), actor, { district: 'd.district_code' })
      .andWhere('d.id = :id', { id })
      .getOne();
    if (!found) throw notFound('detection not found');
    return found;
  }

  private async views(rows: VideoDetectionEntity[]): Promise<DetectionView[]> {
    if (rows.length === 0) return [];
    const cameraIds = [...new Set(rows.map((r) => r.cameraId))];
    const caseIds = [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))];
    const [cameras, cases, snapshots] = await Promise.all([
      this.ds.getRepository(CameraEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: cameraIds }).getMany(),
      caseIds.length
        ? (this.ds.query(`SELECT id, number, state FROM cases WHERE id = ANY($1::uuid[])`, [caseIds]) as Promise<{ id: string; number: string; state: CaseState }[]>)
        : Promise.resolve([]),
      this.attachments.views(rows.map((r) => r.attachmentId)),
    ]);
    const cameraById = new Map(cameras.map((c) => [c.id, c]));
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const snapshotById = new Map(snapshots.map((s) => [s.id, s]));
    return rows.map((r) => {
      const c = cameraById.get(r.cameraId);
      return {
        id: r.id,
        platform: r.platform,
        eventId: r.eventId,
        camera: {
          id: r.cameraId,
          name: c?.name ?? r.cameraId,
          districtCode: (c?.districtCode ?? r.districtCode) as DistrictCode,
          gridCellCode: c?.gridCellCode ?? '',
          location: { lat: c?.lat ?? 0, lng: c?.lng ?? 0 },
        },
        categoryCode: r.categoryCode,
        confidence: Number(r.confidence),
        threshold: Number(r.threshold),
        detectedAt: r.detectedAt.toISOString(),
        receivedAt: r.receivedAt.toISOString(),
        message: r.message,
        status: r.status,
        snapshot: snapshotById.get(r.attachmentId) ?? null,
        case: r.caseId ? (caseById.get(r.caseId) ?? null) : null,
        decidedBy: r.decidedBy ? { id: r.decidedBy, name: r.decidedByName ?? '' } : null,
        decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
        reason: r.reason,
      };
    });
  }
}

const UPDATE_DECIDED = `UPDATE video_detections SET status = $2, case_id = $3, decided_by = $4, decided_by_name = $5, decided_at = $6 WHERE id = $1 AND status = 'pending'`;

/** An UPDATE through `query` answers [rows, affected]: did it move the row? */
function moved(result: unknown): boolean {
  return Array.isArray(result) && typeof result[1] === 'number' && result[1] > 0;
}
