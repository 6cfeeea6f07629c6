import type { NotificationKind } from '@gridops/contracts';
import { CALLBACK_SOURCES } from '@gridops/domain';

/** Who hears of a case: its assignee (a person, or a unit's staff), its checker, or people by role in its 片区. */
export type Audience = 'assignee' | 'checker' | 'shift_lead' | 'supervisor' | 'operator';

export interface NotificationRule {
  to: Audience[];
  /** what they read; `{number}` becomes the case number */
  title: string;
  /**
   * whether the notice still applies to the case as it is when it is written (absent: always) — an SQL condition on
   * the case row `c`, since the notice writer resolves every notice of a batch in one statement
   */
  appliesSql?: string;
}

/** 回访 is for 12345 and citizen reports, while the case is closed and the caller not yet called back */
const CALLBACK_PENDING_SQL = `c.source IN (${CALLBACK_SOURCES.map((s) => `'${s}'`).join(', ')}) AND c.state = 'CLOSED' AND c.callback_satisfied IS NOT TRUE`;

/**
 * Who hears what, and what they read: the one place that decides it (站内消息 now; SMS and WeChat later). Which
 * event or timer causes each notice is decided in cases/case-effects.ts; notice-writer.ts writes them.
 */
export const NOTIFICATION_RULES: Record<NotificationKind, NotificationRule> = {
  'case.dispatched': { to: ['assignee'], title: '新派遣案件 {number} / new case dispatched to you' },
  'sla.yellow': { to: ['assignee'], title: '案件即将超期 {number} / due soon' },
  'sla.red': { to: ['assignee', 'shift_lead'], title: '案件已超期 {number} / overdue, now supervised' },
  'sla.escalate': { to: ['supervisor'], title: '案件严重超期 {number} / overdue by twice the limit' },
  'case.check-assigned': { to: ['checker'], title: '请核查 {number} / please check this fix' },
  'case.callback-due': { to: ['operator'], title: '请回访 {number} / call the reporter back', appliesSql: CALLBACK_PENDING_SQL },
  'case.unassigned': { to: ['operator', 'shift_lead'], title: '无人值班待派遣 {number} / no one on duty: dispatch by hand' },
};

/** How much of the report a notification quotes as its body: a line or two. */
export const NOTICE_BODY_CHARS = 200;
