import type { DataSource } from 'typeorm';
import { townDateOf } from '@gridops/domain';
import { hashApiKey } from '../../auth/api-keys.service';
import { hashPassword } from '../../auth/password';
import { seedDemoDevices } from './seed-demo-devices';
import { seedDemoCameras } from './seed-demo-cameras';
import { DEMO_API_KEYS, DEMO_DUTY_ROSTER, DEMO_PASSWORD, DEMO_PEOPLE_LOGINS, DEMO_USER_SEEDS } from '../seed-data';

export interface DemoLogin {
  username: string;
  role: string;
  districtCode: string | null;
}

/**
 * Demo mode only: one user per role and per district with the known password, on duty for their cells for a year,
 * and the simulator's own desk staff (`sim.*`).
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
    // fixed demo API keys (stored hashed like any other); a key an admin revoked stays revoked
    for (const k of DEMO_API_KEYS) {
      await m.query(
        `INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING`,
        [k.name, k.key.slice(0, 12), hashApiKey(k.key), k.scopes],
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
    // the demo shift lead (值班长) on duty every day of the coming year; days an admin planned keep their lead
    await m.query(
      `INSERT INTO duty_shift_leads (duty_date, user_id)
       SELECT $2::date + i, u.id FROM users u, generate_series(0, 366) i
        WHERE u.username = $1
       ON CONFLICT (duty_date) DO NOTHING`,
      ['lead', townDateOf(now)],
    );
    await seedDemoDevices(m);
    await seedDemoCameras(m);
  });
  // the simulator's own staff are seeded but not printed: the printed logins are for people
  return DEMO_PEOPLE_LOGINS.map((u) => ({ username: u.username, role: u.role, districtCode: u.districtCode }));
}
