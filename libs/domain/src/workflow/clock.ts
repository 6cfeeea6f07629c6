import type { Light, TimeLimit } from '../calendar/calendar.types';
import { DEFAULT_YELLOW_FRACTION } from '../calendar/calendar.types';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { thresholdInstant } from '../calendar/traffic-light';
import { HANDLING_CLOCK_STATES, type CaseState } from './case-states';
import type { WorkflowCase } from './workflow-case';

/** Per-step limits (domain.md §5, defaults): accept a report 10 min, verify 60 min, file 30, dispatch 30, check 2 working h, close 1 working h. */
export const DEFAULT_STEP_LIMITS: Partial<Record<CaseState, TimeLimit>> = {
  REPORTED: { amount: 10 / 60, unit: 'natural_hours' },
  PENDING_VERIFY: { amount: 1, unit: 'natural_hours' },
  PENDING_FILE: { amount: 0.5, unit: 'natural_hours' },
  PENDING_DISPATCH: { amount: 0.5, unit: 'natural_hours' },
  PENDING_CHECK: { amount: 2, unit: 'working_hours' },
  PENDING_CLOSE: { amount: 1, unit: 'working_hours' },
};

/**
 * What the running clock of a case measures, by state — the name a countdown needs beside it (核实时限, 处置时限,
 * 核查时限…): the handling limit while the fix is being made, else the limit of the step the case waits in
 * (runningClock below runs exactly these). Null where no clock runs (suspended, fixed and awaiting a checker, closed).
 */
export type ClockMeasure = 'handling' | 'accept' | 'verify' | 'file' | 'dispatch' | 'check' | 'close';
const STEP_MEASURES: Partial<Record<CaseState, ClockMeasure>> = {
  REPORTED: 'accept',
  PENDING_VERIFY: 'verify',
  PENDING_FILE: 'file',
  PENDING_DISPATCH: 'dispatch',
  PENDING_CHECK: 'check',
  PENDING_CLOSE: 'close',
};
export function clockMeasureOf(state: CaseState): ClockMeasure | null {
  return HANDLING_CLOCK_STATES.includes(state) ? 'handling' : (STEP_MEASURES[state] ?? null);
}

export interface ClockSettings {
  calendar: WorkingCalendar;
  stepLimits?: Partial<Record<CaseState, TimeLimit>>;
  yellowFraction?: number;
}

type ClockFields = Pick<WorkflowCase, 'stepDueAt' | 'clockYellowAt' | 'clockDueAt'>;

/**
 * Recompute the running clock after a step. While the fix is being made the handling clock (from dispatch) rules;
 * a suspended case runs no clock (it leaves the SLA denominators); other open states run their step's clock.
 */
export function runningClock(
  c: Pick<WorkflowCase, 'state' | 'stepStartedAt' | 'handlingStartedAt' | 'handlingDueAt' | 'handlingLimitUnit'>,
  settings: ClockSettings,
): ClockFields {
  const fraction = settings.yellowFraction ?? DEFAULT_YELLOW_FRACTION;
  const stepLimit = (settings.stepLimits ?? DEFAULT_STEP_LIMITS)[c.state];
  const stepDueAt = stepLimit ? settings.calendar.addLimit(c.stepStartedAt, stepLimit) : null;
  if (HANDLING_CLOCK_STATES.includes(c.state) && c.handlingStartedAt && c.handlingDueAt && c.handlingLimitUnit) {
    const yellow = thresholdInstant({
      startAt: c.handlingStartedAt,
      dueAt: c.handlingDueAt,
      unit: c.handlingLimitUnit,
      calendar: settings.calendar,
      fraction,
    });
    return { stepDueAt, clockYellowAt: yellow, clockDueAt: c.handlingDueAt };
  }
  if (stepLimit && stepDueAt) {
    const yellow = thresholdInstant({ startAt: c.stepStartedAt, dueAt: stepDueAt, unit: stepLimit.unit, calendar: settings.calendar, fraction });
    return { stepDueAt, clockYellowAt: yellow, clockDueAt: stepDueAt };
  }
  return { stepDueAt, clockYellowAt: null, clockDueAt: null };
}

/** Traffic light (红黄绿灯) of a case at `now`; null when no clock runs (closed, void, suspended, awaiting check dispatch). */
export function lightOf(c: Pick<WorkflowCase, 'clockYellowAt' | 'clockDueAt'>, now: Date): Light | null {
  if (!c.clockDueAt) return null;
  if (now.getTime() >= c.clockDueAt.getTime()) return 'red';
  if (c.clockYellowAt && now.getTime() >= c.clockYellowAt.getTime()) return 'yellow';
  return 'green';
}
