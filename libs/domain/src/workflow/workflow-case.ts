import type { DistrictCode } from '../districts';
import type { Source } from '../sources';
import type { CaseState } from './case-states';
import type { Priority, ReturnReason, VoidReason } from './case-actions';
import type { LimitUnit } from '../calendar/calendar.types';

/**
 * The part of a case the state machine reads and writes. The server's entity carries more (description, location,
 * reporter…); this is what decides who may do what and what each step changes.
 */
export interface WorkflowCase {
  id: string;
  state: CaseState;
  source: Source;
  districtCode: DistrictCode;
  categoryCode: string;
  priority: Priority;
  /** 紧急 */
  urgent: boolean;
  /** 督办: someone with authority is watching this case */
  supervised: boolean;
  /** 上提区级: handed up to district level, so it no longer counts as solved at grass roots */
  escalatedToDistrict: boolean;
  assigneeUserId: string | null;
  assigneeUnitCode: string | null;
  /** who reported the fix (handle / self-dispose): a checker must be someone else */
  fixerUserId: string | null;
  checkerUserId: string | null;
  /** where a pending request (return / extension / suspension) came from, to go back on rejection */
  requestedFromState: CaseState | null;
  requestedDueAt: Date | null;
  reworkCount: number;
  extensionCount: number;
  returnCount: number;
  /** bumped whenever the handling deadline changes, so timers of an old deadline can tell they are stale */
  deadlineVersion: number;
  /** the handling clock: starts at dispatch (派遣即计时), not at acceptance */
  handlingStartedAt: Date | null;
  handlingDueAt: Date | null;
  handlingLimitUnit: LimitUnit | null;
  /** when suspended, the limit left on the clock, in the unit's own minutes */
  suspendedRemainingMinutes: number | null;
  /** the current step (accept, verify, file, dispatch, check, close) and its limit */
  stepStartedAt: Date;
  stepDueAt: Date | null;
  /**
   * The clock that runs now — the handling clock while the fix is being made, else the current step's — reduced to
   * two instants so lists can filter by traffic light in SQL: yellow from `clockYellowAt`, red from `clockDueAt`.
   */
  clockYellowAt: Date | null;
  clockDueAt: Date | null;
  voidReason: VoidReason | null;
  returnReason: ReturnReason | null;
  duplicateOf: string | null;
  /** an open case this one probably repeats (same category, nearby, recent): a suggestion for the desk to merge */
  suggestedDuplicateOf: string | null;
  /** why automatic dispatch could not place the case (e.g. no one on duty): the desk must dispatch by hand */
  dispatchHold: string | null;
  callbackSatisfied: boolean | null;
  reportedAt: Date;
  filedAt: Date | null;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  handledAt: Date | null;
  checkedAt: Date | null;
  closedAt: Date | null;
}

/** The facts of the case's category that workflow rules depend on. */
export interface WorkflowCategory {
  code: string;
  selfDisposable: boolean;
  handlingLimit: { amount: number; unit: LimitUnit };
  /** `handle` and `self-dispose` must bring a photo of kind `after` (处置后照片) */
  afterPhotoRequired: boolean;
}

export interface Actor {
  role: import('../roles').ActorRole;
  userId: string | null;
  /** set for a 片区-bound user: it sees and acts only inside this district */
  districtCode: DistrictCode | null;
  /** set for unit staff: the 处置单位 it works for */
  unitCode: string | null;
}

export const SYSTEM: Actor = { role: 'system', userId: null, districtCode: null, unitCode: null };

/** Every field of WorkflowCase, so a richer record (the database entity) can be narrowed to it. */
export const WORKFLOW_CASE_KEYS = [
  'id', 'state', 'source', 'districtCode', 'categoryCode', 'priority', 'urgent', 'supervised', 'escalatedToDistrict',
  'assigneeUserId', 'assigneeUnitCode', 'fixerUserId', 'checkerUserId', 'requestedFromState', 'requestedDueAt',
  'reworkCount', 'extensionCount', 'returnCount', 'deadlineVersion', 'handlingStartedAt', 'handlingDueAt',
  'handlingLimitUnit', 'suspendedRemainingMinutes', 'stepStartedAt', 'stepDueAt', 'clockYellowAt', 'clockDueAt',
  'voidReason', 'returnReason', 'duplicateOf', 'suggestedDuplicateOf', 'dispatchHold', 'callbackSatisfied', 'reportedAt', 'filedAt', 'dispatchedAt',
  'acceptedAt', 'handledAt', 'checkedAt', 'closedAt',
] as const satisfies readonly (keyof WorkflowCase)[];

// compile-time proof that the list above names every field
type MissingKeys = Exclude<keyof WorkflowCase, (typeof WORKFLOW_CASE_KEYS)[number]>;
const everyKeyListed: MissingKeys extends never ? true : MissingKeys = true;
void everyKeyListed;

export function pickWorkflowCase(record: WorkflowCase): WorkflowCase {
  const out = {} as Record<string, unknown>;
  for (const k of WORKFLOW_CASE_KEYS) out[k] = record[k];
  return out as unknown as WorkflowCase;
}
