/**
 * Actions on a case: the API contract `POST /cases/:id/actions/:action`.
 * Values are persisted as `case_events.type`: never rename them.
 */
export const CASE_ACTIONS = [
  'register', // 受理
  'send-verify', // 派核实
  'confirm', // 核实属实
  'file', // 立案
  'refile', // 退回立案
  'dispatch', // 派遣
  'accept', // 签收
  'handle', // 处置反馈
  'self-dispose', // 自处置
  'send-check', // 派核查
  'check-pass', // 核查通过
  'check-fail', // 核查不通过
  'close', // 结案
  'callback', // 回访
  'request-return', // 申请回退
  'approve-return', // 同意回退
  'reject-return', // 驳回回退
  'request-extension', // 申请延期
  'approve-extension', // 同意延期
  'reject-extension', // 驳回延期
  'request-suspend', // 申请挂账
  'approve-suspend', // 同意挂账
  'reject-suspend', // 驳回挂账
  'resume', // 恢复处置
  'void', // 作废
  'urge', // 督办
  'escalate', // 上提区级
  'merge', // 合并
  'comment', // 备注
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Event types that are not actions: the case came in. Persisted: never rename. */
export const CASE_EVENT_TYPES = ['report', ...CASE_ACTIONS] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export function isCaseAction(value: unknown): value is CaseAction {
  return typeof value === 'string' && (CASE_ACTIONS as readonly string[]).includes(value);
}

export const ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  register: { zh: '受理', en: 'Register' },
  'send-verify': { zh: '派核实', en: 'Send for verification' },
  confirm: { zh: '核实属实', en: 'Confirm' },
  file: { zh: '立案', en: 'File' },
  refile: { zh: '退回立案', en: 'Back to filing' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '签收', en: 'Accept' },
  handle: { zh: '处置反馈', en: 'Report fix' },
  'self-dispose': { zh: '自处置', en: 'Self-dispose' },
  'send-check': { zh: '派核查', en: 'Send for check' },
  'check-pass': { zh: '核查通过', en: 'Check passed' },
  'check-fail': { zh: '核查不通过', en: 'Check failed' },
  close: { zh: '结案', en: 'Close' },
  callback: { zh: '回访', en: 'Callback' },
  'request-return': { zh: '申请回退', en: 'Request return' },
  'approve-return': { zh: '同意回退', en: 'Approve return' },
  'reject-return': { zh: '驳回回退', en: 'Reject return' },
  'request-extension': { zh: '申请延期', en: 'Request extension' },
  'approve-extension': { zh: '同意延期', en: 'Approve extension' },
  'reject-extension': { zh: '驳回延期', en: 'Reject extension' },
  'request-suspend': { zh: '申请挂账', en: 'Request suspension' },
  'approve-suspend': { zh: '同意挂账', en: 'Approve suspension' },
  'reject-suspend': { zh: '驳回挂账', en: 'Reject suspension' },
  resume: { zh: '恢复处置', en: 'Resume' },
  void: { zh: '作废', en: 'Void' },
  urge: { zh: '督办', en: 'Urge' },
  escalate: { zh: '上提区级', en: 'Escalate to district' },
  merge: { zh: '合并', en: 'Merge' },
  comment: { zh: '备注', en: 'Comment' },
};

/** Reason codes (原因代码). Persisted: never rename. */
export const VOID_REASONS = ['duplicate', 'out_of_jurisdiction', 'invalid', 'not_found', 'other'] as const;
export type VoidReason = (typeof VOID_REASONS)[number];
export const RETURN_REASONS = ['not_our_responsibility', 'wrong_category', 'wrong_location', 'cannot_handle', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];
