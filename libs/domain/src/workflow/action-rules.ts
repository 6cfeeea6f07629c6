import type { ActorRole } from '../roles';
import type { CaseAction } from './case-actions';
import { CASE_STATES, OPEN_STATES, type CaseState } from './case-states';

/**
 * Who may take which action in which state (domain.md §4), as data.
 * `actor: 'assignee'` means the role must also be the case's assignee; `actor: 'not-fixer'` that the actor must not
 * be the one who reported the fix (a check by the fixer is no check).
 * An action may have several rules (e.g. `void` by a grid worker only while verifying).
 */
export interface ActionRule {
  action: CaseAction;
  from: readonly CaseState[];
  roles: readonly ActorRole[];
  actor?: 'assignee' | 'not-fixer';
}

const DESK: readonly ActorRole[] = ['operator', 'shift_lead'];
const ASSIGNEES: readonly ActorRole[] = ['grid_worker', 'unit_staff'];
const EVERYONE: readonly ActorRole[] = ['operator', 'shift_lead', 'grid_worker', 'unit_staff', 'supervisor', 'admin', 'system'];

export const ACTION_RULES: readonly ActionRule[] = [
  { action: 'register', from: ['REPORTED'], roles: [...DESK, 'system'] },
  { action: 'send-verify', from: ['REPORTED'], roles: [...DESK, 'system'] },
  { action: 'confirm', from: ['PENDING_VERIFY'], roles: ['grid_worker', 'shift_lead'] },
  { action: 'file', from: ['PENDING_FILE'], roles: ['shift_lead', 'system'] },
  { action: 'refile', from: ['PENDING_DISPATCH'], roles: DESK },
  { action: 'dispatch', from: ['PENDING_DISPATCH'], roles: [...DESK, 'system'] },
  { action: 'accept', from: ['DISPATCHED'], roles: ASSIGNEES, actor: 'assignee' },
  { action: 'handle', from: ['IN_PROGRESS', 'REWORK'], roles: ASSIGNEES, actor: 'assignee' },
  // a grid worker on patrol or on a verification visit fixes a small problem on the spot (自处置)
  { action: 'self-dispose', from: ['REPORTED', 'PENDING_VERIFY'], roles: ['grid_worker'] },
  { action: 'send-check', from: ['HANDLED', 'SELF_DISPOSED'], roles: [...DESK, 'system'] },
  { action: 'check-pass', from: ['PENDING_CHECK'], roles: ['grid_worker', 'shift_lead'], actor: 'not-fixer' },
  { action: 'check-fail', from: ['PENDING_CHECK'], roles: ['grid_worker', 'shift_lead'], actor: 'not-fixer' },
  { action: 'check-fail', from: ['PENDING_CLOSE'], roles: ['shift_lead'] },
  { action: 'close', from: ['PENDING_CLOSE'], roles: ['shift_lead', 'system'] },
  { action: 'callback', from: ['CLOSED'], roles: DESK },
  { action: 'request-return', from: ['DISPATCHED', 'IN_PROGRESS'], roles: ASSIGNEES, actor: 'assignee' },
  { action: 'approve-return', from: ['RETURN_REQUESTED'], roles: ['shift_lead'] },
  { action: 'reject-return', from: ['RETURN_REQUESTED'], roles: ['shift_lead'] },
  { action: 'request-extension', from: ['IN_PROGRESS'], roles: ASSIGNEES, actor: 'assignee' },
  // a second extension needs leadership (supervisor): checked in permission.ts
  { action: 'approve-extension', from: ['EXTENSION_REQUESTED'], roles: ['shift_lead', 'supervisor'] },
  { action: 'reject-extension', from: ['EXTENSION_REQUESTED'], roles: ['shift_lead', 'supervisor'] },
  { action: 'request-suspend', from: ['IN_PROGRESS'], roles: ASSIGNEES, actor: 'assignee' },
  { action: 'approve-suspend', from: ['SUSPEND_REQUESTED'], roles: ['shift_lead'] },
  { action: 'reject-suspend', from: ['SUSPEND_REQUESTED'], roles: ['shift_lead'] },
  { action: 'resume', from: ['SUSPENDED'], roles: ['shift_lead'] },
  { action: 'resume', from: ['SUSPENDED'], roles: ASSIGNEES, actor: 'assignee' },
  { action: 'void', from: ['REPORTED'], roles: DESK },
  { action: 'void', from: ['PENDING_VERIFY'], roles: [...DESK, 'grid_worker'] },
  { action: 'void', from: ['PENDING_FILE'], roles: ['shift_lead'] },
  { action: 'urge', from: OPEN_STATES, roles: [...DESK, 'supervisor', 'system'] },
  { action: 'escalate', from: OPEN_STATES, roles: ['shift_lead', 'supervisor', 'system'] },
  { action: 'merge', from: OPEN_STATES, roles: [...DESK, 'system'] },
  // notes stay possible on closed and void cases: people explain things after the fact
  { action: 'comment', from: CASE_STATES, roles: EVERYONE },
];

export function rulesFor(action: CaseAction): ActionRule[] {
  return ACTION_RULES.filter((r) => r.action === action);
}
