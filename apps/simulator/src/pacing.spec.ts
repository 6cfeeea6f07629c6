import { NEGLECT_SECONDS, STEP_SECONDS, isDue, stepDelayMs } from './pacing';

const ids = Array.from({ length: 2000 }, (_, i) => `case-${i}`);

describe('pacing of the simulated people', () => {
  it('takes a step within its range at SIM_SPEED=1 when nobody neglects it', () => {
    const [min, max] = STEP_SECONDS.IN_PROGRESS ?? [0, 0];
    for (const id of ids) {
      const ms = stepDelayMs(id, 4, 'IN_PROGRESS', 1, 0);
      expect(ms).toBeGreaterThanOrEqual(min * 1000);
      expect(ms).toBeLessThanOrEqual(max * 1000);
    }
  });

  it('answers the same for the same step, and anew for the next version', () => {
    expect(stepDelayMs('case-1', 2, 'REPORTED', 1, 0.03)).toBe(stepDelayMs('case-1', 2, 'REPORTED', 1, 0.03));
    const next = ids.filter((id) => stepDelayMs(id, 2, 'REPORTED', 1, 0) !== stepDelayMs(id, 3, 'REPORTED', 1, 0));
    expect(next.length).toBeGreaterThan(ids.length * 0.95);
  });

  it('scales with SIM_SPEED', () => {
    expect(Math.abs(stepDelayMs('case-9', 1, 'PENDING_CHECK', 4, 0) - stepDelayMs('case-9', 1, 'PENDING_CHECK', 1, 0) / 4)).toBeLessThanOrEqual(1);
  });

  it('lets about SIM_NEGLECT of the steps slide for 12–45 minutes', () => {
    const slow = ids.filter((id) => stepDelayMs(id, 1, 'DISPATCHED', 1, 0.1) >= NEGLECT_SECONDS[0] * 1000);
    expect(slow.length / ids.length).toBeGreaterThan(0.08);
    expect(slow.length / ids.length).toBeLessThan(0.12);
    expect(ids.every((id) => stepDelayMs(id, 1, 'DISPATCHED', 1, 0.1) <= NEGLECT_SECONDS[1] * 1000)).toBe(true);
    expect(ids.some((id) => stepDelayMs(id, 1, 'DISPATCHED', 1, 0) >= NEGLECT_SECONDS[0] * 1000)).toBe(false);
  });

  it('is due once the delay has passed since the case last changed', () => {
    const c = { id: 'case-5', version: 1, state: 'REPORTED' as const, updatedAt: '2026-11-26T02:00:00.000Z' };
    const delay = stepDelayMs(c.id, c.version, c.state, 1, 0);
    const changed = Date.parse(c.updatedAt);
    expect(isDue(c, new Date(changed + delay - 1), 1, 0)).toBe(false);
    expect(isDue(c, new Date(changed + delay), 1, 0)).toBe(true);
  });

  it('staggers people who may take the same step by up to 10 s each', () => {
    const c = { id: 'case-6', version: 2, state: 'PENDING_VERIFY' as const, updatedAt: '2026-11-26T02:00:00.000Z' };
    const at = Date.parse(c.updatedAt) + stepDelayMs(c.id, c.version, c.state, 1, 0);
    const dueAfter = (who: string) => {
      for (let s = 0; s <= 10; s++) if (isDue(c, new Date(at + s * 1000), 1, 0, who)) return s;
      return Infinity;
    };
    const offsets = ['worker.xincheng', 'worker2.xincheng', 'worker.jinsha', 'lead'].map(dueAfter);
    expect(offsets.every((s) => s <= 10)).toBe(true);
    expect(new Set(offsets).size).toBeGreaterThan(1);
  });
});
