import type { ActionRequest, AttachmentKind } from '@gridops/contracts';
import { ACTION_INPUTS, RETURN_REASONS, VOID_REASONS, inputProblems, type ActionInput, type CaseAction, type InputProblem } from '@gridops/domain';

/**
 * The actions the field view offers and what each asks for, read from libs/domain's table of action inputs
 * (ACTION_INPUTS), so a worker learns what is missing before sending, not after a 400.
 * Which actions appear is decided by the server (`allowedActions`); this only shapes their forms.
 */
export interface ActionForm {
  note: 'required' | 'optional';
  /** photo slots, each of one attachment kind */
  photos: readonly AttachmentKind[];
  reason?: 'return' | 'void';
  dueAt?: boolean;
  /** `handle` / `self-dispose`: a note or a photo proves the fix */
  noteOrPhoto?: boolean;
  /** one tap, no form (a confirmation only) */
  instant?: boolean;
  danger?: boolean;
}

/** The actions a phone offers, and how their sheet looks beyond its inputs: a red button for the ones that undo. */
const FIELD_ACTION_LOOK = {
  accept: {},
  resume: {},
  handle: {},
  'self-dispose': {},
  confirm: {},
  'check-pass': {},
  'check-fail': { danger: true },
  'request-return': {},
  'request-extension': {},
  'request-suspend': {},
  void: { danger: true },
  comment: {},
} as const satisfies Partial<Record<CaseAction, Pick<ActionForm, 'danger'>>>;

export type FieldAction = keyof typeof FIELD_ACTION_LOOK;

function formFromTable(action: FieldAction): ActionForm {
  const { inputs, atLeastOneOf } = ACTION_INPUTS[action];
  const reasons = inputs.reasonCode?.values;
  const form: ActionForm = {
    note: inputs.note?.required === true ? 'required' : 'optional',
    photos: inputs.attachments?.photoKinds ?? [],
    ...FIELD_ACTION_LOOK[action],
  };
  if (reasons) form.reason = reasons === VOID_REASONS ? 'void' : 'return';
  if (inputs.dueAt) form.dueAt = true;
  if (atLeastOneOf) form.noteOrPhoto = true;
  // nothing to give but an optional note: one tap
  if (Object.keys(inputs).every((name) => name === 'note') && !inputs.note?.required) form.instant = true;
  return form;
}

export const FIELD_ACTION_FORMS = Object.fromEntries(
  (Object.keys(FIELD_ACTION_LOOK) as FieldAction[]).map((a) => [a, formFromTable(a)]),
) as Record<FieldAction, ActionForm>;

/** The order buttons appear in: the step that moves the case forward first, requests and notes after. */
const ORDER: FieldAction[] = ['accept', 'handle', 'confirm', 'self-dispose', 'check-pass', 'check-fail', 'resume', 'request-extension', 'request-return', 'request-suspend', 'void', 'comment'];
/** Shown as big buttons; the rest sit behind "更多". */
const PRIMARY: FieldAction[] = ['accept', 'handle', 'confirm', 'self-dispose', 'check-pass', 'check-fail', 'resume'];

export const formOf = (action: FieldAction): ActionForm => FIELD_ACTION_FORMS[action];

export function isFieldAction(a: string): a is FieldAction {
  return a in FIELD_ACTION_FORMS;
}

export function fieldActions(allowed: readonly CaseAction[]): { primary: FieldAction[]; more: FieldAction[] } {
  const offered = ORDER.filter((a) => allowed.includes(a));
  return { primary: offered.filter((a) => PRIMARY.includes(a)), more: offered.filter((a) => !PRIMARY.includes(a)) };
}

export const reasonsFor = (kind: 'return' | 'void'): readonly string[] => (kind === 'return' ? RETURN_REASONS : VOID_REASONS);

export interface ActionValues {
  note: string;
  /** photos picked per kind */
  photoCount: Partial<Record<AttachmentKind, number>>;
  reasonCode?: string;
  /** the new deadline asked for (ISO) */
  dueAt?: string;
}

export interface ActionContext {
  now: number;
  /** the case's current handling deadline (ISO), which an extension must pass */
  handlingDueAt: string | null;
  /** the category asks for a photo of the result (处置后照片) */
  afterPhotoRequired: boolean;
}

type FieldErrors = Partial<Record<'note' | 'photos' | 'reason' | 'dueAt', string>>;

/**
 * Where the phone shows a problem of the workflow's input check, and in which words (field namespace). Problems not
 * listed cannot happen with the phone's widgets (their bounds are the table's); the server would say them.
 */
const PROBLEM_ERROR: Partial<Record<`${InputProblem['input']}:${InputProblem['problem']}`, [keyof FieldErrors, string]>> = {
  'note:missing': ['note', 'action.noteRequired'],
  'note:none-of': ['note', 'action.noteOrPhoto'],
  'attachments:missing-kind': ['photos', 'action.afterRequired'],
  'reasonCode:missing': ['reason', 'action.reasonRequired'],
  'reasonCode:not-a-choice': ['reason', 'action.reasonRequired'],
  'dueAt:missing': ['dueAt', 'action.dueAtRequired'],
  'dueAt:malformed': ['dueAt', 'action.dueAtRequired'],
  'dueAt:not-after-now': ['dueAt', 'action.dueAtLater'],
  'dueAt:not-after-deadline': ['dueAt', 'action.dueAtLater'],
};

/** Message keys (field namespace) per field; empty when the form may be sent. Runs the domain's own input check. */
export function validateAction(action: FieldAction, v: ActionValues, ctx: ActionContext): FieldErrors {
  const photos = Object.entries(v.photoCount).flatMap(([kind, n]) => Array.from({ length: n ?? 0 }, (_, i) => ({ id: `${kind}-${i}`, kind: kind as AttachmentKind })));
  const input: ActionInput = {
    note: v.note,
    attachments: photos,
    reasonCode: v.reasonCode as ActionInput['reasonCode'],
    dueAt: v.dueAt ? new Date(v.dueAt) : undefined,
  };
  const problems = inputProblems(action, input, {
    now: new Date(ctx.now),
    // no case id: no phone form picks a case to merge into
    case: { id: '', handlingDueAt: ctx.handlingDueAt === null ? null : new Date(ctx.handlingDueAt) },
    category: { afterPhotoRequired: ctx.afterPhotoRequired },
  });
  const errors: FieldErrors = {};
  for (const p of problems) {
    const [field, key] = PROBLEM_ERROR[`${p.input}:${p.problem}`] ?? [];
    if (field && key) errors[field] ??= key;
  }
  return errors;
}

/** The request body besides `version` and the photos (the outbox adds their ids once uploaded). */
export function actionBody(action: FieldAction, v: ActionValues, version: number): Omit<ActionRequest, 'attachmentIds'> {
  const form = formOf(action);
  const body: Omit<ActionRequest, 'attachmentIds'> = { version };
  const note = v.note.trim();
  if (note) body.note = note;
  if (form.reason && v.reasonCode) body.reasonCode = v.reasonCode;
  if (form.dueAt && v.dueAt) body.dueAt = new Date(v.dueAt).toISOString();
  return body;
}
