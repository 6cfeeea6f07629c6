import { randomUUID } from 'node:crypto';
import {
  newReportedCase,
  runningClock,
  type ActorRole,
  type CaseEventType,
  type CaseState,
  type DistrictCode,
  type LimitUnit,
  type Source,
  type VoidReason,
  type WorkflowCase,
  type WorkingCalendar,
} from '@gridops/domain';

/**
 * What happened to a case of the past, for history written by SQL instead of through the api: the demo's month
 * (seed-demo-history.ts) and the benchmarks' years (bench/grow.mjs). One home for the proportions and the timeline
 * rules of both. Every step is one ACTION_RULES allows from the state before, taken by a role it names (a unit test
 * walks the rules); a step whose time has not come yet is not taken, so recent cases are open in every state.
 *
 * Proportions, close to the demo town's simulator: 4 % voided at registration; of the patrol reports of a category
 * that can be fixed on the spot, 30 % self-disposed (自处置); the rest dispatched to the category's unit or an on-duty
 * grid worker of the 片区; 3 % returned once (回退, then dispatched again), 4 % extended (延期), 6 % reworked after a
 * failed check (返工), 1 % escalated to district (上提区级), 0.3 % suspended (挂账, still open); handling time
 * log-normal around 45 % of the limit (about one in ten late); check and close within hours of the fix.
 */
export const HISTORY_SHARES = { void: 0.04, selfDispose: 0.3, returned: 0.03, extended: 0.04, reworked: 0.06, escalated: 0.01, suspended: 0.003 } as const;

/** One report of the past: where, what, when and through which channel. */
export interface HistoryReport {
  reportedAt: Date;
  source: Source;
  categoryCode: string;
  districtCode: string;
  gridCellCode: string;
  lat: number;
  lng: number;
  address: string;
  description: string;
  deviceId?: string | null;
  cameraId?: string | null;
}

export interface HistoryPerson {
  id: string | null;
  role: ActorRole;
  name: string;
}

export interface HistoryCategory {
  needsUnit: boolean;
  defaultUnitCode: string | null;
  limit: { amount: number; unit: LimitUnit };
  autoClose: boolean;
  selfDisposable: boolean;
}

/** Who acts in the history: the desk, the shift lead, the software, the grid workers by 片区 and the unit staff. */
export interface HistoryCast {
  desk: HistoryPerson;
  lead: HistoryPerson;
  system: HistoryPerson;
  workers: ReadonlyMap<string, readonly HistoryPerson[]>;
  unitStaff: ReadonlyMap<string, readonly HistoryPerson[]>;
  categories: ReadonlyMap<string, HistoryCategory>;
  calendar: WorkingCalendar;
}

export interface PlannedEvent {
  type: CaseEventType;
  fromState: CaseState | null;
  toState: CaseState;
  at: Date;
  actor: HistoryPerson;
  /** the case's version and deadline version after this event (the outbox row carries them) */
  caseVersion: number;
  deadlineVersion: number;
}

/** A planned case: the case as its last step left it, the report it came from, and its timeline. */
export interface PlannedCase {
  case: WorkflowCase;
  report: HistoryReport;
  reportedBy: string | null;
  /** the row's version: one per event */
  version: number;
  events: PlannedEvent[];
}

type Rng = () => number;
const MIN = 60_000;
const HOUR = 3_600_000;
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length) % items.length];

/** Raised inside plan() when the next step's time is after `now`: the case stays where it is. */
class NotYet extends Error {}

/** The timeline of one report up to `now`, drawn with `rng`. */
export function planCaseHistory(report: HistoryReport, cast: HistoryCast, now: Date, rng: Rng): PlannedCase {
  const category = cast.categories.get(report.categoryCode);
  if (!category) throw new Error(`history: unknown category ${report.categoryCode}`);
  const workers = cast.workers.get(report.districtCode) ?? [];
  if (!workers.length) throw new Error(`history: no grid worker in ${report.districtCode}`);
  const c = newReportedCase(
    { id: randomUUID(), source: report.source, districtCode: report.districtCode as DistrictCode, categoryCode: report.categoryCode, priority: 'P2', reportedAt: report.reportedAt },
    { calendar: cast.calendar },
  );
  const plan: PlannedCase = { case: c, report, reportedBy: null, version: 0, events: [] };
  let t = report.reportedAt.getTime();
  const step = (type: CaseEventType, to: CaseState, afterMs: number, actor: HistoryPerson, apply?: (at: Date) => void) => {
    const at = t + Math.max(1000, Math.round(afterMs));
    if (at > now.getTime()) throw new NotYet();
    t = at;
    const from = plan.events.length ? c.state : null;
    if (type === 'dispatch' || type === 'approve-return' || type === 'approve-extension' || type === 'approve-suspend') c.deadlineVersion += 1;
    apply?.(new Date(at));
    plan.version += 1;
    if (to !== c.state || from === null) c.stepStartedAt = new Date(at);
    c.state = to;
    plan.events.push({ type, fromState: from, toState: to, at: new Date(at), actor, caseVersion: plan.version, deadlineVersion: c.deadlineVersion });
  };

  const reporter = report.source === 'patrol' ? pick(rng, workers) : report.source === 'hotline_12345' || report.source === 'citizen_app' ? cast.desk : cast.system;
  plan.reportedBy = reporter.id;
  try {
    step('report', 'REPORTED', 0, reporter);
    if (rng() < HISTORY_SHARES.void) {
      step('void', 'VOID', between(rng, 5, 60) * MIN, cast.desk, () => (c.voidReason = pick<VoidReason>(rng, ['duplicate', 'invalid', 'out_of_jurisdiction'])));
      return finish(plan, cast);
    }
    const checker = (fixer: string | null) => workers.find((w) => w.id !== fixer) ?? cast.lead;
    if (report.source === 'patrol' && category.selfDisposable && rng() < HISTORY_SHARES.selfDispose) {
      step('self-dispose', 'SELF_DISPOSED', between(rng, 10, 90) * MIN, reporter, (at) => {
        c.fixerUserId = c.assigneeUserId = reporter.id;
        c.filedAt = c.handledAt = at;
      });
      const by = checker(reporter.id);
      step('send-check', 'PENDING_CHECK', between(rng, 1, 5) * MIN, cast.system, () => (c.checkerUserId = by.id));
      step('check-pass', 'PENDING_CLOSE', between(rng, 0.5, 12) * HOUR, by, (at) => (c.checkedAt = at));
      step('close', 'CLOSED', category.autoClose ? MIN : between(rng, 10, 120) * MIN, category.autoClose ? cast.system : cast.lead, (at) => (c.closedAt = at));
      return finish(plan, cast);
    }
    const patrol = report.source === 'patrol' || report.source === 'iot' || report.source === 'video_ai';
    step('register', 'PENDING_FILE', (patrol ? between(rng, 1, 3) : between(rng, 3, 20)) * MIN, patrol ? cast.system : cast.desk);
    step('file', 'PENDING_DISPATCH', (patrol ? between(rng, 1, 3) : between(rng, 5, 40)) * MIN, patrol ? cast.system : cast.lead, (at) => (c.filedAt = at));
    const unitStaff = category.needsUnit && category.defaultUnitCode ? (cast.unitStaff.get(category.defaultUnitCode) ?? []) : [];
    const assignee = unitStaff.length ? pick(rng, unitStaff) : pick(rng, workers);
    const dispatch = (after: number) =>
      step('dispatch', 'DISPATCHED', after, cast.system, (at) => {
        c.assigneeUserId = unitStaff.length ? null : assignee.id;
        c.assigneeUnitCode = unitStaff.length ? category.defaultUnitCode : null;
        c.dispatchedAt = c.handlingStartedAt = at;
        c.handlingDueAt = cast.calendar.addLimit(at, category.limit);
        c.handlingLimitUnit = category.limit.unit;
      });
    dispatch(between(rng, 1, 20) * MIN);
    if (rng() < HISTORY_SHARES.returned) {
      step('request-return', 'RETURN_REQUESTED', between(rng, 20, 60) * MIN, assignee);
      step('approve-return', 'PENDING_DISPATCH', between(rng, 20, 90) * MIN, cast.lead, () => {
        c.returnCount += 1;
        c.assigneeUserId = c.assigneeUnitCode = null;
        c.handlingStartedAt = c.handlingDueAt = null;
      });
      dispatch(between(rng, 5, 30) * MIN);
    }
    step('accept', 'IN_PROGRESS', between(rng, 2, 60) * MIN, assignee, (at) => (c.acceptedAt = at));
    // the fix: log-normal around 45 % of the time the limit gives (about one case in eight late), at least 10 minutes
    const span = (c.handlingDueAt as Date).getTime() - (c.dispatchedAt as Date).getTime();
    const normal = Math.sqrt(-2 * Math.log(Math.max(rng(), 1e-9))) * Math.cos(2 * Math.PI * rng());
    const fix = Math.max(10 * MIN, span * Math.exp(-0.8 + 0.65 * normal) - (t - (c.dispatchedAt as Date).getTime()));
    const fixedAt = t + fix; // side steps (extension, escalation) fall inside the fix, never after it
    if (rng() < HISTORY_SHARES.extended) {
      step('request-extension', 'EXTENSION_REQUESTED', 0.2 * fix, assignee);
      step('approve-extension', 'IN_PROGRESS', 0.2 * fix, cast.lead, () => {
        c.extensionCount += 1;
        c.handlingDueAt = cast.calendar.addLimit(c.handlingDueAt as Date, category.limit);
      });
    }
    if (rng() < HISTORY_SHARES.escalated) step('escalate', 'IN_PROGRESS', 0.1 * fix, cast.system, () => (c.escalatedToDistrict = true));
    if (rng() < HISTORY_SHARES.suspended) {
      step('request-suspend', 'SUSPEND_REQUESTED', 0.1 * fix, assignee);
      step('approve-suspend', 'SUSPENDED', 0.1 * fix, cast.lead, (at) => (c.suspendedRemainingMinutes = Math.max(0, ((c.handlingDueAt as Date).getTime() - at.getTime()) / MIN)));
      return finish(plan, cast);
    }
    step('handle', 'HANDLED', fixedAt - t, assignee, (at) => {
      c.fixerUserId = assignee.id;
      c.handledAt = at;
    });
    const by = checker(assignee.id);
    step('send-check', 'PENDING_CHECK', between(rng, 1, 5) * MIN, cast.system, () => (c.checkerUserId = by.id));
    if (rng() < HISTORY_SHARES.reworked) {
      step('check-fail', 'REWORK', between(rng, 0.5, 6) * HOUR, by, (at) => {
        c.checkedAt = at;
        c.reworkCount += 1;
      });
      step('handle', 'HANDLED', between(rng, 1, 20) * HOUR, assignee, (at) => (c.handledAt = at));
      step('send-check', 'PENDING_CHECK', between(rng, 1, 5) * MIN, cast.system);
    }
    step('check-pass', 'PENDING_CLOSE', between(rng, 0.3, 6) * HOUR, by, (at) => (c.checkedAt = at));
    step('close', 'CLOSED', category.autoClose ? MIN : between(rng, 10, 180) * MIN, category.autoClose ? cast.system : cast.lead, (at) => (c.closedAt = at));
  } catch (err) {
    if (!(err instanceof NotYet)) throw err;
  }
  return finish(plan, cast);
}

/** The running clock of where the case stopped (none for closed, void and suspended cases), as transition() leaves it. */
function finish(plan: PlannedCase, cast: HistoryCast): PlannedCase {
  Object.assign(plan.case, runningClock(plan.case, { calendar: cast.calendar }));
  return plan;
}
