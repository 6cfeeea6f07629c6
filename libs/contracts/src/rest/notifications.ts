import { fillWording, type Lang, type Wording } from '@gridops/domain';

/** What a notification (站内消息) is about. Kinds persist in `notifications.kind`: add kinds, never rename one. */
export type NotificationKind =
  | 'sla.yellow'
  | 'sla.red'
  | 'sla.escalate'
  | 'case.dispatched'
  | 'case.check-assigned'
  | 'case.callback-due'
  | 'case.unassigned';

/** The values a notification's title names: the case's number. */
export interface NotificationParams {
  number?: string;
}

/**
 * What each kind of notification says, in both languages. Notifications are stored as kind + params and put into
 * words by the reader's screen, in the reader's language (`noticeTitle`). The case number comes first: a narrow line
 * (the phone's message strip) cuts the end, never the number. Who is told is decided by the server's notification
 * rules.
 */
export const NOTICE_TITLES: Record<NotificationKind, Wording> = {
  'case.dispatched': { zh: '{number} · 新派遣案件', en: '{number} · New case dispatched to you' },
  'sla.yellow': { zh: '{number} · 案件即将超期', en: '{number} · Due soon' },
  'sla.red': { zh: '{number} · 案件已超期，已督办', en: '{number} · Overdue, now supervised' },
  'sla.escalate': { zh: '{number} · 案件严重超期', en: '{number} · Overdue by twice the limit' },
  'case.check-assigned': { zh: '{number} · 请核查', en: '{number} · Please check this fix' },
  'case.callback-due': { zh: '{number} · 请回访', en: '{number} · Call the reporter back' },
  'case.unassigned': { zh: '{number} · 无人值班待派遣', en: '{number} · No one on duty, dispatch by hand' },
};

/** A notification's title in the reader's language; an unknown kind (from a newer server) shows as itself. */
export function noticeTitle(kind: string, params: NotificationParams | null | undefined, lang: Lang | string): string {
  const wording = (NOTICE_TITLES as Record<string, Wording>)[kind];
  return wording ? fillWording(wording, params as Record<string, string> | undefined, lang) : kind;
}

/** `GET /api/v1/notifications`: a user's own notifications, newest first. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  params: NotificationParams;
  /** a line or two of what was reported (the reporter's own words) */
  body: string | null;
  createdAt: string;
  readAt: string | null;
}
