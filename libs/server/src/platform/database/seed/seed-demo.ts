import type { DataSource } from 'typeorm';
import { hashPassword } from '../../../auth/password';
import { DEMO_DUTY_ROSTER, DEMO_PASSWORD, DEMO_USER_SEEDS } from '../seed-data';

export interface DemoLogin {
  username: string;
  role: string;
  districtCode: string | null;
}

/**
 * Demo mode only: one user per role and per district with the known password, on duty for their cells for a year.
 * Existing users keep their password (someone may have changed it on purpose).
 */
export async function seedDemo(ds: DataSource, now = new Date()): Promise<DemoLogin[]> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await ds.transaction(async (m) => {
    for (const u of DEMO_USER_SEEDS) {
      await m.query(
        `INSERT INTO users (username, display_name, password_hash, role, district_code, unit_code, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING`,
        [u.username, u.displayName, hash, u.role, u.districtCode, u.unitCode, u.phone],
      );
    }
    const yearAhead = new Date(now.getTime() + 366 * 24 * 3600 * 1000);
    for (const duty of DEMO_DUTY_ROSTER) {
      const [{ id }] = (await m.query(`SELECT id FROM users WHERE username = $1`, [duty.username])) as { id: string }[];
      for (const cell of duty.gridCellCodes) {
        // keep one open-ended demo shift per worker and cell
        await m.query(
          `INSERT INTO duty_roster (user_id, grid_cell_code, starts_at, ends_at)
           SELECT $1::uuid, $2::varchar, $3::timestamptz, $4::timestamptz WHERE NOT EXISTS (
             SELECT 1 FROM duty_roster WHERE user_id = $1 AND grid_cell_code = $2 AND ends_at > $3)`,
          [id, cell, now, yearAhead],
        );
      }
    }
  });
  return DEMO_USER_SEEDS.map((u) => ({ username: u.username, role: u.role, districtCode: u.districtCode }));
}
