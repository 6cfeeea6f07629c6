/**
 * Channels a report arrives through (domain.md §3). Values are persisted: never rename them.
 */
export const SOURCES = ['patrol', 'hotline_12345', 'citizen_app', 'iot', 'video_ai', 'police_110', 'district_assigned'] as const;
export type Source = (typeof SOURCES)[number];

export const SOURCE_LABELS: Record<Source, { zh: string; en: string }> = {
  patrol: { zh: '网格巡查', en: 'Grid patrol' },
  hotline_12345: { zh: '12345热线', en: '12345 hotline' },
  citizen_app: { zh: '随申拍/市民', en: 'Citizen app' },
  iot: { zh: '物联感知', en: 'IoT sensor' },
  video_ai: { zh: '视频AI', en: 'Video analytics' },
  police_110: { zh: '110联动', en: '110 police hand-over' },
  district_assigned: { zh: '上级交办', en: 'Assigned by district' },
};

/** Sources whose reporters get a callback (回访) after closure. */
export const CALLBACK_SOURCES: readonly Source[] = ['hotline_12345', 'citizen_app'];
