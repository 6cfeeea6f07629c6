import { townIsoString, type CaseState, type LimitUnit, type VoidReason } from '@gridops/domain';
import type { CaseEntity } from '../cases/case.entity';
import type { CategoryEntity } from '../directory/category.entity';
import type { Open311Record } from './open311-document';
import { serviceDefinition } from './service-definitions';

/**
 * How gridops looks from Open311: a category is a service, a case is a service request. Open311 knows only
 * `open` and `closed` (domain.md §4: fine states inside, a coarse public status outside), so `status_notes` says
 * where in the closed loop the case is — and that a voided case was closed without a fix. Times leave as W3C
 * datetimes in the town's time.
 */

const OPEN_NOTES: Record<Exclude<CaseState, 'CLOSED' | 'VOID'>, string> = {
  REPORTED: '已受理，等待处理 (received, waiting to be handled)',
  PENDING_VERIFY: '网格员现场核实中 (a grid worker is checking on site)',
  PENDING_FILE: '已核实，待立案 (confirmed, waiting to be filed)',
  PENDING_DISPATCH: '已立案，待派遣 (filed, waiting to be dispatched)',
  DISPATCHED: '已派遣至处置单位 (dispatched to the responsible unit)',
  IN_PROGRESS: '处置中 (being fixed)',
  RETURN_REQUESTED: '处置中，正在重新确认责任单位 (being fixed; the responsible unit is being confirmed again)',
  EXTENSION_REQUESTED: '处置中，处置单位申请延期 (being fixed; the unit asked for more time)',
  SUSPEND_REQUESTED: '处置中，申请暂缓处置 (being fixed; a pause was requested)',
  SUSPENDED: '暂缓处置（挂账），条件具备后继续 (on hold until conditions allow)',
  HANDLED: '已处置，待核查 (fixed, waiting for a check)',
  SELF_DISPOSED: '网格员已现场处置，待结案 (fixed on the spot by a grid worker, waiting to be closed)',
  PENDING_CHECK: '已处置，核查中 (fixed, being checked)',
  REWORK: '核查未通过，返工中 (the check failed; being fixed again)',
  PENDING_CLOSE: '核查通过，待结案 (checked, waiting to be closed)',
};

const VOID_NOTES: Record<VoidReason, string> = {
  duplicate: '重复上报，已并入另一案件 (a duplicate; merged into another request)',
  out_of_jurisdiction: '不属本镇管辖，未处置 (outside the town’s remit; not handled here)',
  invalid: '经核实不属实或无法处置，已作废 (found invalid; closed without a fix)',
  not_found: '现场未发现所述问题，已作废 (nothing found on site; closed without a fix)',
  other: '已作废 (voided; closed without a fix)',
};

export function open311Status(c: Pick<CaseEntity, 'state' | 'voidReason' | 'callbackSatisfied'>, duplicateOfNumber: string | null): { status: 'open' | 'closed'; notes: string } {
  if (c.state === 'CLOSED') {
    return { status: 'closed', notes: c.callbackSatisfied === false ? '已办结，回访不满意 (closed; the reporter was not satisfied)' : '已办结 (resolved and closed)' };
  }
  if (c.state === 'VOID') {
    const reason = c.voidReason ?? 'other';
    const merged = reason === 'duplicate' && duplicateOfNumber ? `重复上报，已并入 ${duplicateOfNumber} (a duplicate of ${duplicateOfNumber})` : null;
    return { status: 'closed', notes: merged ?? VOID_NOTES[reason] };
  }
  return { status: 'open', notes: OPEN_NOTES[c.state] };
}

const UNIT_ZH: Record<LimitUnit, [string, string]> = {
  working_hours: ['个工作小时', 'working hours'],
  working_days: ['个工作日', 'working days'],
  natural_hours: ['小时', 'hours'],
};

const limitText = (amount: number, unit: LimitUnit) => ({ zh: `${amount} ${UNIT_ZH[unit][0]}`, en: `${amount} ${UNIT_ZH[unit][1]}` });

/** What the town promises for the category (`service_notice`): the handling limit from dispatch, and the first response where there is one. */
export function serviceNotice(c: CategoryEntity): string {
  const handling = limitText(c.limitAmount, c.limitUnit);
  const response = c.responseLimitAmount !== null && c.responseLimitUnit ? limitText(c.responseLimitAmount, c.responseLimitUnit) : null;
  const zhText = response ? `派遣后 ${response.zh}内先行处置，${handling.zh}内处置完毕` : `派遣后 ${handling.zh}内处置完毕`;
  const enText = response ? `made safe within ${response.en} and fixed within ${handling.en} of dispatch` : `fixed within ${handling.en} of dispatch`;
  return `${zhText} (${enText})`;
}

/** GB/T 30428.2 major classes, from the code's first three characters: the Open311 `group`. */
const GROUPS: Record<string, string> = {
  C01: '公用设施 (public utilities)',
  C02: '道路交通 (roads and traffic)',
  C03: '市容环境 (city appearance)',
  C04: '园林绿化 (parks and greenery)',
  C05: '其他设施 (other facilities)',
  E01: '市容环境 (city appearance)',
  E02: '宣传广告 (advertising)',
  E03: '施工管理 (construction)',
  E04: '突发事件 (emergencies)',
  E05: '街面秩序 (street order)',
  E09: '社区管理 (community affairs)',
};

export function serviceGroup(c: CategoryEntity): string {
  return GROUPS[c.code.slice(0, 3)] ?? (c.kind === 'component' ? '部件 (components)' : '事件 (events)');
}

/** One `service` of the service list. */
export function serviceRecord(c: CategoryEntity): Open311Record {
  return {
    service_code: c.code,
    service_name: c.nameZh,
    description: `${c.nameZh} (${c.nameEn})。${serviceNotice(c)}`,
    metadata: serviceDefinition(c.code).length > 0,
    type: 'realtime',
    keywords: [c.nameZh, c.nameEn, c.kind === 'component' ? '部件' : '事件', c.standardCode].join(', '),
    group: serviceGroup(c),
  };
}

/** Everything a request row needs beside the case. */
export interface RequestContext {
  category: CategoryEntity | undefined;
  /** the full Open311 description, when the case came in through Open311 */
  description: string | null;
  mediaUrl: string | null;
  agency: string;
  duplicateOfNumber: string | null;
  gridCellName: string | null;
}

/** One `request` of GET requests / GET requests/{id}, in the spec's field order. */
export function requestRecord(c: CaseEntity, ctx: RequestContext): Open311Record {
  const { status, notes } = open311Status(c, ctx.duplicateOfNumber);
  const updated = c.state === 'CLOSED' && c.closedAt ? c.closedAt : c.updatedAt;
  return {
    service_request_id: c.number,
    status,
    status_notes: notes,
    service_name: ctx.category?.nameZh ?? c.categoryCode,
    service_code: c.categoryCode,
    description: ctx.description ?? c.description,
    agency_responsible: ctx.agency,
    service_notice: ctx.category ? serviceNotice(ctx.category) : null,
    requested_datetime: townIsoString(c.reportedAt),
    updated_datetime: townIsoString(updated),
    // the handling deadline (处置时限), known once the case is dispatched
    expected_datetime: c.handlingDueAt ? townIsoString(c.handlingDueAt) : null,
    address: c.address ?? ctx.gridCellName,
    // the town's addressing system is its grid: address_id is the grid cell (网格) code
    address_id: c.gridCellCode,
    lat: c.lat,
    long: c.lng,
    media_url: ctx.mediaUrl,
  };
}
