import { CalendarConfig, DEFAULT_CALENDAR_CONFIG, LimitUnit } from './calendar.types';
import { townIsoString } from './town-time';
import { WorkingCalendar } from './working-calendar';

/**
 * 2026 public holidays per the 国务院办公厅 schedule: 元旦 01-01..03 with 01-04 (Sun) worked,
 * 国庆 10-01..07 with 09-20 (Sun) and 10-10 (Sat) worked (调休上班).
 */
const CONFIG_2026: CalendarConfig = {
  ...DEFAULT_CALENDAR_CONFIG,
  holidays: ['2026-01-01', '2026-01-02', '2026-01-03', ...range('2026-10-0', 1, 7)],
  adjustedWorkdays: ['2026-01-04', '2026-09-20', '2026-10-10'],
};

function range(prefix: string, from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
}

const cal = new WorkingCalendar(CONFIG_2026);
const at = (iso: string): Date => new Date(iso);
/** Back to "+08:00" wall time so failures read like the expectations. */
const local = (d: Date): string => townIsoString(d);
const add = (iso: string, minutes: number): string => local(cal.addWorkingMinutes(at(iso), minutes));

describe('WorkingCalendar', () => {
  describe('config validation', () => {
    const bad: Array<[string, Partial<CalendarConfig>, RegExp]> = [
      ['start not HH:MM', { workdayStart: '8:30' }, /workdayStart must be "HH:MM"/],
      ['start hour 24', { workdayStart: '24:00' }, /workdayStart/],
      ['end minute 60', { workdayEnd: '17:60' }, /workdayEnd/],
      ['start after end', { workdayStart: '18:00' }, /must be before workdayEnd/],
      ['start equal to end', { workdayStart: '17:30' }, /must be before workdayEnd/],
      ['holiday with slashes', { holidays: ['2026/10/01'] }, /holidays must be a real date/],
      ['holiday that does not exist', { holidays: ['2026-02-30'] }, /holidays must be a real date/],
      ['adjusted workday month 13', { adjustedWorkdays: ['2026-13-01'] }, /adjustedWorkdays/],
      ['weekend day 7', { weekendDays: [0, 7] }, /weekendDays entries/],
      ['weekend day fractional', { weekendDays: [1.5] }, /weekendDays entries/],
      ['offset not integer', { utcOffsetMinutes: 480.5 }, /utcOffsetMinutes/],
      ['offset out of range', { utcOffsetMinutes: 900 }, /utcOffsetMinutes/],
      ['offset NaN', { utcOffsetMinutes: NaN }, /utcOffsetMinutes/],
      ['a day both holiday and adjusted', { holidays: ['2026-10-10'], adjustedWorkdays: ['2026-10-10'] }, /both a holiday and an adjusted workday/],
    ];
    it.each(bad)('rejects %s', (_name, patch, message) => {
      expect(() => new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, ...patch })).toThrow(message);
    });

    it('rejects a non-array holiday list', () => {
      expect(() => new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, holidays: 'x' as unknown as string[] })).toThrow(
        /holidays must be an array/,
      );
    });

    it('does not keep a reference to the caller config arrays', () => {
      const config = { ...DEFAULT_CALENDAR_CONFIG, holidays: [] as string[] };
      const c = new WorkingCalendar(config);
      config.holidays.push('2026-03-02');
      expect(c.isWorkday('2026-03-02')).toBe(true);
    });
  });

  describe('isWorkday', () => {
    it('treats Monday to Friday as workdays and Saturday/Sunday as days off', () => {
      expect(range('2026-03-0', 2, 6).map((d) => cal.isWorkday(d))).toEqual([true, true, true, true, true]);
      expect(cal.isWorkday('2026-03-07')).toBe(false);
      expect(cal.isWorkday('2026-03-08')).toBe(false);
    });
    it('lets a holiday override a weekday (国庆 Thursday 2026-10-01)', () => {
      expect(cal.isWorkday('2026-10-01')).toBe(false);
      expect(cal.isWorkday('2026-10-07')).toBe(false);
      expect(cal.isWorkday('2026-10-08')).toBe(true);
    });
    it('lets an adjusted workday override the weekend (调休 Sunday 09-20, Saturday 10-10, Sunday 01-04)', () => {
      expect(cal.isWorkday('2026-09-20')).toBe(true);
      expect(cal.isWorkday('2026-10-10')).toBe(true);
      expect(cal.isWorkday('2026-01-04')).toBe(true);
      expect(cal.isWorkday('2026-10-11')).toBe(false);
    });
    it('rejects malformed dates', () => {
      expect(() => cal.isWorkday('2026-10-1')).toThrow(/localDate must be a real date/);
    });
  });

  describe('localDateOf and workdayMinutes', () => {
    it('gives the Shanghai date even when the UTC date differs', () => {
      expect(cal.localDateOf(at('2026-03-02T00:00:00+08:00'))).toBe('2026-03-02');
      expect(cal.localDateOf(at('2026-03-02T23:59:59+08:00'))).toBe('2026-03-02');
      expect(cal.localDateOf(at('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    });
    it('measures the office day: 540 minutes for 08:30-17:30', () => {
      expect(cal.workdayMinutes).toBe(540);
      expect(new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, workdayStart: '09:00', workdayEnd: '12:00' }).workdayMinutes).toBe(180);
    });
    it('knows which instants are inside office hours [08:30, 17:30)', () => {
      expect(cal.isWorkingInstant(at('2026-03-02T08:30:00+08:00'))).toBe(true);
      expect(cal.isWorkingInstant(at('2026-03-02T08:29:59+08:00'))).toBe(false);
      expect(cal.isWorkingInstant(at('2026-03-02T17:30:00+08:00'))).toBe(false);
      expect(cal.isWorkingInstant(at('2026-03-07T10:00:00+08:00'))).toBe(false);
    });
  });

  describe('addWorkingMinutes', () => {
    it('stays within the day when the office hours suffice', () => {
      expect(add('2026-03-02T09:00:00+08:00', 60)).toBe('2026-03-02T10:00:00+08:00');
    });
    it('crosses a night: Monday 16:30 + 2h lands Tuesday 09:30', () => {
      expect(add('2026-03-02T16:30:00+08:00', 120)).toBe('2026-03-03T09:30:00+08:00');
    });
    it('crosses a weekend: Friday 16:30 + 2h lands Monday 09:30', () => {
      expect(add('2026-03-06T16:30:00+08:00', 120)).toBe('2026-03-09T09:30:00+08:00');
    });
    it('crosses the National Day holiday: 09-30 16:30 + 2h lands 10-08 09:30', () => {
      expect(add('2026-09-30T16:30:00+08:00', 120)).toBe('2026-10-08T09:30:00+08:00');
    });
    it('crosses New Year and lands on the adjusted Sunday 2026-01-04', () => {
      expect(add('2025-12-31T17:00:00+08:00', 60)).toBe('2026-01-04T09:00:00+08:00');
    });
    it('lands on an adjusted-workday Saturday (2026-10-10)', () => {
      expect(add('2026-10-09T16:30:00+08:00', 120)).toBe('2026-10-10T09:30:00+08:00');
    });
    it('counts an adjusted Sunday (2026-09-20) but not the Saturday before it', () => {
      expect(add('2026-09-18T17:00:00+08:00', 60)).toBe('2026-09-20T09:00:00+08:00');
    });
    it('starts counting at opening when started before 08:30', () => {
      expect(add('2026-03-02T07:00:00+08:00', 60)).toBe('2026-03-02T09:30:00+08:00');
    });
    it('starts counting next morning when started after 17:30', () => {
      expect(add('2026-03-02T20:00:00+08:00', 60)).toBe('2026-03-03T09:30:00+08:00');
    });
    it('starts counting on Monday when started on a Saturday', () => {
      expect(add('2026-03-07T10:00:00+08:00', 60)).toBe('2026-03-09T09:30:00+08:00');
    });
    it('ends at 17:30 that day when the count runs out exactly at closing', () => {
      expect(add('2026-03-02T16:30:00+08:00', 60)).toBe('2026-03-02T17:30:00+08:00');
      expect(add('2026-03-02T08:30:00+08:00', 540)).toBe('2026-03-02T17:30:00+08:00');
      expect(add('2026-03-06T07:00:00+08:00', 540)).toBe('2026-03-06T17:30:00+08:00');
    });
    it('treats 17:30 as closed and 08:30 as open when starting exactly there', () => {
      expect(add('2026-03-02T17:30:00+08:00', 1)).toBe('2026-03-03T08:31:00+08:00');
      expect(add('2026-03-02T08:30:00+08:00', 1)).toBe('2026-03-02T08:31:00+08:00');
    });
    it('with 0 minutes returns `from` inside office hours, else the next opening (17:30 included)', () => {
      expect(add('2026-03-02T10:15:00+08:00', 0)).toBe('2026-03-02T10:15:00+08:00');
      expect(add('2026-03-02T08:30:00+08:00', 0)).toBe('2026-03-02T08:30:00+08:00');
      expect(add('2026-03-02T06:00:00+08:00', 0)).toBe('2026-03-02T08:30:00+08:00');
      expect(add('2026-03-02T17:30:00+08:00', 0)).toBe('2026-03-03T08:30:00+08:00');
      expect(add('2026-03-07T12:00:00+08:00', 0)).toBe('2026-03-09T08:30:00+08:00');
    });
    it('keeps seconds and accepts fractional minutes', () => {
      expect(add('2026-03-02T09:00:15+08:00', 60)).toBe('2026-03-02T10:00:15+08:00');
      expect(add('2026-03-02T09:00:00+08:00', 0.5)).toBe('2026-03-02T09:00:30+08:00');
    });
    it('rejects negative, NaN and infinite minutes and invalid dates', () => {
      expect(() => cal.addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), -1)).toThrow(/minutes must be/);
      expect(() => cal.addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), NaN)).toThrow(/minutes must be/);
      expect(() => cal.addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), Infinity)).toThrow(/minutes must be/);
      expect(() => cal.addWorkingMinutes(new Date('nope'), 1)).toThrow(/from must be a valid Date/);
    });
    it('throws instead of looping forever when no day is ever a workday', () => {
      const never = new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, weekendDays: [0, 1, 2, 3, 4, 5, 6] });
      expect(() => never.addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), 1)).toThrow(/no workday within 3660 days/);
    });
    it('still works when the only workdays are adjusted ones', () => {
      const sparse = new WorkingCalendar({
        ...DEFAULT_CALENDAR_CONFIG,
        weekendDays: [0, 1, 2, 3, 4, 5, 6],
        adjustedWorkdays: ['2027-06-01'],
      });
      expect(local(sparse.addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), 1))).toBe('2027-06-01T08:31:00+08:00');
    });
    it('honours another UTC offset', () => {
      const utc = new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, utcOffsetMinutes: 0 });
      expect(utc.addWorkingMinutes(at('2026-03-06T17:00:00Z'), 60).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    });
  });

  describe('workingMinutesBetween', () => {
    const between = (a: string, b: string): number => cal.workingMinutesBetween(at(a), at(b));
    it('counts office minutes only', () => {
      expect(between('2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00')).toBe(60);
      expect(between('2026-03-02T16:30:00+08:00', '2026-03-03T09:30:00+08:00')).toBe(120);
      expect(between('2026-03-06T16:30:00+08:00', '2026-03-09T09:30:00+08:00')).toBe(120);
      expect(between('2026-09-30T16:30:00+08:00', '2026-10-08T09:30:00+08:00')).toBe(120);
    });
    it('counts a whole Monday-to-Monday week as five office days', () => {
      expect(between('2026-03-02T00:00:00+08:00', '2026-03-09T00:00:00+08:00')).toBe(5 * 540);
    });
    it('returns 0 when b <= a or when both ends are in the same off-hours stretch', () => {
      expect(between('2026-03-02T10:00:00+08:00', '2026-03-02T09:00:00+08:00')).toBe(0);
      expect(between('2026-03-02T10:00:00+08:00', '2026-03-02T10:00:00+08:00')).toBe(0);
      expect(between('2026-03-06T18:00:00+08:00', '2026-03-09T08:00:00+08:00')).toBe(0);
    });
    it('returns fractional minutes for instants off the minute', () => {
      expect(between('2026-03-02T09:00:00+08:00', '2026-03-02T09:00:30+08:00')).toBe(0.5);
    });

    describe('is the inverse of addWorkingMinutes (every 97 min over 2026-09-12..10-13)', () => {
      const starts: Date[] = [];
      for (let t = at('2026-09-12T00:00:00+08:00').getTime(); t < at('2026-10-13T00:00:00+08:00').getTime(); t += 97 * 60_000) {
        starts.push(new Date(t));
      }
      const amounts = [1, 59, 60, 539, 540, 541, 1080, 2700, 20 * 540];

      // Mismatches are collected rather than asserted one by one: one readable failure, and fast.
      it('workingMinutesBetween(a, addWorkingMinutes(a, m)) === m', () => {
        const wrong: string[] = [];
        for (const a of starts) {
          for (const m of amounts) {
            const got = cal.workingMinutesBetween(a, cal.addWorkingMinutes(a, m));
            if (got !== m) wrong.push(`${local(a)} + ${m} -> ${got}`);
          }
        }
        expect(wrong).toEqual([]);
      });
      it('addWorkingMinutes lands on the earliest instant that reaches m', () => {
        const wrong: string[] = [];
        for (const a of starts) {
          for (const m of amounts) {
            const due = cal.addWorkingMinutes(a, m);
            const got = cal.workingMinutesBetween(a, new Date(due.getTime() - 60_000));
            if (got !== m - 1) wrong.push(`${local(a)} + ${m}: a minute early already ${got}`);
          }
        }
        expect(wrong).toEqual([]);
      });
      it('addWorkingMinutes(a, workingMinutesBetween(a, b)) === b for office-hour instants b', () => {
        const wrong: string[] = [];
        let checked = 0;
        for (const a of starts) {
          for (let j = 0; j < starts.length; j += 3) {
            const b = starts[j];
            if (b <= a || !cal.isWorkingInstant(b) || cal.workingMinutesBetween(a, b) === 0) continue;
            checked++;
            const got = cal.addWorkingMinutes(a, cal.workingMinutesBetween(a, b));
            if (got.getTime() !== b.getTime()) wrong.push(`${local(a)} -> ${local(b)} came back as ${local(got)}`);
          }
        }
        expect(wrong).toEqual([]);
        expect(checked).toBeGreaterThan(5_000);
      });
    });
  });

  describe('addLimit', () => {
    const limit = (iso: string, amount: number, unit: LimitUnit): string =>
      local(cal.addLimit(at(iso), { amount, unit }));

    it('working_hours counts office hours', () => {
      expect(limit('2026-03-06T16:30:00+08:00', 2, 'working_hours')).toBe('2026-03-09T09:30:00+08:00');
    });
    it('working_days counts N office days of 540 minutes', () => {
      expect(limit('2026-03-02T10:00:00+08:00', 1, 'working_days')).toBe('2026-03-03T10:00:00+08:00');
      expect(limit('2026-03-02T10:00:00+08:00', 5, 'working_days')).toBe('2026-03-09T10:00:00+08:00');
      expect(limit('2026-03-02T08:30:00+08:00', 1, 'working_days')).toBe('2026-03-02T17:30:00+08:00');
    });
    it('working_days across National Day uses both adjusted workdays', () => {
      // Workdays from 09-14: 14-18, 20 (Sun), 21-25, 28-30, 10-08, 09, 10 (Sat), 12-14 = 20, then 10-15.
      expect(limit('2026-09-14T09:00:00+08:00', 20, 'working_days')).toBe('2026-10-15T09:00:00+08:00');
      expect(limit('2026-09-29T09:00:00+08:00', 3, 'working_days')).toBe('2026-10-09T09:00:00+08:00');
    });
    it('natural_hours crosses midnight, weekends and holidays on the wall clock (urgent 紧急 cases)', () => {
      expect(limit('2026-03-06T22:00:00+08:00', 4, 'natural_hours')).toBe('2026-03-07T02:00:00+08:00');
      expect(limit('2026-03-07T10:00:00+08:00', 24, 'natural_hours')).toBe('2026-03-08T10:00:00+08:00');
      expect(limit('2026-09-30T23:00:00+08:00', 2, 'natural_hours')).toBe('2026-10-01T01:00:00+08:00');
      expect(limit('2026-03-02T10:00:00+08:00', 0.5, 'natural_hours')).toBe('2026-03-02T10:30:00+08:00');
    });
    it('rejects negative amounts and unknown units', () => {
      expect(() => cal.addLimit(at('2026-03-02T10:00:00+08:00'), { amount: -1, unit: 'working_hours' })).toThrow(/amount/);
      expect(() => cal.addLimit(at('2026-03-02T10:00:00+08:00'), { amount: 1, unit: 'weeks' as never })).toThrow(/unknown limit unit/);
    });
  });

  describe('elapsedMinutes', () => {
    it('uses office minutes for working units and wall-clock minutes for natural hours', () => {
      const fri = at('2026-03-06T17:00:00+08:00');
      const mon = at('2026-03-09T09:00:00+08:00');
      expect(cal.elapsedMinutes(fri, mon, 'working_hours')).toBe(60);
      expect(cal.elapsedMinutes(fri, mon, 'working_days')).toBe(60);
      expect(cal.elapsedMinutes(fri, mon, 'natural_hours')).toBe(64 * 60);
    });
    it('is 0 before the start on every clock', () => {
      const a = at('2026-03-02T10:00:00+08:00');
      const b = at('2026-03-02T09:00:00+08:00');
      expect(cal.elapsedMinutes(a, b, 'working_hours')).toBe(0);
      expect(cal.elapsedMinutes(a, b, 'natural_hours')).toBe(0);
    });
    it('rejects an unknown unit', () => {
      expect(() => cal.elapsedMinutes(at('2026-03-02T10:00:00+08:00'), at('2026-03-02T11:00:00+08:00'), 'x' as never)).toThrow(
        /unknown limit unit/,
      );
    });
  });
});
