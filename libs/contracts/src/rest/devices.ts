import { z } from 'zod';
import { DISTRICT_CODES, type DistrictCode } from '@gridops/domain';
import { LIMITS, trimmed } from './common';
import { locationSchema } from './reports';
import type { GeoPoint } from './cases';

/**
 * Kinds of sensor in the device registry (物联感知设备). Values are persisted in `devices.type` and sent by sensor
 * platforms in alarm batches: never rename them.
 */
export const DEVICE_TYPES = ['smoke', 'manhole_tilt', 'water_level', 'gas'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_LABELS: Record<DeviceType, { zh: string; en: string }> = {
  smoke: { zh: '烟感', en: 'Smoke detector' },
  manhole_tilt: { zh: '井盖倾斜', en: 'Manhole-cover tilt sensor' },
  water_level: { zh: '水位', en: 'Water-level sensor' },
  gas: { zh: '燃气', en: 'Gas detector' },
};

/** The sensor platform's own device id (the same id its alarms carry). */
export const deviceIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'device ids are 1–64 letters, digits and . _ : -');

const categoryCodeSchema = z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0411 or C0102');

/** `POST /api/v1/devices` (admin). District and grid cell are computed from the location, never taken from the body. */
export const createDeviceSchema = z.strictObject({
  id: deviceIdSchema,
  type: z.enum(DEVICE_TYPES),
  name: trimmed(LIMITS.text),
  location: locationSchema,
  address: trimmed(LIMITS.address).optional(),
  /** the case category its alarms become; omitted = the type's default (smoke → E0411, gas → E0403, …) */
  categoryCode: categoryCodeSchema.optional(),
  active: z.boolean().default(true),
});
export type CreateDeviceRequest = z.input<typeof createDeviceSchema>;

/** `PATCH /api/v1/devices/:id` (admin): any of these; `null` clears the address or the category override. */
export const updateDeviceSchema = z
  .strictObject({
    type: z.enum(DEVICE_TYPES),
    name: trimmed(LIMITS.text),
    location: locationSchema,
    address: trimmed(LIMITS.address).nullable(),
    categoryCode: categoryCodeSchema.nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdateDeviceRequest = z.infer<typeof updateDeviceSchema>;

/** `GET /api/v1/devices` query; a 片区-bound caller sees their own 片区 whatever `district` says. */
export const listDevicesQuerySchema = z.strictObject({
  district: z.enum(DISTRICT_CODES).optional(),
  grid: z.string().regex(/^[a-z]+-\d{2}$/, 'grid codes look like xincheng-01').optional(),
  type: z.enum(DEVICE_TYPES).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** matches the device id or name */
  q: z.string().trim().min(1).max(LIMITS.text).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(100),
  /** the last device id of the previous page */
  cursor: deviceIdSchema.optional(),
});
export type ListDevicesQuery = z.input<typeof listDevicesQuerySchema>;

export interface DeviceView {
  id: string;
  type: DeviceType;
  name: string;
  /** the category its alarms become (the override, else the type's default) */
  categoryCode: string;
  /** true when `categoryCode` is the device's own override rather than the type's default */
  categoryOverridden: boolean;
  location: GeoPoint;
  districtCode: DistrictCode;
  gridCellCode: string;
  address: string | null;
  active: boolean;
  /** when an alarm of this device last reached us */
  lastSeenAt: string | null;
  lastAlarm: { alarmId: string; event: 'raised' | 'cleared'; occurredAt: string } | null;
  /** the device's open case, which its next raised alarm merges into */
  openCaseId: string | null;
  createdAt: string;
  updatedAt: string;
}
