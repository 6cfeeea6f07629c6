import type { CaseEventMessage, CaseSummary, ReplayFeedLine } from '@gridops/contracts';
import type { CaseEventType, CaseState } from '@gridops/domain';
import { shanghaiTime } from './board-time';

/** How a feed line should look: new reports blue, closures green, trouble orange, the rest plain. */
export type FeedTone = 'new' | 'done' | 'warn' | 'muted' | 'info';

export interface FeedEntry {
  /** unique per line: the event seq, or `seed:<case id>` for the lines shown before any event arrived */
  key: string;
  caseId: string;
  /** HH:mm:ss in Shanghai time */
  time: string;
  number: string;
  /** where it happened (codes), so a drilled-in board shows its own 片区 / cell only */
  districtCode: string;
  gridCellCode: string;
  district: string;
  category: string;
  /** "派遣 → 待签收", "新上报 · 待受理", "督办" */
  what: string;
  tone: FeedTone;
  /** from the initial list, not from a live event (shown dimmer) */
  seeded: boolean;
}

/** Names the feed needs, in the current language. */
export interface FeedLabels {
  district(code: string): string;
  category(code: string): string;
  state(s: CaseState): string;
  action(a: string): string;
  /** "新上报" / "New report" */
  reported: string;
}

const WARN: readonly CaseEventType[] = ['urge', 'escalate', 'check-fail', 'request-return', 'request-extension', 'request-suspend', 'callback'];

export function feedTone(type: CaseEventType, toState: CaseState): FeedTone {
  if (type === 'report') return 'new';
  if (toState === 'CLOSED' || type === 'check-pass' || type === 'self-dispose' || type === 'handle') return 'done';
  if (toState === 'VOID' || type === 'merge') return 'muted';
  if (WARN.includes(type) || toState === 'REWORK') return 'warn';
  return 'info';
}

/** 回放: a line of a replayed feed (the board answer's `replay.feed`) as the live feed would have shown its event. */
export function describeReplayLine(l: ReplayFeedLine, labels: FeedLabels): FeedEntry {
  return describeEvent(
    {
      seq: l.seq,
      type: l.type,
      caseId: l.caseId,
      fromState: l.fromState,
      toState: l.toState,
      at: l.at,
      case: { number: l.number, districtCode: l.districtCode, gridCellCode: l.gridCellCode, categoryCode: l.categoryCode },
    },
    labels,
  );
}

/** The fields of a case event a feed line shows. */
type FeedEvent = Pick<CaseEventMessage, 'seq' | 'type' | 'caseId' | 'fromState' | 'toState' | 'at'> & {
  case: Pick<CaseSummary, 'number' | 'districtCode' | 'gridCellCode' | 'categoryCode'>;
};

/** One live event as a line of the feed: time, case number, 片区, category and what happened, in words. */
export function describeEvent(m: FeedEvent, labels: FeedLabels): FeedEntry {
  const moved = m.fromState !== null && m.fromState !== m.toState;
  let what: string;
  if (m.type === 'report') what = `${labels.reported} · ${labels.state(m.toState)}`;
  else if (moved) what = `${labels.action(m.type)} → ${labels.state(m.toState)}`;
  else what = labels.action(m.type);
  return {
    key: m.seq,
    caseId: m.caseId,
    time: shanghaiTime(m.at),
    number: m.case.number,
    districtCode: m.case.districtCode,
    gridCellCode: m.case.gridCellCode,
    district: labels.district(m.case.districtCode),
    category: labels.category(m.case.categoryCode),
    what,
    tone: feedTone(m.type, m.toState),
    seeded: false,
  };
}

/** Before the first event arrives the feed shows the latest reports with their state now (so the wall is never blank). */
export function describeRecentCase(c: CaseSummary, labels: FeedLabels): FeedEntry {
  return {
    key: `seed:${c.id}`,
    caseId: c.id,
    time: shanghaiTime(c.reportedAt),
    number: c.number,
    districtCode: c.districtCode,
    gridCellCode: c.gridCellCode,
    district: labels.district(c.districtCode),
    category: labels.category(c.categoryCode),
    what: `${labels.reported} · ${labels.state(c.state)}`,
    tone: c.state === 'CLOSED' ? 'done' : c.state === 'VOID' ? 'muted' : 'info',
    seeded: true,
  };
}

/**
 * Newest on top, at most `max`: `incoming` is in arrival order (oldest first). Something already shown (a repeat
 * of the same event) is not shown twice. Returns the same array when nothing is new.
 */
export function pushNewest<T>(list: readonly T[], incoming: readonly T[], keyOf: (x: T) => string, max = 30): T[] {
  const seen = new Set(list.map(keyOf));
  const fresh: T[] = [];
  for (const x of incoming) {
    const k = keyOf(x);
    if (seen.has(k)) continue;
    seen.add(k);
    fresh.push(x);
  }
  if (fresh.length === 0) return list as T[];
  return [...fresh.reverse(), ...list].slice(0, max);
}
