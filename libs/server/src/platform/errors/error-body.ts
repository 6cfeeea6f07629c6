import { HttpException } from '@nestjs/common';
import type { ErrorBody } from '@gridops/contracts';
import { ApiError } from './api-error';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'DEPENDENCY_UNAVAILABLE',
};

/** Postgres or its driver could not be reached: the caller should retry later, nothing was written. */
function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  const code = e.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006'].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(e.message ?? '')
  );
}

/** Fastify's parser messages, said the way the rest of the API says things. */
function friendlier(status: number, message: string): string {
  if (status === 413) return 'the request body is too large (limit 1 MiB)';
  if (status === 400 && /not valid JSON/i.test(message)) return 'the request body is not valid JSON';
  return message;
}

/** Turn anything thrown into a status and the one error shape. Never a stack trace. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof ApiError) return { status: err.getStatus(), body: err.getResponse() as ErrorBody, unexpected: false };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const raw = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? err.message);
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    return {
      status,
      body: { error: { code: CODES[status] ?? 'HTTP_ERROR', message: friendlier(status, message) } },
      unexpected: status >= 500,
    };
  }
  if (isDatabaseDown(err)) {
    return { status: 503, body: { error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'the database is unavailable; nothing was saved, try again' } }, unexpected: true };
  }
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode
  const fastifyError = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastifyError.message ?? '')
        ? 'the request body is not valid JSON'
        : status === 413
          ? 'the request body is too large'
          : (fastifyError.message ?? 'bad request');
    return { status, body: { error: { code: CODES[status] ?? 'BAD_REQUEST', message } }, unexpected: false };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'an unexpected error occurred; it has been logged' } }, unexpected: true };
}
