import { shanghaiDate, shanghaiTime } from './board-time';
import { shortDuration } from './durations';
import { BOARD_REFETCH, refetchDelay } from './refetch-throttle';

describe('the wall clock', () => {
  it('shows Shanghai time and date whatever the machine zone is', () => {
    const at = Date.parse('2026-11-27T16:30:00.000Z'); // 00:30 on the 28th in Shanghai
    expect(shanghaiTime(at)).toBe('00:30:00');
    expect(shanghaiDate(at, 'zh-CN')).toBe('2026年11月28日 星期六');
    expect(shanghaiDate(at, 'en')).toBe('Sat 2026-11-28');
  });
});

describe('refetching the figures on events, without polling', () => {
  it('waits a moment so a burst costs one request', () => {
    expect(refetchDelay(100_000, 0, BOARD_REFETCH)).toBe(BOARD_REFETCH.settleMs);
  });

  it('never refetches sooner than 10 s after the last fetch', () => {
    expect(refetchDelay(100_000, 97_000, BOARD_REFETCH)).toBe(7_000);
  });
});

describe('short durations', () => {
  it('keeps the two largest units', () => {
    expect(shortDuration(((26 * 60) + 5) * 60_000, 'zh-CN')).toBe('1天2小时');
    expect(shortDuration(125 * 60_000, 'en')).toBe('2h 5m');
    expect(shortDuration(30_000, 'zh-CN')).toBe('不足1分');
  });
});
