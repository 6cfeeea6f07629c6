import type { DeviceType } from '@gridops/contracts';

/**
 * The case category a sensor's alarm becomes, by device type (a device may override it, e.g. a tilt sensor on a
 * water-supply cover → C0101). All four are seed categories (seed-data/categories.ts).
 */
export const DEVICE_TYPE_CATEGORY: Record<DeviceType, string> = {
  smoke: 'E0411', // 火灾/烟感告警 fire / smoke-sensor alarm
  manhole_tilt: 'C0102', // 污水井盖 sewer manhole cover (most tilt sensors sit on sewer covers)
  water_level: 'E0111', // 道路积水 road flooding
  gas: 'E0403', // 燃气泄漏 gas leak
};

export function categoryOfDevice(d: { type: DeviceType; categoryCode: string | null }): string {
  return d.categoryCode ?? DEVICE_TYPE_CATEGORY[d.type];
}
