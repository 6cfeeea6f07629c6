import type { DistrictCode } from '../districts';
import type { Source } from '../sources';
import type { Priority } from './case-actions';
import { runningClock, type ClockSettings } from './clock';
import type { WorkflowCase } from './workflow-case';

export interface NewCaseFacts {
  id: string;
  source: Source;
  districtCode: DistrictCode;
  categoryCode: string;
  priority: Priority;
  reportedAt: Date;
}

/** A report as it enters the loop: REPORTED (待受理), with the accept-report step clock running. */
export function newReportedCase(facts: NewCaseFacts, settings: ClockSettings): WorkflowCase {
  const c: WorkflowCase = {
    id: facts.id,
    source: facts.source,
    districtCode: facts.districtCode,
    categoryCode: facts.categoryCode,
    priority: facts.priority,
    reportedAt: facts.reportedAt,
    state: 'REPORTED',
    // P0 classes (road collapse, gas leak, fire) are urgent from the first minute
    urgent: facts.priority === 'P0',
    supervised: false,
    escalatedToDistrict: false,
    assigneeUserId: null,
    assigneeUnitCode: null,
    fixerUserId: null,
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
    stepStartedAt: facts.reportedAt,
    stepDueAt: null,
    clockYellowAt: null,
    clockDueAt: null,
    voidReason: null,
    returnReason: null,
    duplicateOf: null,
    suggestedDuplicateOf: null,
    dispatchHold: null,
    callbackSatisfied: null,
    filedAt: null,
    dispatchedAt: null,
    acceptedAt: null,
    handledAt: null,
    checkedAt: null,
    closedAt: null,
  };
  const clock = runningClock(c, settings);
  c.stepDueAt = clock.stepDueAt;
  c.clockYellowAt = clock.clockYellowAt;
  c.clockDueAt = clock.clockDueAt;
  return c;
}

/** Human case number 案件编号 `CZ-YYYYMMDD-NNNN` (长征), the date in the town's zone. */
export function formatCaseNumber(localDate: string, dailySequence: number): string {
  return `CZ-${localDate.replaceAll('-', '')}-${String(dailySequence).padStart(4, '0')}`;
}
