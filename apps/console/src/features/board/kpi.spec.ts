import { formatCount, formatRate, isSpike, rateTone, tileTone } from './kpi';
import { pipelineHealth, queueTone } from '../../ui/queue-health';

describe('rates against the 90% target', () => {
  it.each([
    [0.95, 'good'],
    [0.9, 'good'],
    [0.8999, 'warn'],
    [0.85, 'warn'],
    [0.8499, 'bad'],
    [0, 'bad'],
    [null, 'none'],
  ] as const)('%s → %s', (rate, tone) => {
    expect(rateTone(rate, 0.9)).toBe(tone);
  });

  it('shows "—" when there is nothing to measure, never a misleading 0%', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0.92345)).toBe('92.3%');
  });
});

describe('count tiles', () => {
  it('colour overdue red, near due yellow and supervised orange only when there are some', () => {
    expect(tileTone('overdue', 3)).toBe('alarm');
    expect(tileTone('overdue', 0)).toBe('plain');
    expect(tileTone('nearDue', 1)).toBe('warn');
    expect(tileTone('supervised', 2)).toBe('notice');
    expect(tileTone('new', 40)).toBe('plain');
  });

  it('groups thousands so 5,000 reads at a glance', () => {
    expect(formatCount(5000)).toBe('5,000');
    expect(formatCount(12)).toBe('12');
  });
});

describe('hot category spikes', () => {
  it('flags a category that at least doubled, by at least 3 cases', () => {
    expect(isSpike({ count: 8, previousCount: 4 })).toBe(true);
    expect(isSpike({ count: 4, previousCount: 2 })).toBe(false);
    expect(isSpike({ count: 9, previousCount: 5 })).toBe(false);
  });

  it('needs ten from nothing, so a first morning does not flag everything', () => {
    expect(isSpike({ count: 9, previousCount: 0 })).toBe(false);
    expect(isSpike({ count: 10, previousCount: 0 })).toBe(true);
  });
});

describe('queue health', () => {
  const q = { queue: 'dispatch' as const, waiting: 0, active: 0, delayed: 0, failed: 0, completed: 10, paused: false };
  it('is red as soon as one job failed, grey when paused, yellow with a backlog', () => {
    expect(queueTone(q)).toBe('ok');
    expect(queueTone({ ...q, failed: 1, paused: true })).toBe('failed');
    expect(queueTone({ ...q, paused: true })).toBe('paused');
    expect(queueTone({ ...q, waiting: 250 })).toBe('busy');
  });
  it('folds into one light for the wall: ok only while every queue is', () => {
    expect(pipelineHealth([q, { ...q, queue: 'closure' }])).toBe('ok');
    expect(pipelineHealth([q, { ...q, queue: 'closure', failed: 1 }])).toBe('degraded');
    expect(pipelineHealth([{ ...q, waiting: 250 }])).toBe('degraded');
  });
});
