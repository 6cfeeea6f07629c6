import { LIMITS, actionFields, actionRequestSchemas, type ActionRequest } from '@gridops/contracts';
import { RETURN_REASONS, VOID_REASONS, type CaseAction } from '@gridops/domain';

/**
 * What each action's form asks for. Which fields an action takes comes from libs/contracts (`actionFields`, the
 * same schemas the server validates with); which of them are *required* is a workflow rule of libs/domain
 * (transition.ts `checkInput`) that is not exported as data, so it is restated here — and
 * action-form-spec.spec.ts runs the domain's `transition()` to prove the two agree.
 */
export type ActionFieldName =
  | 'note' | 'attachmentIds' | 'reasonCode' | 'assignee' | 'checkerUserId' | 'categoryCode' | 'priority' | 'urgent' | 'dueAt' | 'satisfied' | 'targetCaseId';

const NOTE_REQUIRED: readonly CaseAction[] = [
  'refile', 'check-fail', 'reject-return', 'reject-extension', 'request-suspend', 'reject-suspend', 'escalate', 'comment',
];

export const REQUIRED_FIELDS: Partial<Record<CaseAction, readonly ActionFieldName[]>> = {
  ...Object.fromEntries(NOTE_REQUIRED.map((a) => [a, ['note']])),
  void: ['reasonCode'],
  'request-return': ['reasonCode'],
  dispatch: ['assignee'],
  'request-extension': ['dueAt', 'note'],
  // the server falls back to the deadline asked for; the form pre-fills it, so the shift lead sees what is granted
  'approve-extension': ['dueAt'],
  callback: ['satisfied'],
  merge: ['targetCaseId'],
};

/** Actions that need at least one of these fields (a fix is proven by a note or a photo). */
export const ONE_OF_FIELDS: Partial<Record<CaseAction, readonly ActionFieldName[]>> = {
  handle: ['note', 'attachmentIds'],
  'self-dispose': ['note', 'attachmentIds'],
};

/** Photos of these kinds are what each action's upload brings (`handle` needs an `after` one where required). */
export const PHOTO_KIND: Partial<Record<CaseAction, 'before' | 'after' | 'report' | 'other'>> = {
  confirm: 'before',
  handle: 'after',
  'self-dispose': 'after',
  'check-pass': 'other',
  'check-fail': 'other',
  comment: 'other',
};

export interface ActionFormSpec {
  action: CaseAction;
  /** in display order */
  fields: ActionFieldName[];
  required: readonly ActionFieldName[];
  oneOf: readonly ActionFieldName[] | null;
  reasons: readonly string[] | null;
}

const ORDER: ActionFieldName[] = [
  'assignee', 'reasonCode', 'targetCaseId', 'categoryCode', 'priority', 'urgent', 'checkerUserId', 'dueAt', 'satisfied', 'note', 'attachmentIds',
];

export function actionFormSpec(action: CaseAction): ActionFormSpec {
  const accepted = new Set(actionFields[action]);
  return {
    action,
    fields: ORDER.filter((f) => accepted.has(f)),
    required: REQUIRED_FIELDS[action] ?? [],
    oneOf: ONE_OF_FIELDS[action] ?? null,
    reasons: action === 'void' ? VOID_REASONS : action === 'request-return' ? RETURN_REASONS : null,
  };
}

/** Actions whose form is only an optional note: one confirm is enough (受理, 签收, 结案 …). */
export function isQuickAction(action: CaseAction): boolean {
  const spec = actionFormSpec(action);
  return spec.required.length === 0 && spec.oneOf === null && spec.fields.every((f) => f === 'note');
}

/** What the form holds; the assignee is one select value, `user:<id>` or `unit:<code>`. */
export interface ActionFormValues {
  note?: string;
  attachmentIds?: string[];
  reasonCode?: string;
  assignee?: string;
  checkerUserId?: string;
  categoryCode?: string;
  priority?: ActionRequest['priority'];
  urgent?: boolean;
  /** an ISO instant with offset, or a dayjs-like value with `toISOString` / `format` */
  dueAt?: string | { format(): string };
  satisfied?: boolean;
  targetCaseId?: string;
}

export const encodeAssignee = (a: { userId?: string | null; unitCode?: string | null }): string | undefined =>
  a.userId ? `user:${a.userId}` : a.unitCode ? `unit:${a.unitCode}` : undefined;

export function decodeAssignee(v: string | undefined): ActionRequest['assignee'] | undefined {
  if (!v) return undefined;
  const [kind, ...rest] = v.split(':');
  const id = rest.join(':');
  if (!id) return undefined;
  return kind === 'user' ? { userId: id } : kind === 'unit' ? { unitCode: id } : undefined;
}

const isoOf = (v: ActionFormValues['dueAt']): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : v.format());

/** The request body the API takes, with exactly the fields this action accepts and nothing empty. */
export function buildActionRequest(action: CaseAction, values: ActionFormValues, version: number): ActionRequest {
  const accepted = new Set(actionFields[action]);
  const body: ActionRequest = { version };
  const note = values.note?.trim();
  if (accepted.has('note') && note) body.note = note;
  if (accepted.has('attachmentIds') && values.attachmentIds?.length) body.attachmentIds = values.attachmentIds;
  if (accepted.has('reasonCode') && values.reasonCode) body.reasonCode = values.reasonCode;
  if (accepted.has('assignee')) {
    const a = decodeAssignee(values.assignee);
    if (a) body.assignee = a;
  }
  if (accepted.has('checkerUserId') && values.checkerUserId) body.checkerUserId = values.checkerUserId;
  if (accepted.has('categoryCode') && values.categoryCode) body.categoryCode = values.categoryCode;
  if (accepted.has('priority') && values.priority) body.priority = values.priority;
  if (accepted.has('urgent') && typeof values.urgent === 'boolean') body.urgent = values.urgent;
  const due = isoOf(values.dueAt);
  if (accepted.has('dueAt') && due) body.dueAt = due;
  if (accepted.has('satisfied') && typeof values.satisfied === 'boolean') body.satisfied = values.satisfied;
  if (accepted.has('targetCaseId') && values.targetCaseId) body.targetCaseId = values.targetCaseId;
  return body;
}

/** A problem with one field, as an i18n key of `cases:validation.*` and its values. */
export interface FieldProblem {
  key: 'required' | 'invalid' | 'tooLong' | 'noteOrPhoto' | 'afterPhoto' | 'dueAfterNow' | 'dueAfterCurrent' | 'tooMany' | 'sameCase';
  values?: Record<string, string | number>;
}
export type FieldProblems = Partial<Record<ActionFieldName, FieldProblem>>;

export interface ValidationContext {
  caseId: string;
  now: number;
  /** the handling deadline now in force: an extension must go beyond it */
  handlingDueAt: string | null;
  /** the category wants a photo of the fix (处置后照片) */
  afterPhotoRequired: boolean;
}

const present = (body: ActionRequest, f: ActionFieldName) => {
  const v = (body as unknown as Record<string, unknown>)[f];
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
};

/**
 * Client-side validation: the contract's zod schema (types and sizes, exactly what the server runs) plus the
 * workflow's required inputs. The server still decides; this only saves a round trip and says it in words.
 */
export function validateActionRequest(action: CaseAction, body: ActionRequest, ctx: ValidationContext): FieldProblems {
  const problems: FieldProblems = {};
  const parsed = actionRequestSchemas[action].safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as ActionFieldName;
      if (!field || problems[field]) continue;
      if (issue.code === 'too_big') {
        problems[field] = field === 'attachmentIds' ? { key: 'tooMany', values: { max: LIMITS.photos } } : { key: 'tooLong', values: { max: Number(issue.maximum) } };
      } else problems[field] = { key: 'invalid' };
    }
  }
  const spec = actionFormSpec(action);
  for (const f of spec.required) if (!present(body, f) && !problems[f]) problems[f] = { key: 'required' };
  if (spec.oneOf && !spec.oneOf.some((f) => present(body, f))) problems[spec.oneOf[0]] ??= { key: 'noteOrPhoto' };
  if ((action === 'handle' || action === 'self-dispose') && ctx.afterPhotoRequired && !present(body, 'attachmentIds')) {
    problems.attachmentIds ??= { key: 'afterPhoto' };
  }
  if ((action === 'request-extension' || action === 'approve-extension') && body.dueAt && !problems.dueAt) {
    const due = new Date(body.dueAt).getTime();
    if (due <= ctx.now) problems.dueAt = { key: 'dueAfterNow' };
    else if (ctx.handlingDueAt && due <= new Date(ctx.handlingDueAt).getTime()) problems.dueAt = { key: 'dueAfterCurrent' };
  }
  if (action === 'merge' && body.targetCaseId === ctx.caseId) problems.targetCaseId = { key: 'sameCase' };
  return problems;
}
