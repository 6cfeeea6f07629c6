import { HttpException } from '@nestjs/common';
import type { ErrorBody } from '@gridops/contracts';
import { ApiError } from '../platform/errors/api-error';
import { Open311List, type Open311Document } from './open311-document';

export interface Open311ErrorItem {
  /** numeric, as the spec's examples; it matches the HTTP status */
  code: number;
  description: string;
}

/**
 * An error in the spec's format: HTTP 404 for what doesn't exist, 403 for a missing or bad api_key, 400 for anything
 * else the request gets wrong; the body lists every problem found (`[{ code, description }]`).
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311ErrorItem[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const open311BadRequest = (...descriptions: string[]) => new Open311Error(400, descriptions.map((description) => ({ code: 400, description })));
export const open311NotFound = (description: string) => new Open311Error(404, [{ code: 404, description }]);
export const open311Forbidden = (description: string) => new Open311Error(403, [{ code: 403, description }]);

/** Statuses kept as they are; every other 4xx is the spec's general 400. */
const KEPT = new Set([400, 403, 404, 429]);

/**
 * Any error thrown on an Open311 route, in the spec's format. Errors of the shared code (ApiError from intake, the
 * API key guard, the throttler) are translated: a refused key is 403 for Open311 (401 elsewhere), other 4xx are 400.
 */
export function toOpen311Error(err: unknown): { error: Open311Error; unexpected: boolean } {
  if (err instanceof Open311Error) return { error: err, unexpected: false };
  if (err instanceof ApiError) {
    const status = err.getStatus();
    const message = (err.getResponse() as ErrorBody).error.message;
    if (err.code.startsWith('API_KEY_') || status === 401) {
      const description =
        err.code === 'API_KEY_REQUIRED' ? 'api_key was not provided' : err.code === 'API_KEY_SCOPE' ? 'this api_key may not create Open311 requests' : `invalid api_key: ${message}`;
      return { error: open311Forbidden(description), unexpected: false };
    }
    if (status >= 500) return { error: new Open311Error(status, [{ code: status, description: message }]), unexpected: false };
    const mapped = KEPT.has(status) ? status : 400;
    return { error: new Open311Error(mapped, [{ code: mapped, description: message }]), unexpected: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status < 500) {
      const mapped = KEPT.has(status) ? status : 400;
      return { error: new Open311Error(mapped, [{ code: mapped, description: err.message }]), unexpected: false };
    }
  }
  return { error: new Open311Error(500, [{ code: 500, description: 'general service error: the request could not be processed; please try again later' }]), unexpected: true };
}

export function open311ErrorDocument(error: Open311Error): Open311Document {
  return { root: 'errors', body: new Open311List('error', error.errors.map((e) => ({ code: e.code, description: e.description }))) };
}
