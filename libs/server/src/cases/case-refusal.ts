import type { Refusal, RefusalCode } from '@gridops/domain';

/**
 * Why an action on a case was not taken: the domain's reasons (libs/domain permission/transition), and those only
 * the database can tell — a stale version, a reference to a record that does not fit. A typed result, never an
 * exception: the pipeline reads it as "skip", the api's CaseRefusalFilter says it in HTTP.
 */
export type CaseRefusalCode = RefusalCode | 'STALE_VERSION' | 'UNKNOWN_CATEGORY' | 'INVALID_ASSIGNEE' | 'INVALID_CHECKER' | 'INVALID_TARGET' | 'INVALID_ATTACHMENT';

export interface CaseRefusal {
  ok: false;
  code: CaseRefusalCode;
  message: string;
  details?: unknown;
}

export const caseRefusal = (code: CaseRefusalCode, message: string, details?: unknown): CaseRefusal => ({ ok: false, code, message, ...(details === undefined ? {} : { details }) });

export const fromDomain = (r: Refusal): CaseRefusal => caseRefusal(r.code, r.message);

export const isRefusal = (x: unknown): x is CaseRefusal => typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;

/** A refusal carried up through a service that cannot answer it itself (an import row's note, say). */
export class CaseRefusedError extends Error {
  constructor(readonly refusal: CaseRefusal) {
    super(refusal.message);
    this.name = 'CaseRefusedError';
  }
}
