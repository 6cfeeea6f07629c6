import { Client } from 'pg';
// jest transforms globalSetup but does not apply moduleNameMapper to it, so '@gridops/server' would resolve to a
// possibly stale dist/; import the source directly
// eslint-disable-next-line @nx/enforce-module-boundaries
import { prepareDatabase } from '../../server/src';
import { TEMPLATE_ENV, TEST_PG_URL, appDatabaseUrl, databaseUrl } from './test-env';

/**
 * Once per run: a template database, prepared exactly as `npm start` prepares one — owner and app roles, migrations
 * as the owner, town + demo users, the app role's grants. Each suite then copies it with CREATE DATABASE … TEMPLATE,
 * which takes milliseconds, so suites never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  const name = `gridops_test_tpl_${process.pid}`;
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await dropStaleTestDatabases(admin);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await prepareDatabase(databaseUrl(name), { demo: true, appDatabaseUrl: appDatabaseUrl(name) });
  process.env[TEMPLATE_ENV] = name;
}

/** Databases left by a run that was killed; older than an hour so a parallel run is not touched (one being created or dropped by that run right now has no file yet: missing_ok). */
async function dropStaleTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'gridops_test_%'
       AND (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '1 hour'`,
  );
  for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
}
