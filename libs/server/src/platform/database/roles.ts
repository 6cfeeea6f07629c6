import type { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Least privilege in Postgres (docs/operations.md, "Database roles"):
 *
 * - the **owner role** (`DB_OWNER_ROLE`, default `gridops_owner`, NOLOGIN when the migrate step creates it) owns the
 *   schema; migrations and seeds run as it;
 * - the **app role** (the user of `DATABASE_URL`, `gridops_app` by default) is what the api and worker connect as:
 *   read and write on the tables, read and append on the timeline (`case_events`: no UPDATE, DELETE or TRUNCATE), no
 *   DDL — it owns nothing, so it cannot alter or drop a table or its triggers, and only a superuser may set
 *   `session_replication_role`.
 *
 * The migrate step (`prepareDatabase`) sets this up idempotently when it connects as a superuser; with a
 * non-superuser migration connection the roles must exist already (the SQL is in docs/operations.md).
 */

/** Tables the app may only read and append to. */
export const APPEND_ONLY_TABLES = ['case_events'] as const;
/** TypeORM's migration history: the owner's business, not the app's. */
const MIGRATIONS_TABLE = 'migrations';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A role name as an SQL identifier; only plain lower-case names are accepted, so no quoting games. */
function role(name: string): string {
  if (!ROLE_NAME.test(name)) throw new Error(`unusable Postgres role name "${name}": use lower-case letters, digits and _`);
  return `"${name}"`;
}

const pgCode = (err: unknown): string | undefined => (err as { code?: string }).code;

/** Run a statement that may race with the same statement from another `npm start` (roles are cluster-wide). */
async function tolerant(client: Client, sql: string, params: unknown[] = []): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(sql, params);
      return;
    } catch (err) {
      // 42710 duplicate_object / 23505 unique_violation: a parallel run created the role first
      if (pgCode(err) === '42710' || pgCode(err) === '23505') return;
      // XX000 "tuple concurrently updated": a parallel run altered the same role; try again
      if (pgCode(err) === 'XX000' && attempt < 5 && /concurrently/.test((err as Error).message)) continue;
      throw err;
    }
  }
}

export interface RoleSetup {
  /** the role migrations and seeds run as (SET ROLE), null when the migration connection is that role already */
  migrateAs: string | null;
  /** who owns the schema (and whose default privileges the app gets) */
  owner: string;
  /** the role to grant to, null when the app connects as a superuser or as the migration user (no split) */
  app: string | null;
}

/**
 * Before migrating: the owner and app roles exist, the owner may create in schema `public` and PUBLIC may not, and
 * whatever was created before the split (by `postgres`) now belongs to the owner. `client` is the migration
 * connection, on the app's database.
 */
export async function prepareRoles(client: Client, opts: { ownerRole: string; appRole: string | null; appPassword: string | null }): Promise<RoleSetup> {
  const [me] = (await client.query<{ name: string; superuser: boolean }>(`SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`)).rows;
  const exists = async (name: string) => ((await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [name])).rowCount ?? 0) > 0;
  const isSuperuser = async (name: string) => (await client.query<{ s: boolean }>(`SELECT rolsuper AS s FROM pg_roles WHERE rolname = $1`, [name])).rows[0]?.s === true;
  let app = opts.appRole !== null && opts.appRole !== me.name ? opts.appRole : null;

  if (!me.superuser) {
    // a managed Postgres without a superuser: the roles were made by hand (docs/operations.md)
    const owner = me.name === opts.ownerRole || !(await exists(opts.ownerRole)) ? me.name : opts.ownerRole;
    if (app !== null && !(await exists(app))) {
      throw new Error(
        `the app role "${app}" (the user in DATABASE_URL) does not exist, and ${me.name} (MIGRATION_DATABASE_URL) is not a superuser that could create it: ` +
          `create it with CREATE ROLE ${app} LOGIN PASSWORD '…' (docs/operations.md, "Database roles")`,
      );
    }
    if (app !== null && (await isSuperuser(app))) app = null;
    return { migrateAs: owner === me.name ? null : owner, owner, app };
  }

  const owner = opts.ownerRole;
  await tolerant(client, `CREATE ROLE ${role(owner)} NOLOGIN`);
  if (app !== null) {
    if (!(await exists(app))) await tolerant(client, `CREATE ROLE ${role(app)} LOGIN`);
    if (await isSuperuser(app)) {
      app = null; // DATABASE_URL names a superuser: no split to set up (production refuses to run like that)
    } else if (opts.appPassword !== null) {
      // the password comes from DATABASE_URL (an env file), so the env file stays the one place it is kept
      const { rows } = await client.query<{ sql: string }>(`SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS sql`, [app, opts.appPassword]);
      await tolerant(client, rows[0].sql);
    }
  }
  await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role(owner)}`);
  // Postgres < 15 lets every role create in public; 15+ already does not
  await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await adoptObjects(client, owner);
  return { migrateAs: owner, owner, app };
}

/**
 * Objects in `public` created before the role split (by whoever ran migrations then) become the owner's. A table's
 * indexes and its own sequences follow it.
 */
async function adoptObjects(client: Client, owner: string): Promise<void> {
  await client.query(`
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND pg_get_userbyid(c.relowner) <> ${literal(owner)} LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
          CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name, ${literal(owner)});
      END LOOP;
      FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> ${literal(owner)}
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.name, ${literal(owner)});
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ${literal(owner)}
                  -- an extension's own functions (pg_trgm's) stay with the extension
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, ${literal(owner)});
      END LOOP;
    END $$`);
}

/** A role name (already checked by `role()`) as an SQL string literal. */
function literal(name: string): string {
  role(name);
  return `'${name}'`;
}

/**
 * After migrating, as the owner: the app role's rights on what exists now, and — by default privileges — on every
 * table and sequence the owner creates later. Idempotent; run on every migrate.
 */
export async function grantAppRole(ds: DataSource, setup: RoleSetup): Promise<void> {
  if (setup.app === null) return;
  const app = role(setup.app);
  const owner = role(setup.owner);
  await ds.transaction(async (m) => {
    await m.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await m.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    for (const t of APPEND_ONLY_TABLES) await m.query(`REVOKE UPDATE, DELETE ON "${t}" FROM ${app}`);
    await m.query(`REVOKE ALL ON "${MIGRATIONS_TABLE}" FROM ${app}`);
    await m.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
    await m.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  });
}
