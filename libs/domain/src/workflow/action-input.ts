import type { SystemNote } from '../texts/system-notes';
import { PRIORITIES, RETURN_REASONS, VOID_REASONS, type CaseAction, type Priority, type ReturnReason, type VoidReason } from './case-actions';

/**
 * What a photo or file attached to a case shows: 处置前 before, 处置后 after, 上报 the report's own evidence, other.
 * Values are persisted (attachments.kind): never rename them.
 */
export const ATTACHMENT_KINDS = ['before', 'after', 'report', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** An uploaded attachment an action carries, as the server resolved it (it exists and the actor may attach it). */
export interface AttachmentRef {
  id: string;
  kind: AttachmentKind;
}

/**
 * What an action may carry. Which action takes which of these, and which it requires, is the table ACTION_INPUTS
 * below; input-check.ts checks an input against it.
 */
export interface ActionInput {
  note?: string;
  /** uploaded photos and files this step brings (before/after photos): `handle` may need an `after` one */
  attachments?: readonly AttachmentRef[];
  reasonCode?: VoidReason | ReturnReason;
  /** dispatch: a person or a 处置单位 */
  assignee?: { userId?: string; unitCode?: string };
  /** send-check: who checks the fix */
  checkerUserId?: string;
  /** file: the shift lead may correct these */
  categoryCode?: string;
  priority?: Priority;
  urgent?: boolean;
  /** request-extension: the deadline asked for; approve-extension: the one granted (defaults to the asked one) */
  dueAt?: Date;
  /** callback: was the reporter satisfied */
  satisfied?: boolean;
  /** merge: the case this one duplicates */
  targetCaseId?: string;
  /**
   * Flags only the pipeline (actor `system`) sets, on a `comment`: they change no state, only what the desk sees.
   * Not part of the HTTP contract, not in ACTION_INPUTS.
   */
  systemFlags?: { dispatchHold?: string | null; suggestedDuplicateOf?: string | null };
  /**
   * A note the software writes (the pipeline's steps, a merge, a 12345 update, an alarm), stored as a code with its
   * values and put into words in each reader's language. Set only by server code, never from an HTTP body.
   */
  systemNote?: SystemNote;
}

/** The inputs a person can give an action — ActionInput's fields but the pipeline's own flags. */
export const INPUT_NAMES = [
  'note', 'attachments', 'reasonCode', 'assignee', 'checkerUserId', 'categoryCode', 'priority', 'urgent', 'dueAt', 'satisfied', 'targetCaseId',
] as const satisfies readonly (keyof ActionInput)[];
export type InputName = (typeof INPUT_NAMES)[number];

/**
 * Bounds of an input, the same in every action that takes it, so a request can never carry megabytes in a field.
 * Formats that only the wire has (ids as UUIDs, instants as ISO text with an offset) are libs/contracts' business.
 */
export const INPUT_BOUNDS = {
  /** characters of a note (说明), once trimmed */
  noteMaxLength: 2000,
  /** photos one step brings */
  maxAttachments: 9,
  /** characters of a 处置单位's code */
  unitCodeMaxLength: 40,
} as const;

/** Category flags that make an input required (处置后照片: `afterPhotoRequired`). */
export type CategoryFlag = 'afterPhotoRequired';

/** Case fields that stand in for an input left out. */
export type CaseDefault = 'categoryCode' | 'priority' | 'urgent' | 'requestedDueAt';

/** How one action takes one input. Nothing set: the input is optional. */
export interface InputRule {
  /**
   * `true`: the action is refused without it. `whenCategory`: required where the case's category has that flag;
   * `ofKind`: then one of the attachments must be of that kind (a fix proven by a photo of the result).
   */
  required?: true | { whenCategory: CategoryFlag; ofKind?: AttachmentKind };
  /** a choice (reasonCode, priority): the values it may take */
  values?: readonly string[];
  /** attachments: the kinds of photo this step brings, in the order a form offers them */
  photoKinds?: readonly AttachmentKind[];
  /** left out, the case's own value stands (a form pre-fills it) */
  defaultFrom?: CaseDefault;
  /** an instant that must be later than now and than the case's current handling deadline */
  laterThanDeadline?: true;
  /** a case id that must not be this case */
  notThisCase?: true;
}

/** What one action takes: its inputs, in the order a request lists them. */
export interface ActionInputs {
  inputs: Partial<Record<InputName, InputRule>>;
  /** at least one of these must be given (a fix is proven by a note or a photo) */
  atLeastOneOf?: readonly InputName[];
}

const NOTE: InputRule = {};
const NOTE_REQUIRED: InputRule = { required: true };
const OTHER_PHOTOS: InputRule = { photoKinds: ['other'] };
const onlyNote: ActionInputs = { inputs: { note: NOTE } };
/** a decision that goes against someone (a refusal, a failed check) or stops the clock says why */
const reasonedNote: ActionInputs = { inputs: { note: NOTE_REQUIRED } };
/** a fix: proven by a note or a photo, and by a photo of the result where the category says so (处置后照片) */
const fix: ActionInputs = {
  inputs: { note: NOTE, attachments: { photoKinds: ['before', 'after'], required: { whenCategory: 'afterPhotoRequired', ofKind: 'after' } } },
  atLeastOneOf: ['note', 'attachments'],
};

/**
 * Which inputs each action takes and which it requires (domain.md §4), as data: the one statement of them. The
 * domain checks inputs against it (input-check.ts), libs/contracts derives each action's request schema from it,
 * and the console's forms (desk and phone) their fields and required marks.
 */
export const ACTION_INPUTS: Record<CaseAction, ActionInputs> = {
  register: onlyNote,
  'send-verify': onlyNote,
  confirm: { inputs: { note: NOTE, attachments: { photoKinds: ['before'] } } },
  file: {
    inputs: {
      note: NOTE,
      categoryCode: { defaultFrom: 'categoryCode' },
      priority: { values: PRIORITIES, defaultFrom: 'priority' },
      urgent: { defaultFrom: 'urgent' },
    },
  },
  refile: reasonedNote,
  dispatch: { inputs: { note: NOTE, assignee: { required: true } } },
  accept: onlyNote,
  handle: fix,
  'self-dispose': fix,
  // no checker named: the pipeline picks one
  'send-check': { inputs: { note: NOTE, checkerUserId: {} } },
  'check-pass': { inputs: { note: NOTE, attachments: OTHER_PHOTOS } },
  'check-fail': { inputs: { note: NOTE_REQUIRED, attachments: OTHER_PHOTOS } },
  close: onlyNote,
  callback: { inputs: { note: NOTE, satisfied: { required: true } } },
  'request-return': { inputs: { note: NOTE, reasonCode: { required: true, values: RETURN_REASONS } } },
  'approve-return': onlyNote,
  'reject-return': reasonedNote,
  'request-extension': { inputs: { note: NOTE_REQUIRED, dueAt: { required: true, laterThanDeadline: true } } },
  // the approver may grant another deadline than the one asked for; left out, the asked one is granted
  'approve-extension': { inputs: { note: NOTE, dueAt: { required: true, defaultFrom: 'requestedDueAt', laterThanDeadline: true } } },
  'reject-extension': reasonedNote,
  'request-suspend': reasonedNote,
  'approve-suspend': onlyNote,
  'reject-suspend': reasonedNote,
  resume: onlyNote,
  void: { inputs: { note: NOTE, reasonCode: { required: true, values: VOID_REASONS } } },
  urge: onlyNote,
  escalate: reasonedNote,
  merge: { inputs: { note: NOTE, targetCaseId: { required: true, notThisCase: true } } },
  comment: { inputs: { note: NOTE_REQUIRED, attachments: OTHER_PHOTOS } },
};

/** The inputs an action takes with their rules, in the table's order. */
export function inputsOf(action: CaseAction): [InputName, InputRule][] {
  return Object.entries(ACTION_INPUTS[action].inputs) as [InputName, InputRule][];
}

/** Is this input required of this action, given the case's category? */
export function isRequired(rule: InputRule, category: Record<CategoryFlag, boolean>): boolean {
  if (rule.required === undefined) return false;
  return rule.required === true || category[rule.required.whenCategory];
}
