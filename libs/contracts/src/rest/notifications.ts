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
 * words by the reader's screen, in the reader's language (`noticeTitle`). Who is told is decided by the server's
 * notification rules.
 */
export const NOTICE_TITLES: Record<NotificationKind, Wording> = {
  'case.dispatched': { zh: '新派遣案件 {number}', en: 'New case dispatched to you: {number}' },
  'sla.yellow': { zh: '案件即将超期 {number}', en: 'Due soon: {number}' },
  'sla.red': { zh: '案件已超期 {number}，已督办', en: 'Overdue, now supervised: {number}' },
  'sla.escalate': { zh: '案件严重超期 {number}', en: 'Overdue by twice the limit: {number}' },
  'case.check-assigned': { zh: '请核查 {number}', en: 'Please check this fix: {number}' },
  'case.callback-due': { zh: '请回访 {number}', en: 'Call the reporter back: {number}' },
  'case.unassigned': { zh: '无人值班待派遣 {number}', en: 'No one on duty, dispatch by hand: {number}' },
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
