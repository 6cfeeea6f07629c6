import { ACTION_FIELD, LIMITS, actionFields, actionRequestSchemas, type ActionFieldName, type ActionRequest } from '@gridops/contracts';
import {
  ACTION_INPUTS, inputProblems, inputsOf, isRequired,
  type ActionInput, type AttachmentKind, type CaseAction, type CaseDefault, type CategoryFlag, type InputProblem,
} from '@gridops/domain';

/**
 * What each action's form asks for, read from libs/domain's table of action inputs (ACTION_INPUTS) through the
 * request fields of libs/contracts: which fields, which are required, the reasons to choose from, what the upload
 * brings, what is pre-filled. Labels, widgets and their order are the console's.
 */
export type { ActionFieldName };

export interface ActionFormSpec {
  action: CaseAction;
  /** in display order */
  fields: ActionFieldName[];
  /** required of this case: always, or because its category says so (an after-photo of a fix) */
  required: readonly ActionFieldName[];
  oneOf: readonly ActionFieldName[] | null;
  reasons: readonly string[] | null;
  /**
   * The kind of photo the form's one upload field brings: the kind the step must show where there is one (the
   * after-photo of a fix), else the first the step offers.
   */
  photoKind: AttachmentKind;
  /** fields pre-filled with the case's own value, which stands when the field is left out */
  defaults: Partial<Record<ActionFieldName, CaseDefault>>;
}

const ORDER: ActionFieldName[] = [
  'assignee', 'reasonCode', 'targetCaseId', 'categoryCode', 'priority', 'urgent', 'checkerUserId', 'dueAt', 'satisfied', 'note', 'attachmentIds',
];

const NO_FLAGS: Record<CategoryFlag, boolean> = { afterPhotoRequired: false };

export function actionFormSpec(action: CaseAction, category: Record<CategoryFlag, boolean> = NO_FLAGS): ActionFormSpec {
  const accepted = new Set(actionFields[action]);
  const inputs = inputsOf(action);
  const photos = ACTION_INPUTS[action].inputs.attachments;
  const requiredPhoto = photos?.required !== undefined && photos.required !== true ? photos.required.ofKind : undefined;
  return {
    action,
    fields: ORDER.filter((f) => accepted.has(f)),
    required: inputs.filter(([, rule]) => isRequired(rule, category)).map(([name]) => ACTION_FIELD[name]),
    oneOf: ACTION_INPUTS[action].atLeastOneOf?.map((name) => ACTION_FIELD[name]) ?? null,
    reasons: ACTION_INPUTS[action].inputs.reasonCode?.values ?? null,
    photoKind: requiredPhoto ?? photos?.photoKinds?.[0] ?? 'other',
    defaults: Object.fromEntries(inputs.flatMap(([name, rule]) => (rule.defaultFrom ? [[ACTION_FIELD[name], rule.defaultFrom]] : []))),
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

/** The body as the domain sees it: photos as uploads of the kind this form brings, the deadline as an instant. */
function domainInput(action: CaseAction, { version: _version, attachmentIds, dueAt, ...rest }: ActionRequest): ActionInput {
  const kind = actionFormSpec(action).photoKind;
  return {
    ...rest,
    reasonCode: rest.reasonCode as ActionInput['reasonCode'],
    attachments: attachmentIds?.map((id) => ({ id, kind })),
    dueAt: dueAt === undefined ? undefined : new Date(dueAt),
  };
}

/** The words (`cases:validation.*`) for each problem of the domain's input check; anything else is `invalid`. */
const PROBLEM_KEY: Partial<Record<InputProblem['problem'], FieldProblem['key']>> = {
  missing: 'required',
  'missing-kind': 'afterPhoto',
  'none-of': 'noteOrPhoto',
  'not-after-now': 'dueAfterNow',
  'not-after-deadline': 'dueAfterCurrent',
  'this-case': 'sameCase',
  'too-long': 'tooLong',
  'too-many': 'tooMany',
};

const fieldProblem = (p: InputProblem): FieldProblem => ({ key: PROBLEM_KEY[p.problem] ?? 'invalid', ...('max' in p ? { values: { max: p.max } } : {}) });

/**
 * Client-side validation: the contract's zod schema (types and sizes, exactly what the server runs) plus the
 * workflow's check of the input (libs/domain, the same function the server's transition runs). The server still
 * decides; this only saves a round trip and says it in words.
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
  const found = inputProblems(action, domainInput(action, body), {
    now: new Date(ctx.now),
    // no stand-in values from the case: the form pre-fills them, so a field the user emptied is asked for again
    // rather than silently replaced (a granted extension shows the deadline granted)
    case: { id: ctx.caseId, handlingDueAt: ctx.handlingDueAt === null ? null : new Date(ctx.handlingDueAt) },
    category: { afterPhotoRequired: ctx.afterPhotoRequired },
  });
  for (const p of found) problems[ACTION_FIELD[p.input]] ??= fieldProblem(p);
  return problems;
}
