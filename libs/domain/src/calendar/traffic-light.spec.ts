import { CalendarConfig, DEFAULT_CALENDAR_CONFIG, LimitUnit } from './calendar.types';
import { fractionElapsed, thresholdInstant, trafficLight } from './traffic-light';
import { townIsoString } from './town-time';
import { WorkingCalendar } from './working-calendar';

/** 国庆 2026: 10-01..07 off, 09-20 (Sun) and 10-10 (Sat) worked (调休上班). */
const CONFIG_2026: CalendarConfig = {
  ...DEFAULT_CALENDAR_CONFIG,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  adjustedWorkdays: ['2026-09-20', '2026-10-10'],
};
const calendar = new WorkingCalendar(CONFIG_2026);
const at = (iso: string): Date => new Date(iso);
const local = (d: Date): string => townIsoString(d);

interface Clock {
  startAt: Date;
  dueAt: Date;
  unit: LimitUnit;
  calendar: WorkingCalendar;
}
const clock = (start: string, amount: number, unit: LimitUnit): Clock => {
  const startAt = at(start);
  return { startAt, dueAt: calendar.addLimit(startAt, { amount, unit }), unit, calendar };
};
const lightAt = (c: Clock, now: string, yellowFraction?: number) => trafficLight({ ...c, now: at(now), yellowFraction });
const fractionAt = (c: Clock, now: string) => fractionElapsed({ ...c, now: at(now) });
const threshold = (c: Clock, fraction: number) => local(thresholdInstant({ ...c, fraction }));

describe('traffic light (红黄绿灯) on a working-hours limit', () => {
  // 10 working hours from Monday 08:30: 540 min on Monday + 60 on Tuesday → due Tuesday 09:30.
  const tenHours = clock('2026-03-02T08:30:00+08:00', 10, 'working_hours');

  it('is due Tuesday 09:30', () => {
    expect(local(tenHours.dueAt)).toBe('2026-03-03T09:30:00+08:00');
  });
  it('is green at 79% (474 office minutes, Monday 16:24)', () => {
    expect(fractionAt(tenHours, '2026-03-02T16:24:00+08:00')).toBeCloseTo(0.79, 10);
    expect(lightAt(tenHours, '2026-03-02T16:24:00+08:00')).toBe('green');
  });
  it('turns yellow at 80% (480 office minutes, Monday 16:30)', () => {
    expect(fractionAt(tenHours, '2026-03-02T16:30:00+08:00')).toBe(0.8);
    expect(lightAt(tenHours, '2026-03-02T16:30:00+08:00')).toBe('yellow');
  });
  it('stays yellow overnight because the night does not count', () => {
    expect(fractionAt(tenHours, '2026-03-03T03:00:00+08:00')).toBe(0.9);
    expect(lightAt(tenHours, '2026-03-03T09:29:59+08:00')).toBe('yellow');
  });
  it('turns red at 100% (Tuesday 09:30) and stays red after', () => {
    expect(fractionAt(tenHours, '2026-03-03T09:30:00+08:00')).toBe(1);
    expect(lightAt(tenHours, '2026-03-03T09:30:00+08:00')).toBe('red');
    expect(lightAt(tenHours, '2026-03-05T12:00:00+08:00')).toBe('red');
  });
  it('reports the fraction unclamped past the deadline (150%)', () => {
    expect(fractionAt(tenHours, '2026-03-03T14:30:00+08:00')).toBe(1.5);
  });
  it('is green and at 0 before the start', () => {
    expect(fractionAt(tenHours, '2026-03-01T12:00:00+08:00')).toBe(0);
    expect(lightAt(tenHours, '2026-03-01T12:00:00+08:00')).toBe('green');
  });
  it('honours a custom yellow fraction', () => {
    expect(lightAt(tenHours, '2026-03-02T13:30:00+08:00', 0.5)).toBe('yellow');
    expect(lightAt(tenHours, '2026-03-02T13:29:00+08:00', 0.5)).toBe('green');
  });
  it('rejects a yellow fraction outside [0, 1]', () => {
    expect(() => lightAt(tenHours, '2026-03-02T13:30:00+08:00', 1.5)).toThrow(/yellowFraction/);
    expect(() => lightAt(tenHours, '2026-03-02T13:30:00+08:00', -0.1)).toThrow(/yellowFraction/);
    expect(() => lightAt(tenHours, '2026-03-02T13:30:00+08:00', NaN)).toThrow(/yellowFraction/);
  });

  it('does not age a case over a holiday: 2h from 09-30 16:30 is still green on 10-03', () => {
    const c = clock('2026-09-30T16:30:00+08:00', 2, 'working_hours');
    expect(local(c.dueAt)).toBe('2026-10-08T09:30:00+08:00');
    expect(fractionAt(c, '2026-10-03T12:00:00+08:00')).toBe(0.5);
    expect(lightAt(c, '2026-10-03T12:00:00+08:00')).toBe('green');
    expect(lightAt(c, '2026-10-08T09:06:00+08:00')).toBe('yellow');
  });
});

describe('traffic light on a working-days limit', () => {
  // One 工作日 from Friday 10:00 → Monday 10:00; 80% = 432 min → Friday 17:12.
  const oneDay = clock('2026-03-06T10:00:00+08:00', 1, 'working_days');

  it('is due Monday 10:00', () => {
    expect(local(oneDay.dueAt)).toBe('2026-03-09T10:00:00+08:00');
  });
  it('is green at 79%, yellow from 80% and through the weekend, red at 100%', () => {
    expect(lightAt(oneDay, '2026-03-06T17:11:00+08:00')).toBe('green');
    expect(lightAt(oneDay, '2026-03-06T17:12:00+08:00')).toBe('yellow');
    expect(lightAt(oneDay, '2026-03-08T12:00:00+08:00')).toBe('yellow');
    expect(lightAt(oneDay, '2026-03-09T10:00:00+08:00')).toBe('red');
  });
});

describe('traffic light on a natural-hours limit (urgent 紧急)', () => {
  // 2 natural hours from Friday 22:00 → Saturday 00:00; the weekend and the night count.
  const urgent = clock('2026-03-06T22:00:00+08:00', 2, 'natural_hours');

  it('is due at midnight into Saturday', () => {
    expect(local(urgent.dueAt)).toBe('2026-03-07T00:00:00+08:00');
  });
  it('is green at 79% (23:34:48)', () => {
    expect(fractionAt(urgent, '2026-03-06T23:34:48+08:00')).toBeCloseTo(0.79, 10);
    expect(lightAt(urgent, '2026-03-06T23:34:48+08:00')).toBe('green');
  });
  it('is yellow at 80% (23:36)', () => {
    expect(fractionAt(urgent, '2026-03-06T23:36:00+08:00')).toBe(0.8);
    expect(lightAt(urgent, '2026-03-06T23:36:00+08:00')).toBe('yellow');
  });
  it('is red at 100% (00:00 Saturday)', () => {
    expect(lightAt(urgent, '2026-03-07T00:00:00+08:00')).toBe('red');
    expect(lightAt(urgent, '2026-03-06T23:59:59+08:00')).toBe('yellow');
  });
});

describe('zero-length limit', () => {
  it('is green before the due instant and red from it', () => {
    const c = clock('2026-03-02T10:00:00+08:00', 0, 'natural_hours');
    expect(lightAt(c, '2026-03-02T09:59:00+08:00')).toBe('green');
    expect(fractionAt(c, '2026-03-02T09:59:00+08:00')).toBe(0);
    expect(lightAt(c, '2026-03-02T10:00:00+08:00')).toBe('red');
    expect(fractionAt(c, '2026-03-02T10:00:00+08:00')).toBe(1);
  });
  it('with a working unit started on Saturday is due at Monday opening', () => {
    const c = clock('2026-03-07T10:00:00+08:00', 0, 'working_hours');
    expect(local(c.dueAt)).toBe('2026-03-09T08:30:00+08:00');
    expect(lightAt(c, '2026-03-08T10:00:00+08:00')).toBe('green');
    expect(lightAt(c, '2026-03-09T08:30:00+08:00')).toBe('red');
    expect(threshold(c, 2)).toBe('2026-03-09T08:30:00+08:00');
  });
});

describe('thresholdInstant', () => {
  const tenHours = clock('2026-03-02T08:30:00+08:00', 10, 'working_hours');
  const urgent = clock('2026-03-06T22:00:00+08:00', 2, 'natural_hours');

  it('0.8 is when the light turns yellow, counted in office minutes', () => {
    expect(threshold(tenHours, 0.8)).toBe('2026-03-02T16:30:00+08:00');
  });
  it('1.0 is the due instant', () => {
    expect(threshold(tenHours, 1)).toBe('2026-03-03T09:30:00+08:00');
  });
  it('2.0 is 200% of the limit, counted on past the due instant (escalation 升级)', () => {
    // 1200 office minutes from Monday 08:30: Monday 540 + Tuesday 540 + 120 → Wednesday 10:30.
    expect(threshold(tenHours, 2)).toBe('2026-03-04T10:30:00+08:00');
  });
  it('uses the wall clock for natural hours', () => {
    expect(threshold(urgent, 0.8)).toBe('2026-03-06T23:36:00+08:00');
    expect(threshold(urgent, 1)).toBe('2026-03-07T00:00:00+08:00');
    expect(threshold(urgent, 2)).toBe('2026-03-07T02:00:00+08:00');
  });
  it('0 is the start', () => {
    expect(threshold(tenHours, 0)).toBe('2026-03-02T08:30:00+08:00');
  });
  it('ends at 17:30, not next morning, when the fraction runs out at closing', () => {
    // 80% of 675 min is 540: the whole of Monday.
    const c = clock('2026-03-02T08:30:00+08:00', 11.25, 'working_hours');
    expect(threshold(c, 0.8)).toBe('2026-03-02T17:30:00+08:00');
    expect(lightAt(c, '2026-03-02T17:30:00+08:00')).toBe('yellow');
  });
  it('skips the National Day holiday', () => {
    const c = clock('2026-09-30T16:30:00+08:00', 2, 'working_hours');
    expect(threshold(c, 0.8)).toBe('2026-10-08T09:06:00+08:00');
    expect(threshold(c, 2)).toBe('2026-10-08T11:30:00+08:00');
  });
  it('returns a hand-set off-hours due instant exactly for 1.0 and counts overshoot from it', () => {
    const c: Clock = {
      startAt: at('2026-03-06T16:30:00+08:00'),
      dueAt: at('2026-03-07T12:00:00+08:00'),
      unit: 'working_hours',
      calendar,
    };
    expect(threshold(c, 1)).toBe('2026-03-07T12:00:00+08:00');
    expect(threshold(c, 0.5)).toBe('2026-03-06T17:00:00+08:00');
    expect(threshold(c, 2)).toBe('2026-03-09T09:30:00+08:00');
  });
  it('rejects a negative or non-finite fraction', () => {
    expect(() => thresholdInstant({ ...tenHours, fraction: -1 })).toThrow(/fraction/);
    expect(() => thresholdInstant({ ...tenHours, fraction: NaN })).toThrow(/fraction/);
  });

  it('agrees with trafficLight to the millisecond for many starts, limits and units', () => {
    const units: Array<[LimitUnit, number[]]> = [
      ['working_hours', [1, 2, 7, 24]],
      ['working_days', [1, 3, 20]],
      ['natural_hours', [1, 2, 7, 24]],
    ];
    // Mismatches are collected rather than asserted one by one: one readable failure, and fast.
    const wrong: string[] = [];
    let t = at('2026-09-14T00:00:00+08:00').getTime();
    for (let i = 0; i < 120; i++, t += 173 * 60_000 + 7_000) {
      for (const [unit, amounts] of units) {
        for (const amount of amounts) {
          const c = { startAt: new Date(t), dueAt: calendar.addLimit(new Date(t), { amount, unit }), unit, calendar };
          const yellowAt = thresholdInstant({ ...c, fraction: 0.8 }).getTime();
          const seen = [
            trafficLight({ ...c, now: new Date(yellowAt - 1) }),
            trafficLight({ ...c, now: new Date(yellowAt) }),
            trafficLight({ ...c, now: new Date(c.dueAt.getTime() - 1) }),
            trafficLight({ ...c, now: thresholdInstant({ ...c, fraction: 1 }) }),
          ].join(',');
          const at200 = fractionElapsed({ ...c, now: thresholdInstant({ ...c, fraction: 2 }) });
          if (seen !== 'green,yellow,yellow,red' || Math.abs(at200 - 2) > 1e-9) {
            wrong.push(`${amount} ${unit} from ${local(c.startAt)}: ${seen}, 200% -> ${at200}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
