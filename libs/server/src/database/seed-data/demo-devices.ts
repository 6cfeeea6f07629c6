/**
 * Demo sensors (物联感知设备) for demo mode: ten per 片区 — 3 smoke detectors, 3 manhole-cover tilt sensors, 2
 * water-level gauges, 2 gas detectors — spread over the 片区's four grid cells, so the board's map and alarm stream
 * have something to show and `demo-iot-key` has devices to raise alarms for.
 *
 * Placement is deterministic (sampleInteriorPoint), and district and grid cell are what the point-in-polygon of
 * libs/domain says for that point — the same computation the registry does for a device an admin adds. Like the
 * geography they sit in, the locations are schematic.
 */
import type { DeviceType } from '@gridops/contracts';
import { findContaining, type DistrictCode } from '@gridops/domain';
import { TOWN_GEOGRAPHY, sampleInteriorPoint, type LatLng } from './geography';

export interface DemoDeviceSeed {
  id: string;
  type: DeviceType;
  name: string;
  location: LatLng;
  districtCode: DistrictCode;
  gridCellCode: string;
  address: string;
}

/** Per 片区, in this order; the id prefix is the usual pinyin initials of the sensor's Chinese name. */
const PLAN: ReadonlyArray<{ type: DeviceType; prefix: string; name: (cell: string, n: number) => string }> = [
  { type: 'smoke', prefix: 'YG', name: (cell, n) => `${cell}居民楼烟感探测器${n}号` },
  { type: 'manhole_tilt', prefix: 'JG', name: (cell, n) => `${cell}污水井盖倾斜监测${n}号` },
  { type: 'water_level', prefix: 'SW', name: (cell, n) => `${cell}低洼路段积水水位计${n}号` },
  { type: 'gas', prefix: 'RQ', name: (cell, n) => `${cell}沿街商铺燃气探测器${n}号` },
  { type: 'smoke', prefix: 'YG', name: (cell, n) => `${cell}老旧小区烟感探测器${n}号` },
  { type: 'manhole_tilt', prefix: 'JG', name: (cell, n) => `${cell}污水井盖倾斜监测${n}号` },
  { type: 'water_level', prefix: 'SW', name: (cell, n) => `${cell}下立交积水水位计${n}号` },
  { type: 'gas', prefix: 'RQ', name: (cell, n) => `${cell}餐饮店燃气探测器${n}号` },
  { type: 'smoke', prefix: 'YG', name: (cell, n) => `${cell}群租隐患楼栋烟感探测器${n}号` },
  { type: 'manhole_tilt', prefix: 'JG', name: (cell, n) => `${cell}污水井盖倾斜监测${n}号` },
];

const DISTRICT_INITIALS: Record<DistrictCode, string> = { xincheng: 'XC', jinsha: 'JS', nujiang: 'NJ', meichuan: 'MC' };

function buildDemoDevices(): DemoDeviceSeed[] {
  const devices: DemoDeviceSeed[] = [];
  for (const district of TOWN_GEOGRAPHY.districts) {
    const cells = TOWN_GEOGRAPHY.gridCells.filter((c) => c.districtCode === district.code);
    const perType = new Map<DeviceType, number>();
    PLAN.forEach((plan, k) => {
      const n = (perType.get(plan.type) ?? 0) + 1;
      perType.set(plan.type, n);
      const cell = cells[k % cells.length];
      // points 1..3 of a cell: halfway between its centroid and a corner, so devices in one cell never coincide
      const location = sampleInteriorPoint(cell.code, Math.floor(k / cells.length) + 1);
      const found = findContaining(location, TOWN_GEOGRAPHY.gridCells);
      if (found?.code !== cell.code) throw new Error(`demo device point for ${cell.code} falls in ${found?.code ?? 'no cell'}`);
      devices.push({
        id: `${plan.prefix}-${DISTRICT_INITIALS[district.code]}-${String(n).padStart(3, '0')}`,
        type: plan.type,
        name: plan.name(cell.nameZh, n),
        location,
        districtCode: found.districtCode,
        gridCellCode: found.code,
        address: `长征镇${district.nameZh}片区${cell.nameZh}（示意位置）`,
      });
    });
  }
  return devices;
}

export const DEMO_DEVICE_SEEDS: DemoDeviceSeed[] = buildDemoDevices();
