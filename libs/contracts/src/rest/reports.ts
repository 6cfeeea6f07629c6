import { z } from 'zod';
import { SOURCES } from '@gridops/domain';
import { LIMITS, isoInstant, trimmed } from './common';
import { attachmentIdsSchema } from './attachments';

/** Coordinates in WGS-84 degrees; the town check (inside one of the four 片区) happens on the server. */
export const locationSchema = z.strictObject({
  lat: z.number().finite().min(-90).max(90),
  lng: z.number().finite().min(-180).max(180),
});

/** `POST /api/v1/reports` — a problem reported from any channel (上报). */
export const createReportSchema = z.strictObject({
  source: z.enum(SOURCES),
  categoryCode: z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102 or C0101'),
  description: trimmed(LIMITS.description),
  location: locationSchema,
  address: trimmed(LIMITS.address).optional(),
  /** an entry of the standard address library (标准地址库, `GET /addresses/search`): the case shows its standard form */
  addressId: z.uuid().optional(),
  reporter: z
    .strictObject({
      name: trimmed(LIMITS.name).optional(),
      phone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, 'phone may hold digits, spaces and + - ( ) only').optional(),
    })
    .optional(),
  occurredAt: isoInstant.optional(),
  // no deviceId: only the alarm channel (POST /ingest/alarms, an API key of scope alarms) binds a case to a sensor
  /** photos uploaded first (`POST /api/v1/attachments`) by the same caller, not yet attached to anything */
  attachmentIds: attachmentIdsSchema.optional(),
});
export type CreateReportRequest = z.infer<typeof createReportSchema>;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(LIMITS.idempotencyKey)
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII without spaces');
