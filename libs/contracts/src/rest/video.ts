import { z } from 'zod';
import { DISTRICT_CODES, type CaseState, type DistrictCode } from '@gridops/domain';
import { LIMITS, isoInstant, trimmed } from './common';
import { locationSchema } from './reports';
import { platformSchema } from './alarms';
import type { AttachmentView } from './attachments';
import type { GeoPoint } from './cases';

/**
 * 视频AI — the city video platform's detections (占道经营, 暴露垃圾, 非机动车乱停放, 乱堆物料 …) from registered
 * cameras. docs/video.md.
 */

/** At most this many detections in one batch; a longer batch is refused whole (413) — send it in parts. */
export const MAX_DETECTIONS_PER_BATCH = 20;
/** A snapshot is at most this many bytes once decoded from base64; a larger one is refused on its own (`bad_image`). */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024;
/** The ingest route's own body limit: a full batch of the largest snapshots in base64, plus the JSON around them. */
export const VIDEO_BATCH_BODY_LIMIT = Math.ceil((MAX_DETECTIONS_PER_BATCH * MAX_SNAPSHOT_BYTES * 4) / 3) + 256 * 1024;
/** A category's confidence threshold when no admin has set one: below it, a detection waits for the desk. */
export const DEFAULT_CONFIRM_BELOW = 0.8;
/** Categories a camera may report, at most (a camera watching one street corner reports a handful). */
export const MAX_CAMERA_CATEGORIES = 20;

/** The video platform's own camera id (国标 GB/T 28181 ids are 20 digits; others use letters too). */
export const cameraIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'camera ids are 1–64 letters, digits and . _ : -');

const categoryCodeSchema = z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102 or E0506');

const categoryList = z
  .array(categoryCodeSchema)
  .min(1, 'a camera reports at least one category')
  .max(MAX_CAMERA_CATEGORIES)
  .refine((s) => new Set(s).size === s.length, 'categories must not repeat');

/** `POST /api/v1/cameras` (admin). District and grid cell are computed from the location, never taken from the body. */
export const createCameraSchema = z.strictObject({
  id: cameraIdSchema,
  name: trimmed(LIMITS.text),
  location: locationSchema,
  address: trimmed(LIMITS.address).optional(),
  /** the case categories its detections may become; anything else is refused (`category_not_allowed`) */
  categories: categoryList,
  active: z.boolean().default(true),
});
export type CreateCameraRequest = z.input<typeof createCameraSchema>;

/** `PATCH /api/v1/cameras/:id` (admin): any of these; `null` clears the address. */
export const updateCameraSchema = z
  .strictObject({
    name: trimmed(LIMITS.text),
    location: locationSchema,
    address: trimmed(LIMITS.address).nullable(),
    categories: categoryList,
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdateCameraRequest = z.infer<typeof updateCameraSchema>;

/** `GET /api/v1/cameras`; a 片区-bound caller sees their own 片区 whatever `district` says. */
export const listCamerasQuerySchema = z.strictObject({
  district: z.enum(DISTRICT_CODES).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** matches the camera id or name */
  q: z.string().trim().min(1).max(LIMITS.text).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(100),
  /** the last camera id of the previous page */
  cursor: cameraIdSchema.optional(),
});
export type ListCamerasQuery = z.input<typeof listCamerasQuerySchema>;

export interface CameraView {
  id: string;
  name: string;
  location: GeoPoint;
  districtCode: DistrictCode;
  gridCellCode: string;
  address: string | null;
  categories: string[];
  active: boolean;
  /** when a detection of this camera last reached us */
  lastSeenAt: string | null;
  /** detections decided at the desk, and how many of them were rejected (误报) — null rate when none decided */
  decided: number;
  rejected: number;
  rejectionRate: number | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One detection in a batch, checked item by item: a malformed one is refused on its own (`invalid`), the rest go on.
 * `snapshot` is the frame as base64 (JPEG, PNG or WebP; judged by its content, as any upload).
 */
export const detectionItemSchema = z.strictObject({
  /** the platform's id for the detection: unique per platform, what makes a resend safe */
  eventId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'event ids are printable ASCII without spaces'),
  cameraId: cameraIdSchema,
  categoryCode: categoryCodeSchema,
  /** the model's confidence, 0–1 */
  confidence: z.number().finite().min(0).max(1),
  detectedAt: isoInstant,
  /** its decoded size is checked by the ingest (a larger one is `bad_image`); the route's body limit bounds the text */
  snapshot: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'the snapshot is base64 (no data: prefix, no line breaks)'),
  /** the platform's own words, e.g. the model's label */
  message: z.string().trim().min(1).max(200).optional(),
});
export type DetectionItem = z.infer<typeof detectionItemSchema>;

/** `POST /api/v1/ingest/video` (API key, scope `video`). The envelope must be right; the items are checked one by one. */
export const detectionBatchSchema = z.strictObject({
  platform: platformSchema,
  detections: z.array(z.unknown()).min(1, 'send at least one detection'),
});

/**
 * What became of one detection. `filed`, `merged`, `pending_confirmation` wrote a detection row; `duplicate` and
 * `refused` did not.
 */
export const DETECTION_OUTCOMES = ['filed', 'merged', 'pending_confirmation', 'duplicate', 'refused'] as const;
export type DetectionOutcome = (typeof DETECTION_OUTCOMES)[number];

export const DETECTION_REFUSALS = [
  'invalid', // the item failed validation (see `details`)
  'unknown_camera', // not in the camera registry
  'inactive_camera', // registered but switched off
  'category_not_allowed', // the camera is not registered for this category
  'bad_image', // the snapshot is not a readable JPEG/PNG/WebP within the size limit
  'detected_in_future', // detectedAt more than 10 minutes ahead of our clock
  'camera_misconfigured', // the camera's category or location no longer fits the town
  'retry_later', // the case kept changing while we wrote the note; send it again
] as const;
export type DetectionRefusal = (typeof DETECTION_REFUSALS)[number];

export interface DetectionItemResult {
  index: number;
  eventId: string | null;
  cameraId: string | null;
  outcome: DetectionOutcome;
  /** the detection's row (for `pending_confirmation`, the id the desk decides on) */
  detectionId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  reason?: DetectionRefusal;
  message?: string;
  details?: { path: string; message: string }[];
}

/** The answer: 200 when no item was refused, 207 when some were. Results are in the batch's order. */
export interface DetectionBatchResult {
  platform: string;
  received: number;
  counts: Record<DetectionOutcome, number>;
  results: DetectionItemResult[];
}

/**
 * A stored detection's status. Persisted in `video_detections.status`: never rename.
 * - pending: below its category's threshold, waits for the desk
 * - filed: became a new case by itself (confidence at or above the threshold)
 * - merged: noted on the open case of the same camera and category (at ingest, or when confirmed)
 * - confirmed: an operator confirmed it and it became a new case
 * - rejected: an operator rejected it (误报); it never becomes a case
 */
export const DETECTION_STATUSES = ['pending', 'filed', 'merged', 'confirmed', 'rejected'] as const;
export type DetectionStatus = (typeof DETECTION_STATUSES)[number];

/** `GET /api/v1/video/detections`: the confirmation queue (default `status=pending`), oldest first. */
export const listDetectionsQuerySchema = z.strictObject({
  status: z.enum(DETECTION_STATUSES).default('pending'),
  camera: cameraIdSchema.optional(),
  district: z.enum(DISTRICT_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  /** the `id` of the last detection of the previous page */
  cursor: z.string().regex(/^\d{1,18}$/, 'cursor is a detection id').optional(),
});
export type ListDetectionsQuery = z.input<typeof listDetectionsQuerySchema>;

/** `POST /api/v1/video/detections/:id/reject`: why it is wrong (误报原因). */
export const rejectDetectionSchema = z.strictObject({ reason: trimmed(200) });
export type RejectDetectionRequest = z.infer<typeof rejectDetectionSchema>;

export interface DetectionView {
  id: string;
  platform: string;
  eventId: string;
  camera: { id: string; name: string; districtCode: DistrictCode; gridCellCode: string; location: GeoPoint };
  categoryCode: string;
  confidence: number;
  /** the category's threshold when it arrived: below it, it waited for the desk */
  threshold: number;
  detectedAt: string;
  receivedAt: string;
  message: string | null;
  status: DetectionStatus;
  snapshot: AttachmentView | null;
  case: { id: string; number: string; state: CaseState } | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  reason: string | null;
}

/** The answer to confirm/reject: the detection as it now stands. */
export type DetectionDecision = DetectionView;

/** `PUT /api/v1/video/thresholds/:categoryCode` (admin). */
export const setThresholdSchema = z.strictObject({ confirmBelow: z.number().finite().min(0).max(1) });
export type SetThresholdRequest = z.infer<typeof setThresholdSchema>;

export interface ThresholdView {
  categoryCode: string;
  /** a detection below this confidence waits for the desk; 0 files everything, 1 holds everything */
  confirmBelow: number;
  /** false: no admin set it, this is DEFAULT_CONFIRM_BELOW */
  set: boolean;
  updatedAt: string | null;
}
