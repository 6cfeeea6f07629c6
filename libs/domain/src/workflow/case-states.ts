/**
 * States of the closed loop (工作闭环), domain.md §4.
 * Values are persisted in `cases.state` and `case_events.from_state/to_state`: never rename them.
 */
export const CASE_STATES = [
  'REPORTED', // 已上报/待受理
  'PENDING_VERIFY', // 待核实
  'PENDING_FILE', // 待立案
  'PENDING_DISPATCH', // 待派遣
  'DISPATCHED', // 待签收
  'IN_PROGRESS', // 处置中
  'RETURN_REQUESTED', // 回退申请
  'EXTENSION_REQUESTED', // 延期申请
  'SUSPEND_REQUESTED', // 挂账申请
  'SUSPENDED', // 挂账/缓办
  'HANDLED', // 已处置
  'SELF_DISPOSED', // 自处置
  'PENDING_CHECK', // 待核查
  'REWORK', // 返工
  'PENDING_CLOSE', // 待结案
  'CLOSED', // 结案
  'VOID', // 作废
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_STATES: readonly CaseState[] = ['CLOSED', 'VOID'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/** States where the handling clock (处置时限) runs: from dispatch until the fix is reported. */
export const HANDLING_CLOCK_STATES: readonly CaseState[] = [
  'DISPATCHED',
  'IN_PROGRESS',
  'RETURN_REQUESTED',
  'EXTENSION_REQUESTED',
  'SUSPEND_REQUESTED',
  'REWORK',
];

export const STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  REPORTED: { zh: '待受理', en: 'Reported' },
  PENDING_VERIFY: { zh: '待核实', en: 'Pending verification' },
  PENDING_FILE: { zh: '待立案', en: 'Pending filing' },
  PENDING_DISPATCH: { zh: '待派遣', en: 'Pending dispatch' },
  DISPATCHED: { zh: '待签收', en: 'Dispatched' },
  IN_PROGRESS: { zh: '处置中', en: 'In progress' },
  RETURN_REQUESTED: { zh: '回退申请', en: 'Return requested' },
  EXTENSION_REQUESTED: { zh: '延期申请', en: 'Extension requested' },
  SUSPEND_REQUESTED: { zh: '挂账申请', en: 'Suspension requested' },
  SUSPENDED: { zh: '挂账', en: 'Suspended' },
  HANDLED: { zh: '已处置', en: 'Handled' },
  SELF_DISPOSED: { zh: '自处置', en: 'Self-disposed' },
  PENDING_CHECK: { zh: '待核查', en: 'Pending check' },
  REWORK: { zh: '返工', en: 'Rework' },
  PENDING_CLOSE: { zh: '待结案', en: 'Pending close' },
  CLOSED: { zh: '已结案', en: 'Closed' },
  VOID: { zh: '已作废', en: 'Void' },
};

export function isOpenState(state: CaseState): boolean {
  return !TERMINAL_STATES.includes(state);
}
