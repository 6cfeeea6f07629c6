/**
 * Test fixtures for the workflow specs (state-matrix, access, transition). Not exported from the package index.
 * Kept free of jest globals so that it also compiles in the library build.
 */
import { DEFAULT_CALENDAR_CONFIG } from '../../calendar/calendar.types';
import { townIsoString } from '../../calendar/town-time';
import { WorkingCalendar } from '../../calendar/working-calendar';
import type { ActorRole } from '../../roles';
import type { ActionInput } from '../action-input';
import type { CaseAction } from '../case-actions';
import type { Refusal, RefusalCode } from '../permission';
import { transition, type Transition, type TransitionEnv } from '../transition';
import type { Actor, WorkflowCase, WorkflowCategory } from '../workflow-case';

/** The town calendar with default office hours 08:30–17:30 Mon–Fri, no holidays. */
export const CAL = new WorkingCalendar(DEFAULT_CALENDAR_CONFIG);

/** An instant from an ISO string; write them with +08:00 so they read as Shanghai wall time. */
export const at = (iso: string): Date => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad ISO instant in a test: ${iso}`);
  return d;
};

/** Back to "+08:00" wall time so failures read like the expectations. */
export const local = (d: Date | null): string | null => (d === null ? null : townIsoString(d));

// ---------------------------------------------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------------------------------------------

/** 暴露垃圾 Exposed rubbish: 4 working hours, self-disposable; no after-photo rule here, so input rules can be tested alone. */
export const CAT_RUBBISH: WorkflowCategory = { code: 'E0102', selfDisposable: true, handlingLimit: { amount: 4, unit: 'working_hours' }, afterPhotoRequired: false };
/** 乱堆物堆料 Illegal piling: 1 working day, self-disposable, handling needs an after-photo. */
export const CAT_PILING: WorkflowCategory = { code: 'E0507', selfDisposable: true, handlingLimit: { amount: 1, unit: 'working_days' }, afterPhotoRequired: true };
/** 上水井盖 Water-supply manhole cover: 24 natural hours, NOT self-disposable, handling needs an after-photo. */
export const CAT_MANHOLE: WorkflowCategory = { code: 'C0101', selfDisposable: false, handlingLimit: { amount: 24, unit: 'natural_hours' }, afterPhotoRequired: true };

// ---------------------------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------------------------

export const DISTRICT = 'xincheng' as const;
export const OTHER_DISTRICT = 'jinsha' as const;
export const UNIT = 'unit-cgzd'; // 城管中队
export const OTHER_UNIT = 'unit-srhw'; // 市容环卫

export const OPERATOR: Actor = { role: 'operator', userId: 'op-1', districtCode: null, unitCode: null };
export const SHIFT_LEAD: Actor = { role: 'shift_lead', userId: 'lead-1', districtCode: null, unitCode: null };
/** the grid worker the cases are assigned to */
export const GRID_WORKER: Actor = { role: 'grid_worker', userId: 'gw-1', districtCode: DISTRICT, unitCode: null };
/** another grid worker of the same district: not the assignee, not the fixer */
export const GRID_WORKER_2: Actor = { role: 'grid_worker', userId: 'gw-2', districtCode: DISTRICT, unitCode: null };
/** a grid worker of another district */
export const GRID_WORKER_ELSEWHERE: Actor = { role: 'grid_worker', userId: 'gw-9', districtCode: OTHER_DISTRICT, unitCode: null };
export const UNIT_STAFF: Actor = { role: 'unit_staff', userId: 'us-1', districtCode: null, unitCode: UNIT };
export const UNIT_STAFF_2: Actor = { role: 'unit_staff', userId: 'us-2', districtCode: null, unitCode: UNIT };
export const UNIT_STAFF_ELSEWHERE: Actor = { role: 'unit_staff', userId: 'us-9', districtCode: null, unitCode: OTHER_UNIT };
export const SUPERVISOR: Actor = { role: 'supervisor', userId: 'sup-1', districtCode: null, unitCode: null };
export const ADMIN: Actor = { role: 'admin', userId: 'admin-1', districtCode: null, unitCode: null };
export const SYSTEM_ACTOR: Actor = { role: 'system', userId: null, districtCode: null, unitCode: null };

/** The user who reported the fix in the matrix cases: nobody in the list above. */
export const FIXER_ID = 'gw-fixer';

/** One actor per role, town-level unless the role is bound (grid worker → district, unit staff → unit). */
export const ACTOR_BY_ROLE: Record<ActorRole, Actor> = {
  operator: OPERATOR,
  shift_lead: SHIFT_LEAD,
  grid_worker: GRID_WORKER,
  unit_staff: UNIT_STAFF,
  supervisor: SUPERVISOR,
  admin: ADMIN,
  system: SYSTEM_ACTOR,
};

// ---------------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------------

const T0 = at('2026-11-26T09:00:00+08:00'); // a Thursday

/**
 * A complete case in any state. Defaults: 12345 hotline, district xincheng, self-disposable category, dispatched to
 * grid worker gw-1, fix reported by someone else, no escalation/extension/callback yet, no clock.
 */
export function makeCase(overrides: Partial<WorkflowCase> = {}): WorkflowCase {
  return {
    id: 'case-1',
    state: 'REPORTED',
    source: 'hotline_12345',
    districtCode: DISTRICT,
    categoryCode: CAT_RUBBISH.code,
    priority: 'P2',
    urgent: false,
    supervised: false,
    escalatedToDistrict: false,
    assigneeUserId: GRID_WORKER.userId,
    assigneeUnitCode: null,
    fixerUserId: FIXER_ID,
    checkerUserId: null,
    requestedFromState: null,
    requestedDueAt: null,
    reworkCount: 0,
    extensionCount: 0,
    returnCount: 0,
    deadlineVersion: 0,
    handlingStartedAt: null,
    handlingDueAt: null,
    handlingLimitUnit: null,
    suspendedRemainingMinutes: null,
    stepStartedAt: T0,
    stepDueAt: null,
    clockYellowAt: null,
    clockDueAt: null,
    voidReason: null,
    returnReason: null,
    duplicateOf: null,
    suggestedDuplicateOf: null,
    dispatchHold: null,
    callbackSatisfied: null,
    reportedAt: T0,
    filedAt: null,
    dispatchedAt: null,
    acceptedAt: null,
    handledAt: null,
    checkedAt: null,
    closedAt: null,
    ...overrides,
  };
}

/**
 * The matrix case for a role: the actor is the assignee. Grid worker → assigneeUserId = its id; unit staff →
 * assigneeUserId null and assigneeUnitCode = its unit (the unit is the assignee). Everyone else sees the grid-worker
 * assignment (it does not matter for them).
 */
export function matrixCase(role: ActorRole, overrides: Partial<WorkflowCase> = {}): WorkflowCase {
  const assignment: Partial<WorkflowCase> =
    role === 'unit_staff' ? { assigneeUserId: null, assigneeUnitCode: UNIT } : { assigneeUserId: GRID_WORKER.userId, assigneeUnitCode: null };
  return makeCase({ ...assignment, ...overrides });
}

// ---------------------------------------------------------------------------------------------------------------
// Running transitions
// ---------------------------------------------------------------------------------------------------------------

export function envAt(now: string | Date, category: WorkflowCategory = CAT_RUBBISH): TransitionEnv {
  return { now: typeof now === 'string' ? at(now) : now, category, calendar: CAL };
}

export function isRefusal(r: Transition | Refusal): r is Refusal {
  return r.ok === false;
}

/** Run a transition that must succeed; throws with the refusal otherwise (clearer than a failed expect on `ok`). */
export function step(
  c: WorkflowCase,
  action: CaseAction,
  actor: Actor,
  input: ActionInput,
  now: string | Date,
  category: WorkflowCategory = CAT_RUBBISH,
): WorkflowCase {
  const r = transition(c, action, actor, input, envAt(now, category));
  if (isRefusal(r)) throw new Error(`${action} by ${actor.role} (${actor.userId}) in ${c.state} refused: ${r.code} ${r.message}`);
  return r.next;
}

/** Run a transition that must be refused; returns its code (or 'ok' when it was not refused). */
export function refusalCode(
  c: WorkflowCase,
  action: CaseAction,
  actor: Actor,
  input: ActionInput,
  now: string | Date,
  category: WorkflowCategory = CAT_RUBBISH,
): RefusalCode | 'ok' {
  const r = transition(c, action, actor, input, envAt(now, category));
  return isRefusal(r) ? r.code : 'ok';
}

/** Deep-freeze a case (its Dates too) so that any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
