import { mergeCases, sortByDeadline, sortByRecent, isOverdue } from './task-sort';
import { summary } from './testing/render-field';

const NOW = new Date('2026-11-26T10:00:00+08:00').getTime();
const at = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();

describe('sorting my tasks by deadline', () => {
  it('puts overdue tasks on top (most overdue first), then the nearest deadline, and tasks without a clock last', () => {
    const later = summary({ number: 'later', clockDueAt: at(240) });
    const none = summary({ number: 'none', clockDueAt: null });
    const soon = summary({ number: 'soon', clockDueAt: at(20), light: 'yellow' });
    const overdue = summary({ number: 'overdue', clockDueAt: at(-30), light: 'red' });
    const veryOverdue = summary({ number: 'very-overdue', clockDueAt: at(-600), light: 'red' });
    expect(sortByDeadline([later, none, soon, overdue, veryOverdue]).map((c) => c.number)).toEqual(['very-overdue', 'overdue', 'soon', 'later', 'none']);
  });

  it('falls back to the handling deadline when no clock runs, and breaks ties by urgency, priority, then age', () => {
    const due = at(60);
    const p3 = summary({ number: 'p3', clockDueAt: due, priority: 'P3' });
    const p1 = summary({ number: 'p1', clockDueAt: due, priority: 'P1' });
    const urgent = summary({ number: 'urgent', clockDueAt: due, priority: 'P3', urgent: true });
    const handling = summary({ number: 'handling', clockDueAt: null, handlingDueAt: at(30) });
    expect(sortByDeadline([p3, p1, urgent, handling]).map((c) => c.number)).toEqual(['handling', 'urgent', 'p1', 'p3']);
  });

  it('orders finished work newest first', () => {
    const old = summary({ number: 'old', updatedAt: at(-300) });
    const fresh = summary({ number: 'fresh', updatedAt: at(-5) });
    expect(sortByRecent([old, fresh]).map((c) => c.number)).toEqual(['fresh', 'old']);
  });

  it('calls a task overdue from the server light or once its deadline has passed', () => {
    expect(isOverdue(summary({ clockDueAt: at(-1), light: 'yellow' }), NOW)).toBe(true);
    expect(isOverdue(summary({ clockDueAt: at(10), light: 'red' }), NOW)).toBe(true);
    expect(isOverdue(summary({ clockDueAt: at(10), light: 'green' }), NOW)).toBe(false);
    expect(isOverdue(summary({ clockDueAt: null, light: null }), NOW)).toBe(false);
  });

  it('merges the lists of a tab, keeping each case once at its newest version', () => {
    const a1 = summary({ id: 'a', version: 1 });
    const a2 = { ...a1, version: 2, state: 'IN_PROGRESS' as const };
    const b = summary({ id: 'b' });
    expect(mergeCases([[a1, b], [a2], undefined])).toEqual([a2, b]);
  });
});
