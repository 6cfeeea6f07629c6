import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { DEMO_API_KEYS, type DemoApiKeySeed } from './seed-data/demo-api-keys';
import { ensureDatabase } from '../platform/database/ensure-database';
import { grantAppRole, prepareRoles } from '../platform/database/roles';
import { prepareExtensions } from '../platform/database/extensions';
import { seedDemo, type DemoLogin } from './seed/seed-demo';
import { seedTown } from './seed/seed-town';
import { seedDemoHistory, type DemoHistoryOptions, type DemoHistoryResult } from './seed/seed-demo-history';
import { KpiRollupsService } from '../stats/kpi-rollups.service';

/** Migrations after which the KPI rollups are recomputed from the cases. */
const REBUILDS_ROLLUPS: readonly string[] = ['KpiRollups1764800000000', 'KpiReturns1764900001100', 'KpiRollupLayout1764900001102', 'KpiUnitRollup1764900001211'];

export interface PrepareResult {
  created: boolean;
  migrations: string[];
  demoLogins: DemoLogin[];
  /** demo mode only: the fixed API keys seeded with the demo users, to print at start */
  demoApiKeys: DemoApiKeySeed[];
  /** the role the api and worker get their rights through, null when they connect as the migration user */
  appRole: string | null;
  /** demo mode on a fresh database: the month of history seeded (null when none was) */
  demoHistory: DemoHistoryResult | null;
}

export interface PrepareOptions {
  demo: boolean;
  /** the URL the api and worker will connect with (DATABASE_URL): its user becomes the app role, its password that role's */
  appDatabaseUrl?: string;
  /** DB_OWNER_ROLE */
  ownerRole?: string;
  /** demo mode: the past days to seed on a fresh database (DEMO_HISTORY_DAYS) and the live rates they stand for */
  demoHistory?: DemoHistoryOptions;
}

/**
 * What `npm start` does before serving, on the migration connection (a superuser or the owner): create the database
 * if missing, set up the owner and app roles and the extensions (extensions.ts), migrate and seed as the owner, grant the app role its rights (roles.ts).
 * Two of these on one database (two api containers starting) take turns.
 */
export async function prepareDatabase(migrationUrl: string, opts: PrepareOptions): Promise<PrepareResult> {
  const created = await ensureDatabase(migrationUrl);
  const app = opts.appDatabaseUrl ? new URL(opts.appDatabaseUrl) : null;
  const client = new Client({ connectionString: migrationUrl, application_name: 'gridops-migrate' });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('gridops:prepare-database'))`);
    const roles = await prepareRoles(client, {
      ownerRole: opts.ownerRole ?? 'gridops_owner',
      appRole: app ? decodeURIComponent(app.username) || null : null,
      appPassword: app?.password ? decodeURIComponent(app.password) : null,
    });
    await prepareExtensions(client);
    const ds = new DataSource(dataSourceOptions(migrationUrl, 2, { role: roles.migrateAs }));
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      await seedTown(ds);
      const demoLogins = opts.demo ? await seedDemo(ds) : [];
      // a fresh demo town gets its past month (it rebuilds the rollups itself); a town with cases is left alone
      const demoHistory = opts.demo && opts.demoHistory ? await seedDemoHistory(ds, opts.demoHistory) : null;
      // the KPI rollups start from the cases already there (an upgrade, or a new rollup column); afterwards the worker
      // keeps them current
      if (!demoHistory && ran.some((m) => REBUILDS_ROLLUPS.includes(m.name))) await new KpiRollupsService(ds).rebuild();
      await grantAppRole(ds, roles);
      return { created, migrations: ran.map((m) => m.name), demoLogins, demoApiKeys: opts.demo ? DEMO_API_KEYS : [], appRole: roles.app, demoHistory };
    } finally {
      await ds.destroy();
    }
  } finally {
    await client.end(); // ends the session, and its advisory lock with it
  }
}
