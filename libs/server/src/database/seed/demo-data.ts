import type { DataSource } from 'typeorm';
import { createUserSchema, PASSWORD_MIN_LENGTH } from '@gridops/contracts';
import { hashApiKey } from '../../auth/api-keys.service';
import { hashPassword, verifyPassword } from '../../auth/password';
import { DEMO_API_KEYS, DEMO_PASSWORD, DEMO_USER_SEEDS } from '../seed-data';

/** Demo credentials still usable in a database: demo users who sign in with the demo password, unrevoked demo keys. */
export interface DemoData {
  users: string[];
  /** the demo keys' names as printed at start (the keys themselves are in the source) */
  apiKeys: string[];
}

/**
 * Active users with a demo username whose password is still the demo password (one argon2 check each, in parallel:
 * ~1 s at most), and the demo API keys that are not revoked. A demo username with a password of its own is not demo.
 */
export async function findDemoData(ds: DataSource): Promise<DemoData> {
  const rows = (await ds.query(`SELECT username, password_hash FROM users WHERE active AND username = ANY($1::text[]) ORDER BY username`, [
    DEMO_USER_SEEDS.map((u) => u.username),
  ])) as { username: string; password_hash: string }[];
  const demo = await Promise.all(rows.map(async (r) => ((await verifyPassword(r.password_hash, DEMO_PASSWORD)) ? r.username : null)));
  const keys = (await ds.query(`SELECT key_hash FROM api_keys WHERE revoked_at IS NULL AND key_hash = ANY($1::text[])`, [DEMO_API_KEYS.map((k) => hashApiKey(k.key))])) as {
    key_hash: string;
  }[];
  const live = new Set(keys.map((k) => k.key_hash));
  return { users: demo.filter((u): u is string => u !== null), apiKeys: DEMO_API_KEYS.filter((k) => live.has(hashApiKey(k.key))).map((k) => k.key) };
}

/**
 * `node scripts/start.mjs --retire-demo`: the demo users who still have the demo password are deactivated (their
 * refresh tokens revoked), the demo API keys revoked. Rows stay: cases and timelines refer to them.
 */
export async function retireDemo(ds: DataSource): Promise<DemoData> {
  const found = await findDemoData(ds);
  await ds.transaction(async (m) => {
    await m.query(`UPDATE users SET active = false, token_version = token_version + 1 WHERE username = ANY($1::text[])`, [found.users]);
    await m.query(`UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND key_hash = ANY($1::text[])`, [found.apiKeys.map(hashApiKey)]);
  });
  return found;
}

/**
 * `ADMIN_PASSWORD=… node scripts/start.mjs --create-admin <username>`: the first admin of an install without demo
 * users (the password never on a command line). Refuses a username that exists.
 */
export async function createAdmin(ds: DataSource, username: string, password: string | undefined): Promise<void> {
  if (!password) throw new Error(`set ADMIN_PASSWORD to the new admin's password (at least ${PASSWORD_MIN_LENGTH} characters)`);
  if (password === DEMO_PASSWORD) throw new Error('ADMIN_PASSWORD is the demo password: choose another');
  const parsed = createUserSchema.safeParse({ username, displayName: username, role: 'admin', password });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') === 'password' ? 'ADMIN_PASSWORD' : i.path.join('.')}: ${i.message}`).join('; '));
  const hash = await hashPassword(password);
  const inserted = (await ds.query(
    `INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, $3, 'admin') ON CONFLICT (username) DO NOTHING RETURNING id`,
    [parsed.data.username, parsed.data.displayName, hash],
  )) as unknown[];
  if (inserted.length === 0) throw new Error(`a user named ${parsed.data.username} exists already; sign in as an admin and change it at /admin`);
}
