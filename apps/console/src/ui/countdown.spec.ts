import { countdownParts, formatCountdown, lightAt } from './countdown';

const due = '2026-11-27T10:00:00+08:00';
const at = (iso: string) => new Date(iso).getTime();

describe('countdown', () => {
  it('splits the time left into days, hours, minutes and seconds', () => {
    expect(countdownParts(due, at('2026-11-26T07:58:30+08:00'))).toEqual({ overdue: false, days: 1, hours: 2, minutes: 1, seconds: 30 });
  });

  it('shows the two largest units, in Chinese by default and in English on the switch', () => {
    expect(formatCountdown(due, at('2026-11-26T07:58:30+08:00'), 'zh-CN')).toBe('剩 1天2小时');
    expect(formatCountdown(due, at('2026-11-26T07:58:30+08:00'), 'en')).toBe('1d 2h left');
    expect(formatCountdown(due, at('2026-11-27T09:59:15+08:00'), 'zh-CN')).toBe('剩 45秒');
  });

  it('says how long a case is overdue', () => {
    expect(formatCountdown(due, at('2026-11-27T10:45:00+08:00'), 'zh-CN')).toBe('超 45分');
    expect(formatCountdown(due, at('2026-11-28T13:00:00+08:00'), 'en')).toBe('1d 3h overdue');
  });

  it('drops a zero second unit instead of printing 0', () => {
    expect(formatCountdown(due, at('2026-11-26T08:00:00+08:00'), 'zh-CN')).toBe('剩 1天2小时');
    expect(formatCountdown(due, at('2026-11-26T10:00:00+08:00'), 'zh-CN')).toBe('剩 1天');
  });

  it('turns yellow at the yellow threshold and red at the deadline', () => {
    const yellow = '2026-11-27T08:00:00+08:00';
    expect(lightAt(at('2026-11-27T07:59:59+08:00'), due, yellow)).toBe('green');
    expect(lightAt(at('2026-11-27T08:00:00+08:00'), due, yellow)).toBe('yellow');
    expect(lightAt(at('2026-11-27T10:00:00+08:00'), due, yellow)).toBe('red');
    expect(lightAt(at('2026-11-27T10:00:00+08:00'), null, null)).toBeNull();
  });
});
