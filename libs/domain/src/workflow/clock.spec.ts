import { CASE_STATES, HANDLING_CLOCK_STATES } from './case-states';
import { DEFAULT_STEP_LIMITS, clockMeasureOf } from './clock';

describe('what the running clock measures', () => {
  it('is the handling limit (处置时限) while the fix is being made', () => {
    for (const s of HANDLING_CLOCK_STATES) expect(clockMeasureOf(s)).toBe('handling');
  });

  it('is the step’s own limit where a step limit runs: 核实 while verifying, 核查 once the fix is reported', () => {
    expect(clockMeasureOf('PENDING_VERIFY')).toBe('verify');
    expect(clockMeasureOf('PENDING_CHECK')).toBe('check');
    for (const s of CASE_STATES) {
      if (!HANDLING_CLOCK_STATES.includes(s) && DEFAULT_STEP_LIMITS[s]) expect(clockMeasureOf(s)).not.toBeNull();
    }
  });

  it('is nothing where no clock runs', () => {
    for (const s of ['SUSPENDED', 'HANDLED', 'SELF_DISPOSED', 'CLOSED', 'VOID'] as const) expect(clockMeasureOf(s)).toBeNull();
  });
});
