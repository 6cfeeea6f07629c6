import { z } from 'zod';
import { CASE_ACTIONS, INPUT_BOUNDS, inputsOf, type CaseAction, type InputName, type InputRule, type Priority } from '@gridops/domain';
import { isoInstant, trimmed, uuid } from './common';
import { attachmentIdsSchema } from './attachments';

/**
 * Bodies of `POST /api/v1/cases/:id/actions/:action`: always the case `version` (optimistic lock), plus the inputs
 * that action takes — derived from libs/domain's ACTION_INPUTS, the one table of them. Unknown fields are refused,
 * so a typo never silently drops an input. Here we check types, formats and sizes; whether an input is *required*
 * is decided by the domain after who may act and the version are known (a caller without the right learns nothing
 * from validation messages, and a stale form hears 409 first).
 */

/** The request field that carries each input: photos travel as the ids of earlier uploads. */
export const ACTION_FIELD = {
  note: 'note',
  attachments: 'attachmentIds',
  reasonCode: 'reasonCode',
  assignee: 'assignee',
  checkerUserId: 'checkerUserId',
  categoryCode: 'categoryCode',
  priority: 'priority',
  urgent: 'urgent',
  dueAt: 'dueAt',
  satisfied: 'satisfied',
  targetCaseId: 'targetCaseId',
} as const satisfies Record<InputName, keyof ActionRequest>;
export type ActionFieldName = (typeof ACTION_FIELD)[InputName];

function choice(rule: InputRule) {
  if (!rule.values?.length) throw new Error('a choice input needs its values in ACTION_INPUTS');
  return z.enum(rule.values as [string, ...string[]]);
}

/** The wire schema of each input; `rule` is the action's (a choice's values differ between actions). */
const inputSchema: Record<InputName, (rule: InputRule) => z.ZodType> = {
  note: () => trimmed(INPUT_BOUNDS.noteMaxLength),
  attachments: () => attachmentIdsSchema,
  reasonCode: choice,
  assignee: () => z.strictObject({ userId: uuid.optional(), unitCode: z.string().trim().min(1).max(INPUT_BOUNDS.unitCodeMaxLength).optional() }),
  checkerUserId: () => uuid,
  categoryCode: () => z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102 or C0101'),
  priority: choice,
  urgent: () => z.boolean(),
  dueAt: () => isoInstant,
  satisfied: () => z.boolean(),
  targetCaseId: () => uuid,
};

const version = z.number().int().min(0).max(2_147_483_647);

function requestSchema(action: CaseAction) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, rule] of inputsOf(action)) shape[ACTION_FIELD[name]] = inputSchema[name](rule).optional();
  return z.strictObject({ version, ...shape });
}

export const actionRequestSchemas = Object.fromEntries(CASE_ACTIONS.map((a) => [a, requestSchema(a)])) as unknown as Record<
  CaseAction,
  z.ZodType<ActionRequest>
>;

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
  priority?: Priority;
  urgent?: boolean;
  dueAt?: string;
  satisfied?: boolean;
  targetCaseId?: string;
}

/** The fields each action accepts besides `version` — for forms that offer exactly those. */
export const actionFields: Record<CaseAction, ActionFieldName[]> = Object.fromEntries(
  CASE_ACTIONS.map((a) => [a, inputsOf(a).map(([name]) => ACTION_FIELD[name])]),
) as Record<CaseAction, ActionFieldName[]>;
