import type { NotificationKind } from '@gridops/contracts';
import { CALLBACK_SOURCES } from '@gridops/domain';

/** Who hears of a case: its assignee (a person, or a unit's staff), its checker, or people by role in its 片区. */
export type Audience = 'assignee' | 'checker' | 'shift_lead' | 'supervisor' | 'operator';

export interface NotificationRule {
  to: Audience[];
  /**
   * whether the notice still applies to the case as it is when it is written (absent: always) — an SQL condition on
   * the case row `c`, since the notice writer resolves every notice of a batch in one statement
   */
  appliesSql?: string;
}

/** 回访 is for 12345 and citizen reports, while the case is closed and the caller not yet called back */
const CALLBACK_PENDING_SQL = `c.source IN (${CALLBACK_SOURCES.map((s) => `'${s}'`).join(', ')}) AND c.state = 'CLOSED' AND c.callback_satisfied IS NOT TRUE`;

/**
 * Who hears what: the one place that decides it (站内消息 now; SMS and WeChat later). What they read is
 * `NOTICE_TITLES` (libs/contracts), put into words by each reader's screen; which event or timer causes each notice
 * is decided in cases/case-effects.ts; notice-writer.ts writes them.
 */
export const NOTIFICATION_RULES: Record<NotificationKind, NotificationRule> = {
  'case.dispatched': { to: ['assignee'] },
  'sla.yellow': { to: ['assignee'] },
  'sla.red': { to: ['assignee', 'shift_lead'] },
  'sla.escalate': { to: ['supervisor'] },
  'case.check-assigned': { to: ['checker'] },
  'case.callback-due': { to: ['operator'], appliesSql: CALLBACK_PENDING_SQL },
  'case.unassigned': { to: ['operator', 'shift_lead'] },
};

/** How much of the report a notification quotes as its body: a line or two. */
export const NOTICE_BODY_CHARS = 200;
