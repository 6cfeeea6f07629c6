import type { Client } from 'pg';

/** Extensions the migrations use: pg_trgm for the case text search (migration CaseTextSearch). */
export const REQUIRED_EXTENSIONS = ['pg_trgm'] as const;

/**
 * Before migrating: the extensions exist. Creating one needs a superuser (or CREATE on the database, which the owner
 * role does not have), so the migrate step makes them when it connects as one; on a managed Postgres without a
 * superuser they are made by hand (docs/operations.md, "Database roles") and the migrations find them.
 */
export async function prepareExtensions(client: Client): Promise<void> {
  const { rows } = await client.query<{ superuser: boolean }>(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
  if (!rows[0]?.superuser) return;
  for (const name of REQUIRED_EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
}
