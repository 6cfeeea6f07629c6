import type { EntityManager } from 'typeorm';
import { DEMO_DEVICE_SEEDS } from '../seed-data';

/**
 * Demo mode only: the demo sensors (seed-data/demo-devices.ts). Devices already there are left alone, so an admin's
 * edits (a device switched off, moved) survive restarts.
 */
export async function seedDemoDevices(m: EntityManager): Promise<number> {
  let added = 0;
  for (const d of DEMO_DEVICE_SEEDS) {
    const rows = (await m.query(
      `INSERT INTO devices (id, type, name, lat, lng, district_code, grid_cell_code, address, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [d.id, d.type, d.name, d.location.lat, d.location.lng, d.districtCode, d.gridCellCode, d.address],
    )) as unknown[];
    added += rows.length;
  }
  return added;
}
