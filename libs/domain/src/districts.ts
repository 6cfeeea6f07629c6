/**
 * The four grid-management districts (网格化综合管理服务片区) of 长征镇.
 * Codes are persisted and used in websocket room names (`district:<code>`): never rename them.
 */
export const DISTRICT_CODES = ['xincheng', 'jinsha', 'nujiang', 'meichuan'] as const;
export type DistrictCode = (typeof DISTRICT_CODES)[number];

export const DISTRICT_NAMES: Record<DistrictCode, { zh: string; en: string }> = {
  xincheng: { zh: '新城', en: 'Xincheng' },
  jinsha: { zh: '金沙', en: 'Jinsha' },
  nujiang: { zh: '怒江', en: 'Nujiang' },
  meichuan: { zh: '梅川', en: 'Meichuan' },
};

export function isDistrictCode(value: unknown): value is DistrictCode {
  return typeof value === 'string' && (DISTRICT_CODES as readonly string[]).includes(value);
}
