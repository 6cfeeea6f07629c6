/** Where tests find Postgres and Redis: the machine's own, unless the environment says otherwise. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEMPLATE_ENV = 'GRIDOPS_TEST_TEMPLATE_DB';
/**
 * The role the api and worker connect as in tests, as in production: the append-only timeline is tested as the app
 * sees it. Its password (for a Postgres that wants one) is TEST_DB_APP_PASSWORD; this machine's trust auth needs none.
 */
export const TEST_APP_ROLE = 'gridops_app';

/** The superuser's URL of a database (TEST_DATABASE_URL's user): migrations, setup, inspection. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The app role's URL of a database: what the api and worker get as DATABASE_URL. */
export function appDatabaseUrl(name: string): string {
  const url = new URL(databaseUrl(name));
  url.username = TEST_APP_ROLE;
  url.password = process.env.TEST_DB_APP_PASSWORD ?? '';
  return url.toString();
}
