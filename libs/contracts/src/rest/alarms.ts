import { z } from 'zod';
import type { CaseState, DistrictCode } from '@gridops/domain';
import { LIMITS, isoInstant } from './common';
import { DEVICE_TYPES, deviceIdSchema, type DeviceType } from './devices';

/** At most this many alarms in one batch; a longer batch is refused whole (413) — send it in parts. */
export const MAX_ALARMS_PER_BATCH = 500;

/** An alarm's event. Persisted in `alarms.event`: never rename. */
export const ALARM_EVENTS = ['raised', 'cleared'] as const;
export type AlarmEvent = (typeof ALARM_EVENTS)[number];

/**
 * What became of one alarm. Persisted in `alarms.outcome` (except `duplicate`, which writes nothing): never rename.
 * - accepted: a raised alarm became a new case
 * - merged: a raised alarm of a device whose case is still open, recorded on that case's timeline
 * - cleared: a cleared alarm, recorded on its case's timeline (it does not close the case)
 * - duplicate: this platform already sent this alarm id with this event; nothing written
 * - refused: see `reason`
 */
export const ALARM_OUTCOMES = ['accepted', 'merged', 'cleared', 'duplicate', 'refused'] as const;
export type AlarmOutcome = (typeof ALARM_OUTCOMES)[number];

/** Why an alarm was refused. Persisted in `alarms.reason`: never rename. */
export const ALARM_REFUSALS = [
  'invalid', // the item failed validation (see `details`)
  'unknown_device', // not in the device registry
  'inactive_device', // registered but switched off
  'type_mismatch', // the alarm's type is not the registered device's type
  'occurred_in_future', // occurredAt more than 10 minutes ahead of our clock
  'device_misconfigured', // the device's category or location no longer fits the town (an admin must fix the registry)
  'retry_later', // the case kept changing while we wrote the note; send it again
] as const;
export type AlarmRefusal = (typeof ALARM_REFUSALS)[number];

/** A sensor platform's name (物联平台), e.g. `hik-iot` or `ctwing`: alarm ids are unique per platform. */
export const platformSchema = z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, 'platform names are 1–40 letters, digits and . _ -');

/**
 * One alarm in a batch. Checked item by item: a malformed alarm is refused on its own, the rest go on — text Postgres
 * cannot store (NUL, lone surrogates) too, by the server's one check of such text (findUnstorableText).
 */
export const alarmItemSchema = z.strictObject({
  /** the platform's id for the alarm; a raised and its cleared event may share it */
  alarmId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'alarm ids are printable ASCII without spaces'),
  deviceId: deviceIdSchema,
  type: z.enum(DEVICE_TYPES),
  event: z.enum(ALARM_EVENTS),
  occurredAt: isoInstant,
  /** the reading that tripped the alarm (°, m, %LEL, …) */
  value: z.number().finite().optional(),
  /** the platform's own severity label, kept as sent (一级, critical, 3 …) */
  level: z.string().trim().min(1).max(20).optional(),
  message: z.string().trim().min(1).max(500).optional(),
});
export type AlarmItem = z.infer<typeof alarmItemSchema>;

/**
 * `POST /api/v1/ingest/alarms` (API key, scope `alarms`). The envelope must be right (else 400, or 413 past
 * MAX_ALARMS_PER_BATCH); the items are checked one by one.
 */
export const alarmBatchSchema = z.strictObject({
  platform: platformSchema,
  alarms: z.array(z.unknown()).min(1, 'send at least one alarm'),
});
export type AlarmBatchRequest = { platform: string; alarms: AlarmItem[] };

export interface AlarmItemResult {
  /** the item's position in the batch, from 0 */
  index: number;
  alarmId: string | null;
  deviceId: string | null;
  outcome: AlarmOutcome;
  /** the case it became or was recorded on */
  caseId: string | null;
  caseNumber: string | null;
  reason?: AlarmRefusal;
  message?: string;
  /** for `invalid`: the fields that were wrong */
  details?: { path: string; message: string }[];
}

/** The answer: 200 when no item was refused, 207 when some were. Results are in the batch's order. */
export interface AlarmBatchResult {
  platform: string;
  received: number;
  counts: Record<AlarmOutcome, number>;
  results: AlarmItemResult[];
}

/** `GET /api/v1/alarms`: the alarm stream, newest first. */
export const listAlarmsQuerySchema = z.strictObject({
  /** received at or after this instant */
  since: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  /** the `id` of the last alarm of the previous page */
  cursor: z.string().regex(/^\d{1,18}$/, 'cursor is an alarm id').optional(),
  device: deviceIdSchema.optional(),
  outcome: z.enum(ALARM_OUTCOMES).exclude(['duplicate']).optional(),
});
export type ListAlarmsQuery = z.input<typeof listAlarmsQuerySchema>;

export interface AlarmView {
  id: string;
  platform: string;
  alarmId: string;
  deviceId: string;
  deviceName: string | null;
  /** the type the platform reported */
  type: DeviceType;
  event: AlarmEvent;
  occurredAt: string;
  receivedAt: string;
  value: number | null;
  level: string | null;
  message: string | null;
  outcome: Exclude<AlarmOutcome, 'duplicate'>;
  reason: AlarmRefusal | null;
  /** null for alarms of unknown devices */
  districtCode: DistrictCode | null;
  gridCellCode: string | null;
  case: { id: string; number: string; state: CaseState } | null;
}
