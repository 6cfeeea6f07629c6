import { HttpException } from '@nestjs/common';

/** An answer with the one error shape `{ error: { code, message, details } }` and the right status. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'VALIDATION_FAILED', message, details);
export const unauthorized = (message = 'authentication required') => new ApiError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (message: string, details?: unknown) => new ApiError(409, 'CONFLICT', message, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new ApiError(422, code, message, details);
export const unavailable = (message: string) => new ApiError(503, 'DEPENDENCY_UNAVAILABLE', message);

/** The words of an ApiError's answer (HttpException's own `message` is a generic "Api Error" for object bodies). */
export function apiErrorText(err: ApiError): string {
  const body = err.getResponse() as { error?: { message?: unknown } };
  return typeof body.error?.message === 'string' ? body.error.message : err.message;
}
