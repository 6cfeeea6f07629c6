import {
  addDays,
  datesBetween,
  firstOfMonth,
  fromTownWallClock,
  msUntilTownMidnight,
  townDateOf,
  townDayStart,
  townHour,
  townIsoString,
  townWallClock,
} from './town-time';

describe('the town clock (Shanghai, UTC+8, no daylight saving)', () => {
  it('dates an instant by the Shanghai day, whatever the zone of the machine', () => {
    // 16:30 UTC is half past midnight the next day in Shanghai
    expect(townDateOf(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-28');
    expect(townDateOf(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
    expect(townDateOf(Date.parse('2026-07-01T00:00:00+08:00'))).toBe('2026-07-01');
  });

  it('starts a town day at 00:00 +08:00', () => {
    expect(townDayStart('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(townDateOf(townDayStart('2026-03-01'))).toBe('2026-03-01');
  });

  it('reads the hour on the town clocks', () => {
    expect(townHour(new Date('2026-11-26T23:30:00Z'))).toBe(7);
    expect(townHour(new Date('2026-07-01T15:59:00Z'))).toBe(23);
    expect(townHour(new Date('2026-07-01T16:00:00Z'))).toBe(0);
  });

  it('knows when the town day ends', () => {
    expect(msUntilTownMidnight(Date.parse('2026-11-27T15:59:00.000Z'))).toBe(60_000);
    expect(msUntilTownMidnight(Date.parse('2026-11-27T16:00:00.000Z'))).toBe(86_400_000);
  });

  it('writes an instant in town time with its offset, and reads a wall-clock time back as the same instant', () => {
    expect(townIsoString(new Date('2026-11-27T01:05:09.500Z'))).toBe('2026-11-27T09:05:09+08:00');
    const wall = Date.UTC(2026, 10, 27, 9, 5, 9);
    expect(fromTownWallClock(wall).toISOString()).toBe('2026-11-27T01:05:09.000Z');
    expect(townWallClock(fromTownWallClock(wall)).getTime()).toBe(wall);
  });

  it('counts dates across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(firstOfMonth('2026-11-28')).toBe('2026-11-01');
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});
