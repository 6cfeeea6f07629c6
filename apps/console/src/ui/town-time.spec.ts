import { townTime } from './town-time';

describe('town time', () => {
  it('shows a moment on Shanghai clocks whatever the zone of the computer', () => {
    // 16:30 UTC is half past midnight the next day in Shanghai: date and hour both move
    expect(townTime('2026-11-27T16:30:00Z').format('YYYY-MM-DD HH:mm')).toBe('2026-11-28 00:30');
    expect(townTime(new Date('2026-11-27T03:05:09Z')).format('MM-DD HH:mm:ss')).toBe('11-27 11:05:09');
  });

  it('reads an instant written with its own offset as the same moment', () => {
    expect(townTime('2026-11-27T08:00:00+08:00').toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });
});
