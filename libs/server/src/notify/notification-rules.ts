import type { NotificationKind } from '@gridops/contracts';
import type { CaseEntity } from '../cases/case.entity';

export type Audience = 'assignee' | 'shift_lead' | 'supervisor' | 'operator' | 'named';

/** Who hears of what, and what they read: the one place that decides it (站内消息 now; SMS and WeChat later). */
export const NOTIFICATION_RULES: Record<NotificationKind, { to: Audience[]; title: (c: Pick<CaseEntity, 'number'>) => string }> = {
  'case.dispatched': { to: ['assignee'], title: (c) => `新派遣案件 ${c.number} / new case dispatched to you` },
  'sla.yellow': { to: ['assignee'], title: (c) => `案件即将超期 ${c.number} / due soon` },
  'sla.red': { to: ['assignee', 'shift_lead'], title: (c) => `案件已超期 ${c.number} / overdue, now supervised` },
  'sla.escalate': { to: ['supervisor'], title: (c) => `案件严重超期 ${c.number} / overdue by twice the limit` },
  'case.check-assigned': { to: ['named'], title: (c) => `请核查 ${c.number} / please check this fix` },
  'case.callback-due': { to: ['operator'], title: (c) => `请回访 ${c.number} / call the reporter back` },
  'case.unassigned': { to: ['operator', 'shift_lead'], title: (c) => `无人值班待派遣 ${c.number} / no one on duty: dispatch by hand` },
};

/** The body of a notification about a case: what was reported, cut to a line or two. */
export const noticeBody = (c: Pick<CaseEntity, 'description'>): string => c.description.slice(0, 200);

/** Dedupe key (and notify job id) of the dispatch notice: one per dispatch, whichever path writes it. */
export const dispatchNoticeKey = (caseId: string, caseVersion: number): string => `notify-dispatched-${caseId}-${caseVersion}`;

export interface DirectNotice {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  key: string;
}

/**
 * The notice a dispatch to a person writes in the dispatch's own statement, so the case and its assignee's
 * notification commit together — with no job, no second read of the case. A dispatch to a unit (whose staff are
 * found by a query) is told through the notify job as before.
 */
export function dispatchNotice(c: Pick<CaseEntity, 'id' | 'number' | 'description' | 'assigneeUserId'>, caseVersion: number): DirectNotice | null {
  if (!c.assigneeUserId) return null;
  const kind = 'case.dispatched';
  return { userId: c.assigneeUserId, kind, title: NOTIFICATION_RULES[kind].title(c), body: noticeBody(c), key: dispatchNoticeKey(c.id, caseVersion) };
}
