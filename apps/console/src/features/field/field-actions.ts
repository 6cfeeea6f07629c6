import type { ActionRequest, AttachmentKind } from '@gridops/contracts';
import { RETURN_REASONS, VOID_REASONS, type CaseAction } from '@gridops/domain';

/**
 * The actions the field view offers and what each asks for — a phone-sized mirror of the workflow's input rules
 * (libs/domain transition.ts checkInput), so a worker learns what is missing before sending, not after a 400.
 * Which actions appear is decided by the server (`allowedActions`); this only shapes their forms.
 */
export interface ActionForm {
  note: 'required' | 'optional';
  /** photo slots, each of one attachment kind */
  photos: AttachmentKind[];
  reason?: 'return' | 'void';
  dueAt?: boolean;
  /** `handle` / `self-dispose`: a note or a photo proves the fix */
  noteOrPhoto?: boolean;
  /** one tap, no form (a confirmation only) */
  instant?: boolean;
  danger?: boolean;
}

export const FIELD_ACTION_FORMS = {
  accept: { note: 'optional', photos: [], instant: true },
  resume: { note: 'optional', photos: [], instant: true },
  handle: { note: 'optional', photos: ['before', 'after'], noteOrPhoto: true },
  'self-dispose': { note: 'optional', photos: ['before', 'after'], noteOrPhoto: true },
  confirm: { note: 'optional', photos: ['before'] },
  'check-pass': { note: 'optional', photos: ['other'] },
  'check-fail': { note: 'required', photos: ['other'], danger: true },
  'request-return': { note: 'optional', photos: [], reason: 'return' },
  'request-extension': { note: 'required', photos: [], dueAt: true },
  'request-suspend': { note: 'required', photos: [] },
  void: { note: 'optional', photos: [], reason: 'void', danger: true },
  comment: { note: 'required', photos: ['other'] },
} as const satisfies Partial<Record<CaseAction, ActionForm>>;

export type FieldAction = keyof typeof FIELD_ACTION_FORMS;

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

/** Message keys (field namespace) per field; empty when the form may be sent. */
export function validateAction(action: FieldAction, v: ActionValues, ctx: ActionContext): Partial<Record<'note' | 'photos' | 'reason' | 'dueAt', string>> {
  const form = formOf(action);
  const errors: Partial<Record<'note' | 'photos' | 'reason' | 'dueAt', string>> = {};
  const note = v.note.trim();
  const photos = Object.values(v.photoCount).reduce((n, c) => n + (c ?? 0), 0);
  if (form.note === 'required' && !note) errors.note = 'action.noteRequired';
  if (form.noteOrPhoto && !note && photos === 0) errors.note = 'action.noteOrPhoto';
  if (form.noteOrPhoto && ctx.afterPhotoRequired && !v.photoCount.after) errors.photos = 'action.afterRequired';
  if (form.reason && !(v.reasonCode && reasonsFor(form.reason).includes(v.reasonCode))) errors.reason = 'action.reasonRequired';
  if (form.dueAt) {
    const due = v.dueAt ? new Date(v.dueAt).getTime() : NaN;
    if (Number.isNaN(due)) errors.dueAt = 'action.dueAtRequired';
    else if (due <= ctx.now || (ctx.handlingDueAt !== null && due <= new Date(ctx.handlingDueAt).getTime())) errors.dueAt = 'action.dueAtLater';
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
