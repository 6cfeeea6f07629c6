import type { EntityManager } from 'typeorm';
import { DEMO_CAMERA_SEEDS } from '../seed-data';

/** Demo mode only: the demo cameras (seed-data/demo-cameras.ts). Cameras already there are left alone. */
export async function seedDemoCameras(m: EntityManager): Promise<number> {
  let added = 0;
  for (const c of DEMO_CAMERA_SEEDS) {
    const rows = (await m.query(
      `INSERT INTO cameras (id, name, lat, lng, district_code, grid_cell_code, address, categories, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [c.id, c.name, c.location.lat, c.location.lng, c.districtCode, c.gridCellCode, c.address, c.categories],
    )) as unknown[];
    added += rows.length;
  }
  return added;
}
