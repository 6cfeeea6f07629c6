import type { SlaKind } from '@gridops/contracts';
import { HANDLING_CLOCK_STATES, thresholdInstant, type WorkflowCase, type WorkingCalendar } from '@gridops/domain';

/** escalation to town leadership at 200% of the limit (domain.md §5, default) */
export const ESCALATE_FRACTION = 2;

/**
 * When the SLA timers of a case's handling deadline fire: 80 % (yellow), 100 % (red), 200 % (escalate), on the
 * limit's own clock. Null when no handling clock runs. The event that sets a deadline carries them (case-journal.ts),
 * and the relay plans the timers from them (case-effects.ts).
 */
export function slaInstants(
  c: Pick<WorkflowCase, 'state' | 'handlingStartedAt' | 'handlingDueAt' | 'handlingLimitUnit' | 'clockYellowAt'>,
  calendar: WorkingCalendar,
): Record<SlaKind, Date> | null {
  if (!HANDLING_CLOCK_STATES.includes(c.state) || !c.handlingStartedAt || !c.handlingDueAt || !c.handlingLimitUnit) return null;
  return {
    yellow: c.clockYellowAt ?? c.handlingDueAt,
    red: c.handlingDueAt,
    escalate: thresholdInstant({ startAt: c.handlingStartedAt, dueAt: c.handlingDueAt, unit: c.handlingLimitUnit, calendar, fraction: ESCALATE_FRACTION }),
  };
}
