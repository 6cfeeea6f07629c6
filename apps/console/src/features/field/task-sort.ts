import type { CaseSummary } from '@gridops/contracts';
import { clockMeasureOf, type ClockMeasure } from '@gridops/domain';

/**
 * The clock a task shows, named by what it measures (核实/处置/核查 时限…): the case's running clock, with its own
 * deadline. After 处置反馈 that is the check's clock, not the handling deadline (#15); no clock runs while suspended
 * or while the fix waits for a checker, and then none is shown.
 */
export function taskClock(c: Pick<CaseSummary, 'state' | 'clockDueAt' | 'clockYellowAt'>): { measure: ClockMeasure; dueAt: string; yellowAt: string | null } | null {
  const measure = clockMeasureOf(c.state);
  return measure && c.clockDueAt ? { measure, dueAt: c.clockDueAt, yellowAt: c.clockYellowAt } : null;
}

/** The deadline a task card counts down to: the running clock (handling or step), else the handling deadline. */
export function taskDeadline(c: Pick<CaseSummary, 'clockDueAt' | 'handlingDueAt' | 'stepDueAt'>): string | null {
  return c.clockDueAt ?? c.handlingDueAt ?? c.stepDueAt ?? null;
}

const PRIORITY_RANK: Record<string, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
const time = (iso: string | null) => (iso ? new Date(iso).getTime() : Number.POSITIVE_INFINITY);

/**
 * Open tasks, nearest deadline first: overdue ones (deadline already past) come out on top, the most overdue first;
 * tasks with no clock go last. Ties: urgent first, then priority, then the oldest report.
 */
export function sortByDeadline<T extends CaseSummary>(cases: readonly T[]): T[] {
  return [...cases].sort(
    (a, b) =>
      time(taskDeadline(a)) - time(taskDeadline(b)) ||
      Number(b.urgent) - Number(a.urgent) ||
      (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
      time(a.reportedAt) - time(b.reportedAt),
  );
}

/** Finished work, most recent first. */
export function sortByRecent<T extends CaseSummary>(cases: readonly T[]): T[] {
  return [...cases].sort((a, b) => time(b.updatedAt) - time(a.updatedAt));
}

export function isOverdue(c: Pick<CaseSummary, 'clockDueAt' | 'handlingDueAt' | 'stepDueAt' | 'light'>, now: number): boolean {
  const due = taskDeadline(c);
  return c.light === 'red' || (due !== null && new Date(due).getTime() <= now);
}

/** One list from several queries (a tab may ask twice): each case once, the newest version kept. */
export function mergeCases<T extends CaseSummary>(lists: readonly (readonly T[] | undefined)[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) {
    for (const c of list ?? []) {
      const seen = byId.get(c.id);
      if (!seen || seen.version < c.version) byId.set(c.id, c);
    }
  }
  return [...byId.values()];
}

