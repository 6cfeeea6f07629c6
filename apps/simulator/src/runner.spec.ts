import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, nextBackoff } from './runner';
import { SkipList, queuesFor } from './actors';
import { ROLES } from '@gridops/domain';

describe('the loop around the town', () => {
  it('backs off from 1 s, doubling, to at most 30 s while the API is down', () => {
    const steps = [0];
    for (let i = 0; i < 8; i++) steps.push(nextBackoff(steps[steps.length - 1]));
    expect(steps.slice(1, 4)).toEqual([BACKOFF_MIN_MS, 2 * BACKOFF_MIN_MS, 4 * BACKOFF_MIN_MS]);
    expect(Math.max(...steps)).toBe(BACKOFF_MAX_MS);
  });

  it('remembers a bounded number of cases to skip, forgetting the oldest', () => {
    const s = new SkipList(3);
    for (const k of ['a', 'b', 'c', 'd']) s.add(k);
    expect(s.size).toBe(3);
    expect(s.has('a', 0)).toBe(false);
    expect(s.has('d', 0)).toBe(true);
  });

  it('skips a refused case only until its cooldown ends', () => {
    const s = new SkipList(10);
    s.add('refused', 1000);
    expect(s.has('refused', 999)).toBe(true);
    expect(s.has('refused', 1000)).toBe(false);
    expect(s.size).toBe(0);
  });

  it('gives every role that acts in the loop a queue to read, admins none', () => {
    const now = new Date('2026-11-26T02:00:00Z');
    for (const role of ROLES) expect(queuesFor(role, now).length > 0).toBe(role !== 'admin');
    expect(queuesFor('grid_worker', now)).toContain('assignee=me&state=DISPATCHED,IN_PROGRESS,REWORK');
    expect(queuesFor('operator', now).find((q) => q.includes('CLOSED'))).toContain(encodeURIComponent('2026-11-25T20:00:00.000Z'));
  });
});
