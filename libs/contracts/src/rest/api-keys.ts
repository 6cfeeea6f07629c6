import { z } from 'zod';
import { LIMITS, trimmed } from './common';

/**
 * What an API key may do. Persisted in `api_keys.scopes`: never rename a value.
 * - `open311`: POST service requests on /open311/v2 (Open311 GeoReport v2 clients)
 * - `alarms`: POST /api/v1/ingest/alarms (IoT sensor platforms, 物联感知)
 * - `hotline-import`: 12345 work-order imports (市民热线)
 * - `video`: POST /api/v1/ingest/video (the city video platform's detections, 视频AI)
 */
export const API_KEY_SCOPES = ['open311', 'alarms', 'hotline-import', 'video'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** `POST /api/v1/api-keys` (admin): a key for one source system. */
export const createApiKeySchema = z.strictObject({
  name: trimmed(LIMITS.text),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'give at least one scope')
    .max(API_KEY_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
});
export type CreateApiKeyRequest = z.infer<typeof createApiKeySchema>;

export interface ApiKeyView {
  id: string;
  name: string;
  /** the key's first characters, so an admin can tell keys apart without seeing them */
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** The answer to `POST /api/v1/api-keys`: the only time the key itself is shown (only its SHA-256 is stored). */
export interface IssuedApiKey extends ApiKeyView {
  key: string;
}
