import type { CaseAction, ReturnReason, VoidReason } from './case-actions';
import type { CaseState } from './case-states';
import type { ActionInput } from './action-input';
import { describeInputProblem, inputProblems } from './input-check';
import { checkPermission, refuse, type Refusal } from './permission';
import { runningClock, type ClockSettings } from './clock';
import type { Actor, WorkflowCase, WorkflowCategory } from './workflow-case';

export interface TransitionEnv extends ClockSettings {
  now: Date;
  /** the case's category — for `file` with a new category code, the new one */
  category: WorkflowCategory;
}

export interface Transition {
  ok: true;
  from: CaseState;
  to: CaseState;
  next: WorkflowCase;
}

/** The input against the table of what each action takes (ACTION_INPUTS); the first problem is the refusal. */
function checkInput(c: WorkflowCase, action: CaseAction, input: ActionInput, env: TransitionEnv): Refusal | null {
  const [first] = inputProblems(action, input, { now: env.now, case: c, category: env.category });
  return first ? refuse('INVALID_INPUT', describeInputProblem(action, first, env.category)) : null;
}

/** Minutes left on the handling clock, counted in the limit's own clock (working minutes for working units). */
function remainingMinutes(c: WorkflowCase, env: TransitionEnv): number {
  if (!c.handlingDueAt) return 0;
  if (c.handlingLimitUnit === 'natural_hours') return Math.max(0, (c.handlingDueAt.getTime() - env.now.getTime()) / 60_000);
  return env.calendar.workingMinutesBetween(env.now, c.handlingDueAt);
}

function resumedDueAt(minutes: number, c: WorkflowCase, env: TransitionEnv): Date {
  if (c.handlingLimitUnit === 'natural_hours') return new Date(env.now.getTime() + minutes * 60_000);
  return env.calendar.addWorkingMinutes(env.now, minutes);
}

/** The next state and the fields the action changes. Pure: same inputs, same result. */
function effects(c: WorkflowCase, action: CaseAction, actor: Actor, input: ActionInput, env: TransitionEnv): Partial<WorkflowCase> & { state: CaseState } {
  const now = env.now;
  const newClock = (): Partial<WorkflowCase> => ({ deadlineVersion: c.deadlineVersion + 1 });
  switch (action) {
    case 'register':
    case 'confirm':
    case 'refile':
      return { state: 'PENDING_FILE' };
    case 'send-verify':
      return { state: 'PENDING_VERIFY' };
    case 'file':
      return {
        state: 'PENDING_DISPATCH',
        filedAt: now,
        categoryCode: env.category.code,
        priority: input.priority ?? c.priority,
        urgent: input.urgent ?? c.urgent,
      };
    case 'dispatch': {
      // the handling clock starts at dispatch (派遣即计时), whether or not anyone presses accept
      const limit = env.category.handlingLimit;
      return {
        state: 'DISPATCHED',
        assigneeUserId: input.assignee?.userId ?? null,
        assigneeUnitCode: input.assignee?.unitCode ?? null,
        dispatchedAt: now,
        handlingStartedAt: now,
        handlingDueAt: env.calendar.addLimit(now, limit),
        handlingLimitUnit: limit.unit,
        returnReason: null,
        dispatchHold: null,
        ...newClock(),
      };
    }
    case 'accept':
      return { state: 'IN_PROGRESS', acceptedAt: now };
    case 'handle':
      return { state: 'HANDLED', fixerUserId: actor.userId, handledAt: now };
    case 'self-dispose':
      return { state: 'SELF_DISPOSED', fixerUserId: actor.userId, assigneeUserId: actor.userId, filedAt: now, handledAt: now };
    case 'send-check':
      return { state: 'PENDING_CHECK', checkerUserId: input.checkerUserId ?? null };
    case 'check-pass':
      return { state: 'PENDING_CLOSE', checkedAt: now, checkerUserId: actor.userId ?? c.checkerUserId };
    case 'check-fail':
      // back to the same assignee; every rework is counted (返工率)
      return { state: 'REWORK', checkedAt: now, reworkCount: c.reworkCount + 1 };
    case 'close':
      return { state: 'CLOSED', closedAt: now };
    case 'callback':
      return input.satisfied
        ? { state: 'CLOSED', callbackSatisfied: true }
        : { state: 'REWORK', callbackSatisfied: false, reworkCount: c.reworkCount + 1, closedAt: null };
    case 'request-return':
      return { state: 'RETURN_REQUESTED', requestedFromState: c.state, returnReason: input.reasonCode as ReturnReason };
    case 'approve-return':
      return {
        state: 'PENDING_DISPATCH',
        returnCount: c.returnCount + 1,
        requestedFromState: null,
        assigneeUserId: null,
        assigneeUnitCode: null,
        handlingStartedAt: null,
        handlingDueAt: null,
        ...newClock(),
      };
    case 'reject-return':
      return { state: c.requestedFromState ?? 'IN_PROGRESS', requestedFromState: null, returnReason: null };
    case 'request-extension':
      return { state: 'EXTENSION_REQUESTED', requestedFromState: c.state, requestedDueAt: input.dueAt ?? null };
    case 'approve-extension':
      return {
        state: 'IN_PROGRESS',
        handlingDueAt: input.dueAt ?? c.requestedDueAt,
        extensionCount: c.extensionCount + 1,
        requestedDueAt: null,
        requestedFromState: null,
        ...newClock(),
      };
    case 'reject-extension':
      return { state: 'IN_PROGRESS', requestedDueAt: null, requestedFromState: null };
    case 'request-suspend':
      return { state: 'SUSPEND_REQUESTED', requestedFromState: c.state };
    case 'approve-suspend':
      return { state: 'SUSPENDED', suspendedRemainingMinutes: remainingMinutes(c, env), requestedFromState: null, ...newClock() };
    case 'reject-suspend':
      return { state: 'IN_PROGRESS', requestedFromState: null };
    case 'resume':
      // the clock restarts now with the time that was left; the yellow warning then comes at 80% of that time
      // (measuring from the original start would count the suspension as time used and turn it yellow at once)
      return {
        state: 'IN_PROGRESS',
        handlingStartedAt: now,
        handlingDueAt: resumedDueAt(c.suspendedRemainingMinutes ?? 0, c, env),
        suspendedRemainingMinutes: null,
        ...newClock(),
      };
    case 'void':
      return { state: 'VOID', voidReason: input.reasonCode as VoidReason };
    case 'urge':
      return { state: c.state, supervised: true };
    case 'escalate':
      return { state: c.state, escalatedToDistrict: true };
    case 'merge':
      // one problem = one case (高效处置一件事): the duplicate ends, pointing at the case that carries on
      return { state: 'VOID', voidReason: 'duplicate', duplicateOf: input.targetCaseId ?? null };
    case 'comment':
      return actor.role === 'system' && input.systemFlags ? { state: c.state, ...input.systemFlags } : { state: c.state };
  }
}

/**
 * The one transition function of the closed loop. Checks scope, role, state, person and input, then returns the
 * case as it is after the action — with the running clock recomputed — or the reason it is refused.
 */
export function transition(c: WorkflowCase, action: CaseAction, actor: Actor, input: ActionInput, env: TransitionEnv): Transition | Refusal {
  const refused = checkPermission(c, action, actor, env.category) ?? checkInput(c, action, input, env);
  if (refused) return refused;
  const changes = effects(c, action, actor, input, env);
  const moved = changes.state !== c.state;
  const next: WorkflowCase = { ...c, ...changes, stepStartedAt: moved ? env.now : c.stepStartedAt };
  Object.assign(next, runningClock(next, env));
  return { ok: true, from: c.state, to: next.state, next };
}
