import type { CaseEventMessage, CaseSummary } from '@gridops/contracts';
import { ACTION_LABELS, DISTRICT_NAMES, STATE_LABELS, type CaseEventType, type CaseState, type DistrictCode } from '@gridops/domain';
import { describeEvent, describeRecentCase, feedTone, pushNewest, type FeedLabels } from './feed';

const zh: FeedLabels = {
  district: (c) => DISTRICT_NAMES[c as DistrictCode].zh,
  category: (c) => ({ E0102: '暴露垃圾', C0101: '上水井盖' })[c] ?? c,
  state: (s) => STATE_LABELS[s].zh,
  action: (a) => ACTION_LABELS[a as keyof typeof ACTION_LABELS].zh,
  reported: '新上报',
};

const summary = { id: 'c1', number: 'CZ-20261127-0042', districtCode: 'jinsha', categoryCode: 'E0102', gridCellCode: 'jinsha-02', state: 'DISPATCHED', reportedAt: '2026-11-27T01:02:03.000Z' } as CaseSummary;
const event = (type: CaseEventType, fromState: CaseState | null, toState: CaseState, seq = '100'): CaseEventMessage => ({
  seq,
  type,
  caseId: 'c1',
  fromState,
  toState,
  actor: { role: 'operator', name: '张三' },
  at: '2026-11-27T06:30:05.000Z', // 14:30:05 in Shanghai
  case: { ...summary, state: toState },
});

describe('live feed lines', () => {
  it('says a new report in words, with Shanghai time, case number, 片区 and category', () => {
    expect(describeEvent(event('report', null, 'REPORTED'), zh)).toEqual({
      key: '100',
      caseId: 'c1',
      time: '14:30:05',
      number: 'CZ-20261127-0042',
      districtCode: 'jinsha',
      gridCellCode: 'jinsha-02',
      district: '金沙',
      category: '暴露垃圾',
      what: '新上报 · 待受理',
      tone: 'new',
      seeded: false,
    });
  });

  it('names the action and the state it led to', () => {
    expect(describeEvent(event('dispatch', 'PENDING_DISPATCH', 'DISPATCHED'), zh).what).toBe('派遣 → 待签收');
    expect(describeEvent(event('close', 'PENDING_CLOSE', 'CLOSED'), zh)).toMatchObject({ what: '结案 → 已结案', tone: 'done' });
  });

  it('names only the action when the state stays (督办, comments)', () => {
    expect(describeEvent(event('urge', 'IN_PROGRESS', 'IN_PROGRESS'), zh)).toMatchObject({ what: '督办', tone: 'warn' });
  });

  it('colours trouble and voids apart from routine steps', () => {
    expect(feedTone('check-fail', 'REWORK')).toBe('warn');
    expect(feedTone('void', 'VOID')).toBe('muted');
    expect(feedTone('accept', 'IN_PROGRESS')).toBe('info');
    expect(feedTone('handle', 'HANDLED')).toBe('done');
  });

  it('fills an empty wall with the latest reports, marked as such', () => {
    expect(describeRecentCase({ ...summary, state: 'IN_PROGRESS' }, zh)).toMatchObject({ key: 'seed:c1', time: '09:02:03', what: '新上报 · 处置中', seeded: true });
  });
});

describe('keeping the newest lines', () => {
  const key = (x: { k: string }) => x.k;
  it('puts what arrived last on top and keeps at most max lines', () => {
    const feed = pushNewest([{ k: 'b' }, { k: 'a' }], [{ k: 'c' }, { k: 'd' }], key, 3);
    expect(feed.map(key)).toEqual(['d', 'c', 'b']);
  });

  it('shows a repeated event once and returns the same list when nothing is new', () => {
    const feed = [{ k: 'a' }];
    expect(pushNewest(feed, [{ k: 'a' }], key)).toBe(feed);
    expect(pushNewest(feed, [{ k: 'b' }, { k: 'b' }], key).map(key)).toEqual(['b', 'a']);
  });
});
