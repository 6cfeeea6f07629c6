import { nextReplayMoment, parseReplayAt } from './replay-moment';

describe('replay moment (?at=)', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('takes ISO times and ms, and nothing else', () => {
    expect(parseReplayAt('2026-12-07T08:00:00+08:00', now)).toBe(Date.parse('2026-12-07T00:00:00Z'));
    expect(parseReplayAt(String(now - 1000), now)).toBe(now - 1000);
    expect(parseReplayAt('soon', now)).toBeNull();
    expect(parseReplayAt(null, now)).toBeNull();
  });
  it('clamps into the replay window: never the future, never past 90 days', () => {
    expect(parseReplayAt('2027-01-01T00:00:00Z', now)).toBe(now);
    expect(parseReplayAt('2026-01-01T00:00:00Z', now)).toBe(now - 90 * 86_400_000 + 60_000);
  });
  it('plays at ×60 and stops at now', () => {
    expect(nextReplayMoment(now - 3_600_000, 1000, now)).toBe(now - 3_600_000 + 60_000);
    expect(nextReplayMoment(now - 10_000, 1000, now)).toBe(now);
  });
});
