import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, CaseRefusedError, toErrorBody, type CaseRefusal, type CaseRefusalCode } from '@gridops/server';

/** The HTTP answer to each refusal: the one place where the case rules meet status codes. */
const STATUS: Record<CaseRefusalCode, { status: number; code?: string }> = {
  NOT_FOUND: { status: 404 },
  FORBIDDEN: { status: 403 },
  INVALID_INPUT: { status: 400, code: 'VALIDATION_FAILED' },
  UNKNOWN_CATEGORY: { status: 400, code: 'VALIDATION_FAILED' },
  STALE_VERSION: { status: 409, code: 'CONFLICT' },
  INVALID_STATE: { status: 422 },
  RULE_VIOLATION: { status: 422 },
  INVALID_ASSIGNEE: { status: 422 },
  INVALID_CHECKER: { status: 422 },
  INVALID_TARGET: { status: 422 },
  INVALID_ATTACHMENT: { status: 422 },
};

export function httpErrorOf(r: CaseRefusal): ApiError {
  const { status, code } = STATUS[r.code];
  return new ApiError(status, code ?? r.code, r.message, r.details);
}

/** Refusals that reach the edge (thrown by controllers and services as CaseRefusedError) leave in the one error shape. */
@Catch(CaseRefusedError)
export class CaseRefusalFilter implements ExceptionFilter {
  catch(err: CaseRefusedError, host: ArgumentsHost): void {
    const { status, body } = toErrorBody(httpErrorOf(err.refusal));
    void host.switchToHttp().getResponse<FastifyReply>().status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
