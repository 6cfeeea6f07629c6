import { fillWording, type Lang, type TextParams, type Wording } from './coded-text';

/**
 * What the system (actor `system`) notes on a case's timeline, by code. Stored as `{ code, params }` in
 * `case_events.system_note`; the console and every other reader put it into words with `systemNoteText`.
 * Codes persist in the event log: add codes, never rename one.
 */
export const SYSTEM_NOTES = {
  /** 自动受理: a patrol or sensor report registered by itself */
  'intake.registered': { zh: '自动受理', en: 'Registered automatically' },
  /** 自动立案 */
  'intake.filed': { zh: '自动立案', en: 'Filed automatically' },
  /** 疑似重复: within 50 m and 24 h of an open case of the same category */
  'intake.possibleDuplicate': { zh: '疑似重复：{number}', en: 'Possible duplicate of {number}' },
  /** an IoT case merged into the device's open case */
  'intake.deviceRepeat': { zh: '设备 {device} 的重复告警', en: 'Repeated alarm of device {device}' },
  /** 按类别派至处置单位 */
  'dispatch.byCategory': { zh: '按类别派至处置单位', en: 'Dispatched to the unit by category' },
  /** 派至值班网格员 */
  'dispatch.onDuty': { zh: '派至值班网格员', en: 'Dispatched to the grid worker on duty' },
  /** no one on duty in the case's grid cell: the desk dispatches by hand */
  'dispatch.noOneOnDuty': { zh: '网格无人值班，请人工派遣', en: 'No one on duty in this grid cell: dispatch by hand' },
  /** 自动派核查 */
  'closure.checkerAssigned': { zh: '自动派核查', en: 'Checker assigned automatically' },
  'closure.noChecker': { zh: '无可用核查人，请人工指定', en: 'No checker available: assign one by hand' },
  /** 核查通过，自动结案 */
  'closure.autoClosed': { zh: '核查通过，自动结案', en: 'Closed after a passed check' },
  /** 100 % of the limit: 系统督办 */
  'sla.overdueUrged': { zh: '已超期，系统督办', en: 'Overdue: supervised by the system' },
  /** 200 % of the limit: town leadership told (the deadline version makes it once per deadline) */
  'sla.escalated': { zh: '超期达时限两倍，已报镇领导', en: 'Overdue by twice the limit: town leadership told' },
  /** another case merged into this one */
  'case.merged': { zh: '合并案件 {number}', en: 'Merged {number} into this case' },
  /** a device's repeated alarm merged into its open case by the alarm ingest */
  /** `message`: the platform's own words about the alarm, if any, led by '：'; `alarmId` is kept, not shown */
  'alarm.repeated': { zh: '同一设备重复告警（{at}），已并入本案{message}', en: 'Repeated alarm of the same device ({at}), merged into this case{message}' },
  'alarm.cleared': { zh: '告警已解除（{at}）{message}', en: 'Alarm cleared ({at}){message}' },
  /** a camera's repeated detection (视频AI) noted on the open case of the same camera and category; `eventId` kept, not shown */
  'video.repeated': { zh: '同一摄像头重复识别（{at}，置信度 {confidence}），已并入本案', en: 'Repeated detection by the same camera ({at}, confidence {confidence}), merged into this case' },
  /** a video case merged into the open case of the same camera and category by the intake job */
  'intake.cameraRepeat': { zh: '摄像头 {camera} 的重复识别', en: 'Repeated detection of camera {camera}' },
  /** a 12345 work order changed in a later import: `changes` lists the fields, `ref` is the order number */
  'hotline.updated': { zh: '12345工单 {ref} 更新：{changes}', en: '12345 work order {ref} updated: {changes}' },
} as const satisfies Record<string, Wording>;

export type SystemNoteCode = keyof typeof SYSTEM_NOTES;

/** A note the system wrote: its code and the values it names. */
export interface SystemNote {
  code: SystemNoteCode;
  params?: TextParams;
}

export const SYSTEM_NOTE_CODES = Object.keys(SYSTEM_NOTES) as SystemNoteCode[];

/** The note in words, in the reader's language; an unknown code (from a newer server) shows as itself. */
export function systemNoteText(note: { code: string; params?: TextParams | null }, lang: Lang | string): string {
  const wording = (SYSTEM_NOTES as Record<string, Wording>)[note.code];
  return wording ? fillWording(wording, note.params, lang) : note.code;
}
