import { z } from 'zod';
import { CASE_ACTIONS, PRIORITIES, RETURN_REASONS, VOID_REASONS, type CaseAction } from '@gridops/domain';
import { LIMITS, isoInstant, trimmed, uuid } from './common';
import { attachmentIdsSchema } from './attachments';

/**
 * Bodies of `POST /api/v1/cases/:id/actions/:action`: always the case `version` (optimistic lock), plus the fields
 * that action takes. Unknown fields are refused, so a typo never silently drops an input. Whether a field is
 * *required* is a workflow rule (libs/domain); here we check types and sizes.
 */
const f = {
  note: trimmed(LIMITS.note),
  attachmentIds: attachmentIdsSchema,
  voidReason: z.enum(VOID_REASONS),
  returnReason: z.enum(RETURN_REASONS),
  assignee: z.strictObject({ userId: uuid.optional(), unitCode: z.string().trim().min(1).max(40).optional() }),
  checkerUserId: uuid,
  categoryCode: z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102 or C0101'),
  priority: z.enum(PRIORITIES),
  urgent: z.boolean(),
  dueAt: isoInstant,
  satisfied: z.boolean(),
  targetCaseId: uuid,
};

const only = <K extends keyof typeof f>(...keys: K[]) => {
  const shape = {} as { [P in K]: z.ZodOptional<(typeof f)[P]> };
  for (const k of keys) (shape as Record<string, z.ZodType>)[k] = f[k].optional();
  return shape;
};

const fieldsByAction: Record<CaseAction, z.ZodRawShape> = {
  register: only('note'),
  'send-verify': only('note'),
  confirm: only('note', 'attachmentIds'),
  file: only('note', 'categoryCode', 'priority', 'urgent'),
  refile: only('note'),
  dispatch: only('note', 'assignee'),
  accept: only('note'),
  handle: only('note', 'attachmentIds'),
  'self-dispose': only('note', 'attachmentIds'),
  'send-check': only('note', 'checkerUserId'),
  'check-pass': only('note', 'attachmentIds'),
  'check-fail': only('note', 'attachmentIds'),
  close: only('note'),
  callback: only('note', 'satisfied'),
  'request-return': { ...only('note'), reasonCode: f.returnReason.optional() },
  'approve-return': only('note'),
  'reject-return': only('note'),
  'request-extension': only('note', 'dueAt'),
  'approve-extension': only('note', 'dueAt'),
  'reject-extension': only('note'),
  'request-suspend': only('note'),
  'approve-suspend': only('note'),
  'reject-suspend': only('note'),
  resume: only('note'),
  void: { ...only('note'), reasonCode: f.voidReason.optional() },
  urge: only('note'),
  escalate: only('note'),
  merge: only('note', 'targetCaseId'),
  comment: only('note', 'attachmentIds'),
};

const version = z.number().int().min(0).max(2_147_483_647);

export const actionRequestSchemas = Object.fromEntries(
  CASE_ACTIONS.map((a) => [a, z.strictObject({ version, ...fieldsByAction[a] })]),
) as unknown as Record<CaseAction, z.ZodType<ActionRequest>>;

/** The union of what any action may carry, as the console sends it. */
export interface ActionRequest {
  version: number;
  note?: string;
  /**
   * Photos uploaded first (`POST /api/v1/attachments`) by the caller and not yet attached: they are attached to the
   * case and recorded on this step's timeline event. `handle` / `self-dispose` need one of kind `after` where the
   * category's `afterPhotoRequired` says so.
   */
  attachmentIds?: string[];
  reasonCode?: string;
  assignee?: { userId?: string; unitCode?: string };
  checkerUserId?: string;
  categoryCode?: string;
  priority?: (typeof PRIORITIES)[number];
  urgent?: boolean;
  dueAt?: string;
  satisfied?: boolean;
  targetCaseId?: string;
}

/** The fields each action accepts besides `version` — for forms that offer exactly those. */
export const actionFields: Record<CaseAction, string[]> = Object.fromEntries(
  CASE_ACTIONS.map((a) => [a, Object.keys(fieldsByAction[a])]),
) as Record<CaseAction, string[]>;
