import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DETECTION_OUTCOMES,
  MAX_DETECTIONS_PER_BATCH,
  MAX_SNAPSHOT_BYTES,
  detectionBatchSchema,
  detectionItemSchema,
  type DetectionBatchResult,
  type DetectionItem,
  type DetectionItemResult,
  type DetectionOutcome,
  type DetectionRefusal,
  type DetectionStatus,
} from '@gridops/contracts';
import { AttachmentsService } from '../attachments/attachments.service';
import { ApiError, apiErrorText } from '../platform/errors/api-error';
import { readIngestBatch } from '../platform/validation/ingest-batch';
import { CameraEntity } from './camera.entity';
import { VideoFiling, type DetectionFacts, type RowWrite } from './video-filing';

/** A detection stamped further ahead than this is a platform clock gone wrong. */
export const DETECTION_FUTURE_TOLERANCE_MS = 10 * 60_000;

export interface VideoSender {
  /** api_keys.id of the key the batch came with */
  apiKeyId: string | null;
}

type Step = Omit<DetectionItemResult, 'index' | 'eventId' | 'cameraId' | 'caseNumber' | 'detectionId'> & { caseNumber?: string | null; detectionId?: string | null };

/**
 * 视频AI接入: batches of detections from the city video platform. Each is taken on its own — a malformed or refused
 * item does not stop the rest. A detection of a registered, active camera, of a category the camera may report, with a
 * snapshot that passes the upload checks (attachments/image-processing.ts), is stored in `video_detections` and:
 * below its category's threshold, waits for the desk (`pending_confirmation`); else becomes a `video_ai` case, or a
 * note on the open case of the same camera and category. Repeats of (platform, event id) answer `duplicate`.
 */
@Injectable()
export class VideoIngestService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly attachments: AttachmentsService,
    private readonly filing: VideoFiling,
  ) {}

  async ingest(body: unknown, sender: VideoSender, clock: () => Date = () => new Date()): Promise<DetectionBatchResult> {
    const { envelope, valid, refused } = readIngestBatch(body, { schema: detectionBatchSchema, items: (e) => e.detections, max: MAX_DETECTIONS_PER_BATCH, noun: 'detection' }, detectionItemSchema);
    const { platform } = envelope;
    const results: DetectionItemResult[] = new Array(envelope.detections.length);
    for (const { index, raw, message, details } of refused) {
      results[index] = { index, ...idsOf(raw), outcome: 'refused', detectionId: null, caseId: null, caseNumber: null, reason: 'invalid', message, details };
    }

    // in the order things were seen, so the first of a camera's repeats is the one that files the case
    valid.sort((a, b) => Date.parse(a.item.detectedAt) - Date.parse(b.item.detectedAt) || a.index - b.index);
    const cameras = await this.camerasOf(valid.map((v) => v.item.cameraId));
    for (const { index, item } of valid) {
      const step = await this.take(platform, item, cameras.get(item.cameraId) ?? null, sender, clock());
      results[index] = { index, eventId: item.eventId, cameraId: item.cameraId, ...step, detectionId: step.detectionId ?? null, caseNumber: step.caseNumber ?? null };
    }
    await this.fillCaseNumbers(results);
    const counts = Object.fromEntries(DETECTION_OUTCOMES.map((o) => [o, 0])) as Record<DetectionOutcome, number>;
    for (const r of results) counts[r.outcome] += 1;
    return { platform, received: results.length, counts, results };
  }

  private async take(platform: string, item: DetectionItem, camera: CameraEntity | null, sender: VideoSender, now: Date): Promise<Step> {
    const earlier = await this.stored(platform, item.eventId);
    if (earlier) return { outcome: 'duplicate', detectionId: earlier.id, caseId: earlier.case_id };
    if (Date.parse(item.detectedAt) > now.getTime() + DETECTION_FUTURE_TOLERANCE_MS) {
      return refuse('detected_in_future', `detectedAt ${item.detectedAt} is in the future; check the platform's clock`);
    }
    if (!camera) return refuse('unknown_camera', `camera ${item.cameraId} is not in the camera registry`);
    if (camera.active) await this.seen(camera.id, now);
    else return refuse('inactive_camera', `camera ${item.cameraId} is registered but inactive`);
    if (!camera.categories.includes(item.categoryCode)) {
      return refuse('category_not_allowed', `camera ${item.cameraId} is not registered for category ${item.categoryCode} (it reports ${camera.categories.join(', ')})`);
    }

    // the snapshot: the same checks as any upload (content sniffed, decoded, re-encoded without metadata)
    const data = Buffer.from(item.snapshot, 'base64');
    if (data.length > MAX_SNAPSHOT_BYTES) return refuse('bad_image', `the snapshot is ${data.length} bytes; the limit is ${MAX_SNAPSHOT_BYTES}`);
    let attachmentId: string;
    try {
      const principal = `video:${platform}`;
      const uploaded = await this.attachments.upload(
        { data, fileName: `${item.eventId}.jpg`.slice(-100), kind: 'report', by: { principal, name: `视频AI ${platform}` }, retained: true },
        now,
      );
      attachmentId = uploaded.id;
    } catch (err) {
      if (err instanceof ApiError && err.getStatus() < 500) return refuse('bad_image', apiErrorText(err).slice(0, 300));
      throw err;
    }

    const threshold = await this.filing.threshold(item.categoryCode);
    const facts: DetectionFacts = {
      platform,
      eventId: item.eventId,
      cameraId: camera.id,
      categoryCode: item.categoryCode,
      confidence: item.confidence,
      detectedAt: new Date(item.detectedAt),
      message: item.message ?? null,
      attachmentId,
    };
    const row = { facts, camera, threshold, sender, now };
    const step = await this.store(row);
    // a delivery that lost to a concurrent one of the same event id: its snapshot is litter
    if (step.outcome === 'duplicate' || step.outcome === 'refused') await this.attachments.removeUnattached(attachmentId, `video:${platform}`).catch(() => undefined);
    return step;
  }

  private async store(row: NewRow): Promise<Step> {
    const { facts, camera, threshold, now } = row;
    if (facts.confidence < threshold) {
      const id = await this.insert(this.ds.manager, row, 'pending', null);
      return id ? { outcome: 'pending_confirmation', detectionId: id, caseId: null } : this.duplicate(facts);
    }
    let inserted: string | null = null;
    const write: RowWrite = {
      filed: async (m, caseId) => (inserted = await this.insert(m, row, 'filed', caseId)) !== null,
      merged: async (caseId) => (inserted = await this.insert(this.ds.manager, row, 'merged', caseId)) !== null,
      undoMerged: async () => {
        if (inserted) await this.ds.query(`DELETE FROM video_detections WHERE id = $1`, [inserted]);
      },
    };
    const filed = await this.filing.file(facts, camera, now, write);
    switch (filed.outcome) {
      case 'lost':
        return this.duplicate(facts);
      case 'refused':
        return { outcome: 'refused', reason: filed.reason, message: filed.message, caseId: filed.caseId };
      default:
        return { outcome: filed.outcome, detectionId: inserted, caseId: filed.caseId, caseNumber: filed.caseNumber };
    }
  }

  private async duplicate(facts: DetectionFacts): Promise<Step> {
    const earlier = await this.stored(facts.platform, facts.eventId);
    return { outcome: 'duplicate', detectionId: earlier?.id ?? null, caseId: earlier?.case_id ?? null };
  }

  /** The detection's row; null when the unique index says this (platform, event id) is already stored. */
  private async insert(m: EntityManager, row: NewRow, status: DetectionStatus, caseId: string | null): Promise<string | null> {
    const { facts, camera, threshold, sender, now } = row;
    const rows = (await m.query(
      `INSERT INTO video_detections (platform, event_id, camera_id, district_code, category_code, confidence, threshold, detected_at, received_at,
                                     message, attachment_id, status, case_id, api_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (platform, event_id) DO NOTHING RETURNING id::text AS id`,
      [facts.platform, facts.eventId, camera.id, camera.districtCode, facts.categoryCode, facts.confidence, threshold, facts.detectedAt, now, facts.message, facts.attachmentId, status, caseId, sender.apiKeyId],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  private async stored(platform: string, eventId: string): Promise<{ id: string; case_id: string | null } | null> {
    const [row] = (await this.ds.query(`SELECT id::text AS id, case_id FROM video_detections WHERE platform = $1 AND event_id = $2`, [platform, eventId])) as {
      id: string;
      case_id: string | null;
    }[];
    return row ?? null;
  }

  private async seen(cameraId: string, now: Date): Promise<void> {
    await this.ds.query(`UPDATE cameras SET last_seen_at = GREATEST(COALESCE(last_seen_at, $2), $2) WHERE id = $1`, [cameraId, now]);
  }

  private async camerasOf(ids: string[]): Promise<Map<string, CameraEntity>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.ds.getRepository(CameraEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(rows.map((c) => [c.id, c]));
  }

  private async fillCaseNumbers(results: DetectionItemResult[]): Promise<void> {
    const missing = [...new Set(results.filter((r) => r.caseId && !r.caseNumber).map((r) => r.caseId as string))];
    if (!missing.length) return;
    const rows = (await this.ds.query(`SELECT id, number FROM cases WHERE id = ANY($1::uuid[])`, [missing])) as { id: string; number: string }[];
    const numbers = new Map(rows.map((r) => [r.id, r.number]));
    for (const r of results) if (r.caseId && !r.caseNumber) r.caseNumber = numbers.get(r.caseId) ?? null;
  }
}

interface NewRow {
  facts: DetectionFacts;
  camera: CameraEntity;
  threshold: number;
  sender: VideoSender;
  now: Date;
}

function refuse(reason: DetectionRefusal, message: string): Step {
  return { outcome: 'refused', caseId: null, reason, message };
}

/** What a malformed item still tells us, for its result line. */
function idsOf(raw: unknown): { eventId: string | null; cameraId: string | null } {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const pick = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : null);
  return { eventId: pick(o.eventId), cameraId: pick(o.cameraId) };
}
