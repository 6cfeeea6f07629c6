/**
 * Seed case categories (管理部件和事件) — the 37 rows of domain.md §6, copied here so nothing reads
 * /work/shared at run time. Admins edit categories in the app; this is only the starting table.
 *
 * Reading the "Limit (from dispatch)" column:
 * - "2 h barrier (natural) / 24 h repair" → responseLimit {2, natural_hours} (make safe), handlingLimit {24, natural_hours}
 * - a bare "N h" on a P0/P1 row → natural_hours; "N working h" → working_hours; "N working d" → working_days
 * - "immediate" → handlingLimit {1, natural_hours}: the case is handed over at once; the hour covers the hand-over
 * - seasonal variants (flood season) → the base value here; the seasonal value is noted in a comment
 * - "P1/P2" → the first (P1)
 *
 * Flag rules used below (judgement, not from a standard):
 * - needsUnit: true for everything a grid worker cannot fix on the spot; self-disposable rows are false and carry
 *   a FALLBACK defaultUnitCode for when the worker cannot fix it after all.
 * - afterPhotoRequired: true for physical fixes; false where the result is not photographable (noise) or is
 *   recorded by a hand-over to an emergency service / a housing procedure instead (gas, fire, group renting, complaints).
 * - autoFileFromPatrol: true where a patrol or IoT report identifies the category unambiguously and filing needs no
 *   judgement (routine street problems, IoT-sensed covers / water level / gas / smoke, P0 emergencies where speed
 *   matters); false for enforcement and dispute categories that need a shift lead's assessment.
 * - autoClose: never for P0/P1; also false for enforcement cases (illegal construction, outdoor ads, group renting).
 * - standardCode: same as code for now. GB/T 47678.5-2026 is reported to replace GB/T 30428.2 from 2026-07-01 with
 *   5-digit codes; admins fill the new codes in when the town adopts them.
 */
import type { LimitUnit } from '@gridops/domain';
import type { SeedUnitCode } from './units';

export { UNIT_SEEDS } from './units';
export type { UnitSeed, SeedUnitCode } from './units';

export type CategoryKind = 'component' | 'event';
export type CategoryPriority = 'P0' | 'P1' | 'P2' | 'P3';

export interface TimeLimitSeed {
  amount: number;
  unit: LimitUnit;
}

export interface CategorySeed {
  code: string;
  /** GB/T 30428.2-style code; same as `code` where no other is known */
  standardCode: string;
  /** C = 部件 component, E = 事件 event */
  kind: CategoryKind;
  nameZh: string;
  nameEn: string;
  priority: CategoryPriority;
  /** repair / handling limit, counted from dispatch */
  handlingLimit: TimeLimitSeed;
  /** first "make safe / barrier / stop" limit, where the table gives two */
  responseLimit?: TimeLimitSeed;
  /** the Self-fix column: a grid worker may fix it on the spot (自处置) */
  selfDisposable: boolean;
  /** 处置单位 that normally handles it (a fallback for self-disposable rows); null when the grid worker handles it */
  defaultUnitCode: SeedUnitCode | null;
  /** dispatch goes to a unit rather than a grid worker */
  needsUnit: boolean;
  /** `handle` needs an after-photo */
  afterPhotoRequired: boolean;
  /** patrol / IoT reports of it may be filed automatically */
  autoFileFromPatrol: boolean;
  /** may close automatically after a passed check; never for P0/P1 */
  autoClose: boolean;
}

const wh = (amount: number): TimeLimitSeed => ({ amount, unit: 'working_hours' });
const wd = (amount: number): TimeLimitSeed => ({ amount, unit: 'working_days' });
const nh = (amount: number): TimeLimitSeed => ({ amount, unit: 'natural_hours' });

type Row = Omit<CategorySeed, 'standardCode' | 'kind'>;

/** Derives `kind` from the C/E prefix and sets `standardCode` = `code`. */
function cat(row: Row): CategorySeed {
  return { ...row, standardCode: row.code, kind: row.code.startsWith('C') ? 'component' : 'event' };
}

/* prettier-ignore */
export const CATEGORY_SEEDS: CategorySeed[] = [
  // ---- 部件 components -------------------------------------------------------------------------------------
  cat({ code: 'C0101', nameZh: '上水井盖', nameEn: 'Water-supply manhole cover', priority: 'P1', responseLimit: nh(2), handlingLimit: nh(24), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  cat({ code: 'C0102', nameZh: '污水井盖', nameEn: 'Sewer manhole cover', priority: 'P1', responseLimit: nh(2), handlingLimit: nh(24), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  // P2 normally; P1 in flood season (汛期, roughly Jun–Sep in Shanghai) — seasonal rule, not encoded here
  cat({ code: 'C0104', nameZh: '雨水箅子', nameEn: 'Storm-drain grate', priority: 'P2', handlingLimit: wh(4), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // municipal hydrants are maintained by the water-supply company; the fire brigade only inspects them
  cat({ code: 'C0113', nameZh: '消火栓', nameEn: 'Fire hydrant', priority: 'P1', handlingLimit: nh(4), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  // table says P1/P2 → P1; 2 h make safe (natural), 2 working days to repair
  cat({ code: 'C0116', nameZh: '电力设施', nameEn: 'Power cabinet', priority: 'P1', responseLimit: nh(2), handlingLimit: wd(2), selfDisposable: false, defaultUnitCode: 'dianli', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  cat({ code: 'C0118', nameZh: '路灯', nameEn: 'Street light', priority: 'P2', handlingLimit: wd(3), selfDisposable: false, defaultUnitCode: 'dianli', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'C0203', nameZh: '公交站亭', nameEn: 'Bus shelter', priority: 'P2', handlingLimit: wd(3), selfDisposable: false, defaultUnitCode: 'jiaotong', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'C0209', nameZh: '交通标志牌', nameEn: 'Traffic sign', priority: 'P2', handlingLimit: wd(3), selfDisposable: false, defaultUnitCode: 'jiaotong', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'C0211', nameZh: '交通护栏', nameEn: 'Guardrail', priority: 'P2', handlingLimit: wd(2), selfDisposable: false, defaultUnitCode: 'jiaotong', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'C0301', nameZh: '公共厕所', nameEn: 'Public toilet', priority: 'P2', handlingLimit: wd(1), selfDisposable: false, defaultUnitCode: 'shirong', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'C0305', nameZh: '垃圾箱', nameEn: 'Litter bin', priority: 'P2', handlingLimit: wd(1), selfDisposable: true, defaultUnitCode: 'shirong', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // table says P1/P2 → P1; 4 h (natural) to clear a fallen tree, 5 working days to replant
  cat({ code: 'C0402', nameZh: '行道树', nameEn: 'Street tree', priority: 'P1', responseLimit: nh(4), handlingLimit: wd(5), selfDisposable: false, defaultUnitCode: 'lvhua', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  // no owning unit in the seed list (boards often belong to a 居委会); the 城管中队 takes street furniture without a known owner
  cat({ code: 'C0501', nameZh: '宣传栏', nameEn: 'Notice board', priority: 'P3', handlingLimit: wd(5), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),

  // ---- 事件 events -----------------------------------------------------------------------------------------
  // stop within 4 working hours; demolish within 20 working days (sources give 15–20)
  cat({ code: 'E0101', nameZh: '违法搭建', nameEn: 'Illegal construction', priority: 'P2', responseLimit: wh(4), handlingLimit: wd(20), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: false, autoClose: false }),
  cat({ code: 'E0102', nameZh: '暴露垃圾', nameEn: 'Exposed rubbish', priority: 'P2', handlingLimit: wh(4), selfDisposable: true, defaultUnitCode: 'shirong', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // 4 working hours to cover/contain, 2 working days to remove
  cat({ code: 'E0103', nameZh: '积存垃圾渣土', nameEn: 'Accumulated waste/spoil', priority: 'P2', responseLimit: wh(4), handlingLimit: wd(2), selfDisposable: false, defaultUnitCode: 'shirong', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0104', nameZh: '道路不洁', nameEn: 'Dirty road surface', priority: 'P2', handlingLimit: wh(2), selfDisposable: true, defaultUnitCode: 'shirong', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0106', nameZh: '绿地脏乱', nameEn: 'Littered green space', priority: 'P2', handlingLimit: wh(4), selfDisposable: true, defaultUnitCode: 'lvhua', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // 4 working hours normally; 2 natural hours in flood season (汛期) — seasonal rule, not encoded here
  cat({ code: 'E0111', nameZh: '道路积水', nameEn: 'Road flooding', priority: 'P1', handlingLimit: wh(4), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  cat({ code: 'E0201', nameZh: '非法小广告', nameEn: 'Illegal flyers', priority: 'P2', handlingLimit: wd(1), selfDisposable: true, defaultUnitCode: 'chengguan', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0203', nameZh: '违规户外广告', nameEn: 'Illegal outdoor ad', priority: 'P2', handlingLimit: wd(5), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: false, autoClose: false }),
  // "2 h on site": someone must be there within 2 natural hours; nothing to photograph afterwards
  cat({ code: 'E0301', nameZh: '施工扰民', nameEn: 'Construction noise at night', priority: 'P1', handlingLimit: nh(2), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: false, autoFileFromPatrol: false, autoClose: false }),
  cat({ code: 'E0302', nameZh: '工地扬尘', nameEn: 'Construction dust', priority: 'P2', handlingLimit: wh(4), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: false, autoClose: true }),
  // enforcement against the truck is 城管's; a large spill also needs 市容环卫 to clean (dispatch manually)
  cat({ code: 'E0304', nameZh: '道路遗撒', nameEn: 'Truck spillage', priority: 'P2', handlingLimit: wh(4), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // 1 h cordon (natural), 24 h repair; road maintenance (道路养护) repairs, 供排水 joins when a pipe caused it
  cat({ code: 'E0401', nameZh: '路面塌陷', nameEn: 'Road collapse', priority: 'P0', responseLimit: nh(1), handlingLimit: nh(24), selfDisposable: false, defaultUnitCode: 'daolu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  cat({ code: 'E0402', nameZh: '自来水管破裂', nameEn: 'Water-main burst', priority: 'P0', handlingLimit: nh(1), selfDisposable: false, defaultUnitCode: 'shuiwu', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  // "immediate, hand to gas company/119": 1 natural hour covers the hand-over; the hand-over record replaces the photo
  cat({ code: 'E0403', nameZh: '燃气泄漏', nameEn: 'Gas leak', priority: 'P0', handlingLimit: nh(1), selfDisposable: false, defaultUnitCode: 'ranqi', needsUnit: true, afterPhotoRequired: false, autoFileFromPatrol: true, autoClose: false }),
  // "immediate, hand to 119": as above
  cat({ code: 'E0411', nameZh: '火灾/烟感告警', nameEn: 'Fire / smoke-sensor alarm', priority: 'P0', handlingLimit: nh(1), selfDisposable: false, defaultUnitCode: 'xiaofang', needsUnit: true, afterPhotoRequired: false, autoFileFromPatrol: true, autoClose: false }),
  cat({ code: 'E0501', nameZh: '无照经营游商', nameEn: 'Unlicensed street vending', priority: 'P2', handlingLimit: wh(2), selfDisposable: true, defaultUnitCode: 'chengguan', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0504', nameZh: '店外经营', nameEn: 'Shop spill-over trading', priority: 'P2', handlingLimit: wd(1), selfDisposable: true, defaultUnitCode: 'chengguan', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // illegal parking is enforced by the traffic police (交警), which is not a town unit; the 派出所 stands in as the
  // police liaison here. Towns where 城管 tickets pavement parking may switch this to 'chengguan'.
  cat({ code: 'E0505', nameZh: '机动车乱停放', nameEn: 'Illegal car parking', priority: 'P2', handlingLimit: wh(2), selfDisposable: false, defaultUnitCode: 'paichusuo', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0506', nameZh: '非机动车乱停放', nameEn: 'Bike/e-bike clutter', priority: 'P2', handlingLimit: wh(4), selfDisposable: true, defaultUnitCode: 'chengguan', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0507', nameZh: '乱堆物堆料', nameEn: 'Illegal piling', priority: 'P2', handlingLimit: wd(1), selfDisposable: true, defaultUnitCode: 'chengguan', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  cat({ code: 'E0510', nameZh: '露天烧烤/油烟', nameEn: 'Open-air BBQ / fumes', priority: 'P2', handlingLimit: wd(1), selfDisposable: false, defaultUnitCode: 'chengguan', needsUnit: true, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: true }),
  // indoor, private homes: no after-photo; closing needs a shift lead's review
  cat({ code: 'E0901', nameZh: '群租', nameEn: 'Illegal group renting', priority: 'P3', handlingLimit: wd(15), selfDisposable: false, defaultUnitCode: 'fangguan', needsUnit: true, afterPhotoRequired: false, autoFileFromPatrol: false, autoClose: false }),
  // "4 h" on a P1 row → natural hours; the worker unplugs it on the spot, 物业 is the fallback
  cat({ code: 'E0902', nameZh: '电动自行车飞线充电', nameEn: 'E-bike illegal charging', priority: 'P1', handlingLimit: nh(4), selfDisposable: true, defaultUnitCode: 'wuye', needsUnit: false, afterPhotoRequired: true, autoFileFromPatrol: true, autoClose: false }),
  // 7 working days, at most 15 (one extension); dispatched to 房管办, which supervises the property company
  cat({ code: 'E0903', nameZh: '物业服务问题', nameEn: 'Property-management complaint', priority: 'P2', handlingLimit: wd(7), selfDisposable: false, defaultUnitCode: 'fangguan', needsUnit: true, afterPhotoRequired: false, autoFileFromPatrol: false, autoClose: true }),
];
