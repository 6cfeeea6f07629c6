import { formatMinutes, formatRate, rateTone } from './analytics-format';

describe('analytics formatting', () => {
  it('formats rates with one decimal and shows a dash when there is nothing to measure', () => {
    expect(formatRate(0.9345)).toBe('93.5%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('formats durations in minutes below 90 and hours above', () => {
    expect(formatMinutes(42.4, 'zh-CN')).toBe('42分钟');
    expect(formatMinutes(210, 'zh-CN')).toBe('3.5小时');
    expect(formatMinutes(210, 'en')).toBe('3.5 h');
    expect(formatMinutes(null, 'en')).toBe('—');
  });

  it('colours a rate against the 90% target', () => {
    expect(rateTone(0.93, 0.9)).toBe('good');
    expect(rateTone(0.85, 0.9)).toBe('warn');
    expect(rateTone(0.6, 0.9)).toBe('bad');
    expect(rateTone(null, 0.9)).toBe('none');
    expect(rateTone(0.05, 0.1, true)).toBe('good');
    expect(rateTone(0.3, 0.1, true)).toBe('bad');
  });
});
