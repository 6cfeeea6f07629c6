import { deviceIdSchema, DEVICE_TYPES } from '@gridops/contracts';
import { findContaining } from '@gridops/domain';
import { DEMO_DEVICE_SEEDS, TOWN_GEOGRAPHY } from './index';

describe('demo devices (物联感知设备)', () => {
  it('are 40, with unique ids the alarm API accepts', () => {
    expect(DEMO_DEVICE_SEEDS).toHaveLength(40);
    expect(new Set(DEMO_DEVICE_SEEDS.map((d) => d.id)).size).toBe(40);
    for (const d of DEMO_DEVICE_SEEDS) expect(deviceIdSchema.safeParse(d.id).success).toBe(true);
  });

  it('put ten in each 片区, every type in every 片区, at least two in every grid cell', () => {
    for (const district of TOWN_GEOGRAPHY.districts) {
      const own = DEMO_DEVICE_SEEDS.filter((d) => d.districtCode === district.code);
      expect(own).toHaveLength(10);
      expect(new Set(own.map((d) => d.type))).toEqual(new Set(DEVICE_TYPES));
      for (const cell of TOWN_GEOGRAPHY.gridCells.filter((c) => c.districtCode === district.code)) {
        expect(own.filter((d) => d.gridCellCode === cell.code).length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('lie inside the grid cell they name, at distinct points', () => {
    for (const d of DEMO_DEVICE_SEEDS) {
      const cell = findContaining(d.location, TOWN_GEOGRAPHY.gridCells);
      expect([d.id, cell?.code, cell?.districtCode]).toEqual([d.id, d.gridCellCode, d.districtCode]);
    }
    expect(new Set(DEMO_DEVICE_SEEDS.map((d) => `${d.location.lat},${d.location.lng}`)).size).toBe(40);
  });

  it('have Chinese names that fit the registry (≤ 100 characters)', () => {
    for (const d of DEMO_DEVICE_SEEDS) {
      expect(d.name).toMatch(/[\u4e00-\u9fff]/);
      expect(d.name.length).toBeLessThanOrEqual(100);
    }
  });
});
