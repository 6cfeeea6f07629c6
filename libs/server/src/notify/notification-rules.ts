import type { NotificationKind } from '@gridops/contracts';
import { CALLBACK_SOURCES } from '@gridops/domain';
import type { CaseEntity } from '../cases/case.entity';

/** Who hears of a case: its assignee (a person, or a unit's staff), its checker, or people by role in its 片区. */
export type Audience = 'assignee' | 'checker' | 'shift_lead' | 'supervisor' | 'operator';

export interface NotificationRule {
  to: Audience[];
  title: (c: Pick<CaseEntity, 'number'>) => string;
  /** whether the notice still applies to the case as it is when the job runs (absent: always) */
  applies?: (c: Pick<CaseEntity, 'source' | 'state' | 'callbackSatisfied'>) => boolean;
}

/**
 * Who hears what, and what they read: the one place that decides it (站内消息 now; SMS and WeChat later). Which
 * event or timer causes each notice is decided in cases/case-effects.ts; the notify job writes them.
 */
export const NOTIFICATION_RULES: Record<NotificationKind, NotificationRule> = {
  'case.dispatched': { to: ['assignee'], title: (c) => `新派遣案件 ${c.number} / new case dispatched to you` },
  'sla.yellow': { to: ['assignee'], title: (c) => `案件即将超期 ${c.number} / due soon` },
  'sla.red': { to: ['assignee', 'shift_lead'], title: (c) => `案件已超期 ${c.number} / overdue, now supervised` },
  'sla.escalate': { to: ['supervisor'], title: (c) => `案件严重超期 ${c.number} / overdue by twice the limit` },
  'case.check-assigned': { to: ['checker'], title: (c) => `请核查 ${c.number} / please check this fix` },
  'case.callback-due': {
    to: ['operator'],
    title: (c) => `请回访 ${c.number} / call the reporter back`,
    // 回访 is for 12345 and citizen reports, while the case is closed and the caller not yet called back
    applies: (c) => CALLBACK_SOURCES.includes(c.source) && c.state === 'CLOSED' && c.callbackSatisfied !== true,
  },
  'case.unassigned': { to: ['operator', 'shift_lead'], title: (c) => `无人值班待派遣 ${c.number} / no one on duty: dispatch by hand` },
};

/** The body of a notification about a case: what was reported, cut to a line or two. */
export const noticeBody = (c: Pick<CaseEntity, 'description'>): string => c.description.slice(0, 200);
