import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_CONFIRM_BELOW } from '@gridops/contracts';
import { SYSTEM, townClockText } from '@gridops/domain';
import type { CaseEntity } from '../cases/case.entity';
import { CaseTransitionService } from '../cases/case-transition.service';
import { findOpenCaseOfSensor, noteOnSensorCase, type SensorPlace } from '../cases/sensor-cases';
import { DirectoryService } from '../directory/directory.service';
import { IntakeService, type Reporter } from '../intake/intake.service';
import { ApiError, apiErrorText } from '../platform/errors/api-error';
import type { CameraEntity } from './camera.entity';

/** A detection as it is filed: what the platform sent and where it stands. */
export interface DetectionFacts {
  platform: string;
  eventId: string;
  cameraId: string;
  categoryCode: string;
  confidence: number;
  detectedAt: Date;
  message: string | null;
  attachmentId: string;
}

/** What became of filing a detection: a new case, a note on the open case, or a refusal to pass on. */
export type FilingResult =
  | { outcome: 'filed'; caseId: string; caseNumber: string | null }
  | { outcome: 'merged'; caseId: string; caseNumber: string }
  | { outcome: 'lost' }
  | { outcome: 'refused'; reason: 'camera_misconfigured' | 'retry_later'; message: string; caseId: string | null };

/**
 * How a detection's row is written in the transaction that files its case: inserted (the ingest; answers false when
 * the platform's event id is already stored) or moved out of `pending` (a confirmation; false when someone decided
 * it first). Either way the case and the row commit together or not at all.
 */
export interface RowWrite {
  filed(m: EntityManager, caseId: string): Promise<boolean>;
  merged(caseId: string): Promise<boolean>;
  /** the note on the open case could not be written: take the row's change back */
  undoMerged(): Promise<void>;
}

class RowLost extends Error {}

/** the (platform, event id) unique index: a concurrent delivery of the same detection stored it first */
function isDetectionCollision(err: unknown): boolean {
  const e = err as { code?: string; table?: string };
  return e.code === '23505' && e.table === 'video_detections';
}

/** The camera as the shared merge rule sees it (cases/sensor-cases.ts): repeats merge per camera and category. */
export function cameraPlace(c: CameraEntity, categoryCode: string): SensorPlace {
  return { kind: 'camera', id: c.id, districtCode: c.districtCode, gridCellCode: c.gridCellCode, categoryCode };
}

/** The reporter of every video case: the platform (actor system), whoever confirmed it (recorded on the detection). */
export function videoReporter(platform: string): Reporter {
  return { actor: SYSTEM, name: `视频AI ${platform}`.slice(0, 50), principal: `video:${platform}` };
}

/**
 * 视频AI立案: a detection becomes a case at its camera through IntakeService (source `video_ai`, the snapshot
 * attached, in Postgres before the answer; the outbox takes it into the pipeline), or — while the camera has an open
 * case of the same category — a note on that case. The same path for a detection filed at ingest and one an operator
 * confirmed.
 */
@Injectable()
export class VideoFiling {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly intake: IntakeService,
    private readonly transitions: CaseTransitionService,
    private readonly directory: DirectoryService,
  ) {}

  /** The category's threshold: an admin's, else DEFAULT_CONFIRM_BELOW. */
  async threshold(categoryCode: string): Promise<number> {
    const [row] = (await this.ds.query(`SELECT confirm_below FROM video_thresholds WHERE category_code = $1`, [categoryCode])) as { confirm_below: number }[];
    return row ? Number(row.confirm_below) : DEFAULT_CONFIRM_BELOW;
  }

  async file(d: DetectionFacts, camera: CameraEntity, now: Date, write: RowWrite, confirmedBy?: string): Promise<FilingResult> {
    const open = await findOpenCaseOfSensor(this.ds, cameraPlace(camera, d.categoryCode));
    if (open) return this.noteOn(open, d, write);
    try {
      const result = await this.intake.report(
        {
          source: 'video_ai',
          categoryCode: d.categoryCode,
          description: await this.describe(d, camera),
          location: { lat: camera.lat, lng: camera.lng },
          address: camera.address ?? undefined,
          occurredAt: d.detectedAt.toISOString(),
          attachmentIds: [d.attachmentId],
        },
        videoReporter(d.platform),
        undefined,
        now,
        {
          // the one place a case is bound to a camera: a detection of a registered camera, sent with an API key
          cameraId: camera.id,
          eventPayload: { video: { platform: d.platform, eventId: d.eventId, confidence: d.confidence, ...(confirmedBy ? { confirmedBy } : {}) } },
          inTransaction: async (m, created) => {
            if (!(await write.filed(m, created.id))) throw new RowLost();
          },
        },
      );
      return { outcome: 'filed', caseId: result.caseId, caseNumber: result.created?.number ?? null };
    } catch (err) {
      if (err instanceof RowLost || isDetectionCollision(err)) return { outcome: 'lost' };
      // the registry entry no longer fits the town (category switched off, outline redrawn): tell, don't fail the batch
      if (err instanceof ApiError && err.getStatus() < 500) return { outcome: 'refused', reason: 'camera_misconfigured', message: `${camera.id}: ${apiErrorText(err)}`, caseId: null };
      throw err;
    }
  }

  /** The row first (it is what makes a concurrent repeat lose), then the note; a note that cannot be written takes the row back. */
  private async noteOn(open: CaseEntity, d: DetectionFacts, write: RowWrite): Promise<FilingResult> {
    if (!(await write.merged(open.id))) return { outcome: 'lost' };
    const params = { eventId: d.eventId, at: townClockText(d.detectedAt), confidence: d.confidence.toFixed(2) };
    const refused = await noteOnSensorCase(this.ds, this.transitions, open, { code: 'video.repeated', params }, '视频AI').catch(async (err: unknown) => {
      await write.undoMerged();
      throw err;
    });
    if (refused) {
      await write.undoMerged();
      return { outcome: 'refused', reason: 'retry_later', message: `could not record it on case ${open.number}: ${refused.message}; send it again`, caseId: open.id };
    }
    return { outcome: 'merged', caseId: open.id, caseNumber: open.number };
  }

  /** One short sentence in Chinese, in Shanghai time: what, which camera, when, how sure; the platform's words after it. */
  private async describe(d: DetectionFacts, camera: CameraEntity): Promise<string> {
    const category = await this.directory.category(d.categoryCode);
    const sentence = `视频AI识别：${category?.nameZh ?? d.categoryCode}，${camera.name}，${townClockText(d.detectedAt)} 识别，置信度 ${Math.round(d.confidence * 100)}%。`;
    return (d.message ? `${sentence}${d.message}` : sentence).slice(0, 2000);
  }
}
