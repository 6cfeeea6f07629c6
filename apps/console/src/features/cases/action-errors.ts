import type { CaseEventView } from '@gridops/contracts';
import type { TFunction } from 'i18next';
import { HttpError } from '../../api/http';
import type { ActionFieldName } from './action-form-spec';

/** What went wrong with an action, in the terms a form shows it. */
export type ActionFailure =
  /** 409: the case moved on since it was loaded (optimistic lock) */
  | { kind: 'conflict' }
  /** the answer names fields (400 with details): shown beside them */
  | { kind: 'fields'; fields: Partial<Record<ActionFieldName, string>>; message: string }
  /** everything else: one sentence */
  | { kind: 'message'; key: string; message: string };

const FORM_FIELDS: readonly string[] = [
  'note', 'attachmentIds', 'reasonCode', 'assignee', 'checkerUserId', 'categoryCode', 'priority', 'urgent', 'dueAt', 'satisfied', 'targetCaseId',
];
const KNOWN_422 = ['INVALID_STATE', 'RULE_VIOLATION', 'INVALID_ASSIGNEE', 'INVALID_CHECKER', 'INVALID_TARGET'];

export function describeActionError(e: unknown): ActionFailure {
  if (!(e instanceof HttpError)) return { kind: 'message', key: 'generic', message: e instanceof Error ? e.message : String(e) };
  if (e.status === 409) return { kind: 'conflict' };
  if (e.status === 0) return { kind: 'message', key: 'network', message: e.message };
  if (e.status === 400) {
    const fields: Partial<Record<ActionFieldName, string>> = {};
    if (Array.isArray(e.details)) {
      for (const d of e.details as { path?: unknown; message?: unknown }[]) {
        const field = String(d.path ?? '').split('.')[0];
        if (FORM_FIELDS.includes(field)) fields[field as ActionFieldName] ??= String(d.message ?? '');
      }
    }
    return Object.keys(fields).length ? { kind: 'fields', fields, message: e.message } : { kind: 'message', key: 'input', message: e.message };
  }
  if (e.status === 403) return { kind: 'message', key: 'forbidden', message: e.message };
  if (e.status === 404) return { kind: 'message', key: 'notFound', message: e.message };
  if (e.status === 422 && KNOWN_422.includes(e.code)) return { kind: 'message', key: e.code, message: e.message };
  return { kind: 'message', key: 'generic', message: e.message };
}

/**
 * The sentence shown after a 409, from the case as just reloaded: who changed it, when (HH:mm) and what they did —
 * the newest timeline event is the change that beat ours.
 */
export function conflictSentence(t: TFunction, latest: CaseEventView | undefined, actionLabel: (a: string) => string, timeOf: (iso: string) => string): string {
  if (!latest) return t('cases:error.conflictUnknown');
  const who = latest.actor.role === 'system' ? t('cases:timeline.system') : latest.actor.name;
  return t('cases:error.conflict', { who, time: timeOf(latest.at), what: actionLabel(latest.type) });
}
