/**
 * What the town reports, as data: which problems (categories) come up how often, in which kind of area, at which
 * time of day (Asia/Shanghai), through which channel. Judgement from how a Shanghai town's cases look — rubbish in
 * the morning, vending and shop spill-over in the commercial streets by day, barbecues and e-bike charging in the
 * evening, construction noise at night — not measured figures. Edit the numbers, not the code.
 */
import type { DistrictCode } from '../districts';

/** Parts of the day in the town's zone: 06–10 morning, 10–17 day, 17–22 evening, 22–06 night. */
export type HourBand = 'morning' | 'day' | 'evening' | 'night';

/** Kinds of area a 片区 is made of. */
export type AreaKind = 'residential' | 'commercial' | 'works';

/**
 * Each 片区 as a blend of area kinds. 金沙 (金沙江路) and 梅川 (梅川路) are the shopping streets, 新城 is mostly
 * housing estates (新村), 怒江 has the building sites.
 */
export const DISTRICT_AREAS: Record<DistrictCode, Record<AreaKind, number>> = {
  xincheng: { residential: 0.75, commercial: 0.2, works: 0.05 },
  jinsha: { residential: 0.35, commercial: 0.6, works: 0.05 },
  nujiang: { residential: 0.45, commercial: 0.15, works: 0.4 },
  meichuan: { residential: 0.3, commercial: 0.65, works: 0.05 },
};

/** How many reports each 片区 produces relative to the others (people and shops). */
export const DISTRICT_WEIGHTS: Record<DistrictCode, number> = { xincheng: 1.1, jinsha: 1, nujiang: 0.9, meichuan: 1 };

/** People channels a category is reported through; IoT alarms come from the device registry instead. */
export type Channel = 'patrol' | 'hotline' | 'app';
export const CHANNEL_SOURCE = { patrol: 'patrol', hotline: 'hotline_12345', app: 'citizen_app' } as const;

/** Share of new reports per channel (网格巡查, 12345, 随申拍, 物联感知). Without an IoT ingest the rest share its part. */
export const CHANNEL_WEIGHTS = { patrol: 0.45, hotline: 0.25, app: 0.2, iot: 0.1 } as const;

export interface MixRow {
  code: string;
  /** relative frequency town-wide */
  weight: number;
  /** multiplier by part of the day */
  bands: Record<HourBand, number>;
  /** multiplier by kind of area */
  areas: Record<AreaKind, number>;
  channels: readonly Channel[];
}

const b = (morning: number, day: number, evening: number, night: number): Record<HourBand, number> => ({ morning, day, evening, night });
const a = (residential: number, commercial: number, works: number): Record<AreaKind, number> => ({ residential, commercial, works });
const ALL: readonly Channel[] = ['patrol', 'hotline', 'app'];

/**
 * Categories whose handler has no demo login (e.g. 机动车乱停放 goes to the 派出所, 路灯 to 电力) are dropped at
 * start: a case nobody can accept would only pile up. They are listed so a deployment with those users gets them.
 */
/* prettier-ignore */
export const CATEGORY_MIX: readonly MixRow[] = [
  // ---- street cleanliness: mornings, everywhere --------------------------------------------------------------
  { code: 'E0102', weight: 10, bands: b(3, 1, 1, 0.3), areas: a(1.5, 1, 0.8), channels: ALL }, // 暴露垃圾
  { code: 'E0104', weight: 5, bands: b(2, 1, 0.7, 0.2), areas: a(1, 1, 1.5), channels: ['patrol', 'app'] }, // 道路不洁
  { code: 'E0106', weight: 3, bands: b(1.5, 1, 0.8, 0.2), areas: a(1.5, 0.6, 0.5), channels: ['patrol', 'app'] }, // 绿地脏乱
  { code: 'C0305', weight: 3, bands: b(2, 1, 1, 0.3), areas: a(1, 1.2, 0.5), channels: ['patrol', 'app'] }, // 垃圾箱
  { code: 'E0103', weight: 3, bands: b(1, 1.2, 0.6, 0.3), areas: a(0.6, 0.4, 2.5), channels: ['patrol', 'hotline'] }, // 积存垃圾渣土
  { code: 'E0507', weight: 4, bands: b(1, 1.2, 0.8, 0.3), areas: a(1.5, 0.8, 1.5), channels: ALL }, // 乱堆物堆料
  { code: 'E0201', weight: 4, bands: b(1, 1.5, 0.8, 0.2), areas: a(1.5, 1, 0.5), channels: ['patrol', 'app'] }, // 非法小广告
  // ---- street order: commercial streets by day and evening ---------------------------------------------------
  { code: 'E0501', weight: 7, bands: b(0.8, 2, 2.5, 0.3), areas: a(0.5, 3, 0.6), channels: ALL }, // 无照经营游商
  { code: 'E0504', weight: 6, bands: b(0.7, 2, 1.5, 0.1), areas: a(0.4, 3, 0.3), channels: ['patrol', 'app'] }, // 店外经营
  { code: 'E0506', weight: 7, bands: b(1.5, 2, 1, 0.3), areas: a(1, 2.5, 0.5), channels: ['patrol', 'app'] }, // 非机动车乱停放
  { code: 'E0505', weight: 5, bands: b(1, 2, 1.5, 0.8), areas: a(1, 2.5, 0.5), channels: ALL }, // 机动车乱停放
  { code: 'E0203', weight: 1.5, bands: b(1, 1.5, 1, 0.2), areas: a(0.3, 2.5, 0.3), channels: ['patrol', 'app'] }, // 违规户外广告
  { code: 'E0510', weight: 3, bands: b(0.1, 0.5, 2.5, 2.5), areas: a(0.8, 2, 0.3), channels: ['hotline', 'app'] }, // 露天烧烤/油烟
  // ---- housing estates: evenings and nights --------------------------------------------------------------------
  { code: 'E0902', weight: 4, bands: b(0.3, 0.5, 2, 3), areas: a(3, 0.3, 0.5), channels: ALL }, // 电动自行车飞线充电
  { code: 'E0903', weight: 3, bands: b(1, 1.5, 1.5, 0.3), areas: a(3, 0.3, 0.2), channels: ['hotline', 'app'] }, // 物业服务问题
  { code: 'E0901', weight: 1.5, bands: b(0.8, 1, 1.2, 0.8), areas: a(3, 0.2, 0.5), channels: ['hotline'] }, // 群租
  { code: 'E0101', weight: 2, bands: b(1, 1.5, 0.8, 0.1), areas: a(2, 0.8, 0.5), channels: ['patrol', 'hotline'] }, // 违法搭建
  // ---- building sites: dust by day, noise at night -------------------------------------------------------------
  { code: 'E0301', weight: 3, bands: b(0.2, 0.3, 1, 5), areas: a(1, 0.3, 3), channels: ['hotline', 'app'] }, // 施工扰民
  { code: 'E0302', weight: 3, bands: b(1, 2, 0.5, 0.1), areas: a(0.3, 0.3, 4), channels: ALL }, // 工地扬尘
  { code: 'E0304', weight: 2, bands: b(1.5, 1, 0.8, 1.5), areas: a(0.3, 0.5, 3), channels: ['patrol', 'hotline'] }, // 道路遗撒
  // ---- street furniture and utilities: any time ----------------------------------------------------------------
  { code: 'C0101', weight: 2, bands: b(1, 1, 1, 1), areas: a(1, 1, 1.2), channels: ALL }, // 上水井盖
  { code: 'C0102', weight: 2, bands: b(1, 1, 1, 1), areas: a(1, 1, 1.2), channels: ALL }, // 污水井盖
  { code: 'C0104', weight: 2, bands: b(1, 1, 1, 1), areas: a(1, 1, 1), channels: ['patrol', 'app'] }, // 雨水箅子
  { code: 'E0111', weight: 1.5, bands: b(1, 1, 1, 1), areas: a(1, 1, 1), channels: ALL }, // 道路积水
  { code: 'C0113', weight: 1, bands: b(1, 1, 1, 0.5), areas: a(1, 1, 1), channels: ['patrol', 'hotline'] }, // 消火栓
  { code: 'C0301', weight: 1.5, bands: b(1, 1.5, 1, 0.2), areas: a(0.5, 2, 0.3), channels: ['hotline', 'app'] }, // 公共厕所
  { code: 'C0118', weight: 2, bands: b(0.2, 0.3, 2, 2), areas: a(1, 1, 1), channels: ['patrol', 'hotline'] }, // 路灯 (noticed after dark)
  { code: 'C0209', weight: 1, bands: b(1, 1, 1, 0.5), areas: a(0.8, 1.2, 1), channels: ['patrol'] }, // 交通标志牌
  { code: 'C0402', weight: 1, bands: b(1, 1, 1, 0.5), areas: a(1.2, 1, 0.8), channels: ['patrol', 'hotline'] }, // 行道树
  { code: 'E0401', weight: 0.3, bands: b(1, 1, 1, 1), areas: a(1, 1, 1.5), channels: ['patrol', 'hotline'] }, // 路面塌陷
];
