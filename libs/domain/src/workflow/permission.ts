import { CALLBACK_SOURCES } from '../sources';
import { CASE_ACTIONS, type CaseAction } from './case-actions';
import { canRead, isAssignee } from './access';
import { rulesFor, type ActionRule } from './action-rules';
import { STATE_LABELS } from './case-states';
import type { Actor, WorkflowCase, WorkflowCategory } from './workflow-case';

/**
 * Why an action is refused. The API maps these to statuses: NOT_FOUND 404 (the case is outside the caller's scope,
 * and we don't say it exists), FORBIDDEN 403 (role or person may not), INVALID_STATE 422 (not in this state),
 * RULE_VIOLATION 422 (a workflow rule says no), INVALID_INPUT 400 (a required input is missing or wrong).
 */
export type RefusalCode = 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_STATE' | 'RULE_VIOLATION' | 'INVALID_INPUT';
export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}
export const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });

function actorCheckPasses(rule: ActionRule, c: WorkflowCase, actor: Actor): boolean {
  if (actor.role === 'system' || rule.actor === undefined) return true;
  if (rule.actor === 'assignee') return isAssignee(c, actor);
  return actor.userId === null || actor.userId !== c.fixerUserId;
}

/** May this actor take this action on this case now, before looking at the input? */
export function checkPermission(c: WorkflowCase, action: CaseAction, actor: Actor, category: WorkflowCategory): Refusal | null {
  if (!canRead(c, actor)) return refuse('NOT_FOUND', 'case not found');
  const roleRules = rulesFor(action).filter((r) => r.roles.includes(actor.role));
  if (roleRules.length === 0) return refuse('FORBIDDEN', `role ${actor.role} may not ${action}`);
  const stateRules = roleRules.filter((r) => r.from.includes(c.state));
  if (stateRules.length === 0) {
    return refuse('INVALID_STATE', `cannot ${action} a case in state ${c.state} (${STATE_LABELS[c.state].zh})`);
  }
  if (!stateRules.some((r) => actorCheckPasses(r, c, actor))) {
    const needsAssignee = stateRules.some((r) => r.actor === 'assignee');
    return refuse('FORBIDDEN', needsAssignee ? `only the assignee may ${action}` : 'the person who reported the fix may not check it');
  }
  return checkPreconditions(c, action, actor, category);
}

/** Workflow rules that depend on the case, not on the input. */
function checkPreconditions(c: WorkflowCase, action: CaseAction, actor: Actor, category: WorkflowCategory): Refusal | null {
  switch (action) {
    case 'self-dispose':
      return category.selfDisposable ? null : refuse('RULE_VIOLATION', `category ${category.code} may not be self-disposed`);
    case 'callback':
      if (!CALLBACK_SOURCES.includes(c.source)) return refuse('RULE_VIOLATION', 'callback (回访) applies to 12345 and citizen reports only');
      // after a dissatisfied callback and a redone fix, the reporter is called back again
      return c.callbackSatisfied === true ? refuse('RULE_VIOLATION', 'the reporter was already called back and was satisfied') : null;
    case 'approve-extension':
      // one standard extension; a second needs leadership (domain.md §4)
      if (c.extensionCount >= 1 && actor.role !== 'supervisor') {
        return refuse('FORBIDDEN', 'a second extension needs leadership approval (supervisor)');
      }
      return null;
    case 'escalate':
      return c.escalatedToDistrict ? refuse('RULE_VIOLATION', 'the case is already escalated to district') : null;
    default:
      return null;
  }
}

/** The actions `GET /cases/:id` offers this caller: exactly those that would not be refused before input. */
export function allowedActions(c: WorkflowCase, actor: Actor, category: WorkflowCategory): CaseAction[] {
  return CASE_ACTIONS.filter((a) => checkPermission(c, a, actor, category) === null);
}
